import { redirect, type Handle, type ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { createTRPCHandle } from 'trpc-sveltekit';
import { getDb } from '$lib/server/db/client';
import { SESSION_COOKIE, validateSession } from '$lib/server/auth/session';
import { appRouter } from '$lib/server/trpc/root';
import { createContext } from '$lib/server/trpc/context';
import { env } from '$lib/server/env';
import { startBackgroundWork } from '$lib/server/background';

// Once at server start (not during the build): fail on bad configuration before the first
// request, and start the in-process worker where it is enabled.
export const init: ServerInit = async () => {
	env();
	startBackgroundWork();
};

const authenticate: Handle = async ({ event, resolve }) => {
	event.locals.user = await validateSession(getDb(), event.cookies.get(SESSION_COOKIE));
	return resolve(event);
};

const trpc: Handle = createTRPCHandle({
	router: appRouter,
	createContext,
	onError: ({ error, path }) => {
		if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`[trpc] ${path}:`, error.cause ?? error);
	}
});

// Dashboard pages and generated media need a session; /login, /api (own auth) and /trpc
// (procedure auth) do not. Media files have unguessable content-addressed names, but drafts and
// held posts are not public, so their files are not either.
const PUBLIC_PREFIXES = ['/login', '/api/', '/trpc', '/favicon'];
const guard: Handle = async ({ event, resolve }) => {
	const path = event.url.pathname;
	if (!event.locals.user && !PUBLIC_PREFIXES.some((p) => path.startsWith(p))) {
		const next = path === '/' ? '' : `?next=${encodeURIComponent(path + event.url.search)}`;
		redirect(303, `/login${next}`);
	}
	return resolve(event);
};

export const handle = sequence(authenticate, trpc, guard);
