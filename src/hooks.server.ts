import { randomUUID } from 'node:crypto';
import { isRedirect, json, redirect, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { createTRPCHandle } from 'trpc-sveltekit';
import { getDb } from '$lib/server/db/client';
import { pruneExpiredSessionsEvery, SESSION_COOKIE, validateSession } from '$lib/server/auth/session';
import { appRouter } from '$lib/server/trpc/root';
import { createContext } from '$lib/server/trpc/context';
import { internalErrorMessage } from '$lib/server/trpc/init';
import { env, runtimeMode } from '$lib/server/env';
import { startBackgroundWork } from '$lib/server/background';
import { applySecurityHeaders } from '$lib/server/http/security-headers';
import { trpcBatchProblem } from '$lib/server/http/trpc-batch';
import { log, withLogContext } from '$lib/server/log';
import { signInPath } from '$lib/sign-in-path';

const requestLog = log.child({ component: 'web' });

// Once at server start (not during the build): fail on bad configuration before the first
// request, and start the in-process worker where it is enabled.
export const init: ServerInit = async () => {
	env();
	startBackgroundWork();
};

// Probes and scrapes for orchestrators and Prometheus: no session, and /healthz must not touch
// the database at all (a database outage must not get every web server restarted).
const PROBE_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

// Every request gets an id: the server log and an internal error's message both carry it, so a
// user's "Reference: …" finds the stack in the log. Every line logged while the request is
// served carries it (withLogContext), and one line per request closes it. Security headers go
// on every answer.
const requestContext: Handle = async ({ event, resolve }) => {
	const requestId = randomUUID();
	event.locals.requestId = requestId;
	const started = performance.now();
	const problem = trpcBatchProblem(event.url.pathname);
	let response: Response;
	try {
		response = problem
			? json({ error: { message: problem, code: -32600, data: { code: 'BAD_REQUEST', httpStatus: 400 } } }, { status: 400 })
			: await withLogContext({ requestId }, () => resolve(event));
	} catch (error) {
		// The guard below redirects by throwing; answer it here so the redirect gets the headers too.
		if (!isRedirect(error)) throw error;
		response = new Response(null, { status: error.status, headers: { location: error.location } });
	}
	response.headers.set('x-request-id', requestId);
	// Probes and scrapes arrive every few seconds from every orchestrator: debug, not info.
	const line = { requestId, method: event.request.method, path: event.url.pathname, status: response.status, durationMs: Math.round(performance.now() - started) };
	if (PROBE_PATHS.has(event.url.pathname)) requestLog.debug(line, 'request');
	else requestLog.info(line, 'request');
	return applySecurityHeaders(response, { https: event.url.protocol === 'https:' });
};

const authenticate: Handle = async ({ event, resolve }) => {
	if (PROBE_PATHS.has(event.url.pathname)) {
		event.locals.user = null;
		return resolve(event);
	}
	const db = getDb();
	// Expired sessions go at most every SESSION_PRUNE_INTERVAL_MS (one indexed DELETE), so the
	// table stays small however rarely anyone signs in.
	await pruneExpiredSessionsEvery(db);
	const token = event.cookies.get(SESSION_COOKIE);
	event.locals.user = await validateSession(db, token);
	if (token && !event.locals.user) {
		// Expired, signed out in another tab or revoked: say so on the sign-in page, and stop
		// sending a cookie that can never work again.
		event.locals.sessionEnded = true;
		event.cookies.delete(SESSION_COOKIE, { path: '/' });
	}
	return resolve(event);
};

const trpc: Handle = createTRPCHandle({
	router: appRouter,
	createContext,
	onError: ({ error, path, ctx }) => {
		if (error.code === 'INTERNAL_SERVER_ERROR') requestLog.error({ err: error.cause ?? error, requestId: ctx?.requestId, procedure: path }, `tRPC ${path} failed`);
	}
});

// Dashboard pages and generated media need a session; /login, /api (own auth) and /trpc
// (procedure auth) do not. Media files have unguessable content-addressed names, but drafts and
// held posts are not public, so their files are not either. Without a session, the way to the
// sign-in page says why when one has just ended: the request carried a dead session cookie, or
// it is a client-side navigation (the data request of a page already open in this tab).
const PUBLIC_PREFIXES = ['/login', '/api/', '/trpc', '/favicon'];
const guard: Handle = async ({ event, resolve }) => {
	const path = event.url.pathname;
	if (!event.locals.user && !PROBE_PATHS.has(path) && !PUBLIC_PREFIXES.some((p) => path.startsWith(p))) {
		redirect(303, signInPath(path + event.url.search, event.locals.sessionEnded || event.isDataRequest));
	}
	return resolve(event);
};

export const handle = sequence(requestContext, authenticate, trpc, guard);

/**
 * Unexpected errors in loads, actions and routes: logged with the request id; the page shows a
 * short message with that id in production, the error's own message in development.
 */
export const handleError: HandleServerError = ({ error, event, status, message }) => {
	const requestId = event.locals.requestId;
	if (status !== 404) requestLog.error({ err: error, requestId, method: event.request.method, path: event.url.pathname, status }, `${event.request.method} ${event.url.pathname} failed`);
	if (status === 404) return { message, requestId };
	const detail = runtimeMode() === 'production' ? internalErrorMessage(requestId) : error instanceof Error ? error.message : message;
	return { message: detail, requestId };
};
