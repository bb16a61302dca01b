// Browser (and universal load) tRPC client. Imports only the router's *type*.
import type { AppRouter } from '$lib/server/trpc/root';
import { createTRPCClient, type TRPCClientInit } from 'trpc-sveltekit';
import superjson from 'superjson';

let browserClient: ReturnType<typeof createTRPCClient<AppRouter>> | undefined;

export function trpc(init?: TRPCClientInit) {
	const isBrowser = typeof window !== 'undefined';
	if (isBrowser && browserClient) return browserClient;
	const client = createTRPCClient<AppRouter>({ init, transformer: superjson });
	if (isBrowser) browserClient = client;
	return client;
}
