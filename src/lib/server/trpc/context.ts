import type { Cookies } from '@sveltejs/kit';
import type { Db } from '../db/client.ts';
import { getDb } from '../db/client.ts';
import type { SessionUser } from '../auth/session.ts';

/** What every procedure sees. `cookies` is null for calls made outside an HTTP request. */
export interface Context {
	db: Db;
	user: SessionUser | null;
	cookies: Cookies | null;
	secureCookies: boolean;
	/** The id the server log and an internal error's message share (hooks.server.ts sets it). */
	requestId?: string;
	/** The caller's IP address (sign-in throttling); absent outside an HTTP request. */
	clientAddress?: string | null;
}

type ContextEvent = { locals: App.Locals; cookies: Cookies; url: URL; getClientAddress?: () => string };

export function createContext(event: ContextEvent): Context {
	return {
		db: getDb(),
		user: event.locals.user,
		cookies: event.cookies,
		secureCookies: event.url.protocol === 'https:',
		requestId: event.locals.requestId,
		clientAddress: clientAddressOf(event)
	};
}

function clientAddressOf(event: ContextEvent): string | null {
	try {
		return event.getClientAddress?.() ?? null;
	} catch {
		// adapter-node throws when ADDRESS_HEADER names a header the request lacks.
		return null;
	}
}
