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
}

export function createContext(event: { locals: App.Locals; cookies: Cookies; url: URL }): Context {
	return { db: getDb(), user: event.locals.user, cookies: event.cookies, secureCookies: event.url.protocol === 'https:' };
}
