// Server loads of the queue pages: admins only (others get the 403 page, not a tRPC error), and
// the router's errors turned into the matching HTTP error pages.
import { error, type RequestEvent } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { callerFor } from '$lib/server/trpc/caller';

export function adminCaller(event: Pick<RequestEvent, 'locals' | 'cookies' | 'url'>) {
	if (event.locals.user?.role !== 'ADMIN') error(403, { message: 'Only admins can see the queue.' });
	return callerFor(event);
}

/**
 * Run a load's tRPC calls; a TRPCError becomes its HTTP status (NOT_FOUND → 404 …). With
 * `notFound`, bad input means "no such thing" (a malformed id in the URL): 404 with that message.
 */
export async function orHttpError<T>(work: Promise<T>, options: { notFound?: string } = {}): Promise<T> {
	try {
		return await work;
	} catch (e) {
		if (!(e instanceof TRPCError) || e.code === 'INTERNAL_SERVER_ERROR') throw e;
		if (options.notFound && (e.code === 'BAD_REQUEST' || e.code === 'NOT_FOUND')) error(404, { message: options.notFound, code: 'NOT_FOUND' });
		error(getHTTPStatusCodeFromError(e), { message: e.message, code: e.code });
	}
}
