// Browser (and universal load) tRPC client. Imports only the router's *type*.
import type { AppRouter } from '$lib/server/trpc/root';
import { createTRPCClient, type TRPCClientInit } from 'trpc-sveltekit';
import { httpBatchLink, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import superjson from 'superjson';
import { isUnauthorized, session } from '$lib/client/session.svelte';

let browserClient: ReturnType<typeof createTRPCClient<AppRouter>> | undefined;

// Every call's error passes here first: UNAUTHORIZED means the session is over, whichever page
// or poll made the call (the shell then shows one "sign in again" banner).
const sessionLink: TRPCLink<AppRouter> = () => ({ next, op }) =>
	observable((observer) =>
		next(op).subscribe({
			next: (value) => observer.next(value),
			error: (error) => {
				// (auth.login answers UNAUTHORIZED for a wrong password: that ends nothing.)
				if (isUnauthorized(error) && op.path !== 'auth.login') session.end();
				observer.error(error);
			},
			complete: () => observer.complete()
		})
	);

export function trpc(init?: TRPCClientInit) {
	const isBrowser = typeof window !== 'undefined';
	if (isBrowser && browserClient) return browserClient;
	// In the browser the page's origin is implied, so the client is built from links (one place
	// that sees every error); a universal load on the server needs its event's fetch and origin.
	const client = isBrowser
		? createTRPCClient<AppRouter>({ links: [sessionLink, httpBatchLink({ url: '/trpc' })], transformer: superjson })
		: createTRPCClient<AppRouter>({ init, transformer: superjson });
	if (isBrowser) browserClient = client;
	return client;
}
