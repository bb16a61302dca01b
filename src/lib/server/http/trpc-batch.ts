// A cap on tRPC batches. One HTTP request to /trpc/a,b,c?batch=1 runs every listed call; without
// a cap, one request could try dozens of passwords or fan out into dozens of database queries.

/** Calls one batched request may carry. The dashboard's pages batch at most a handful. */
export const MAX_TRPC_BATCH = 10;
/** Calls of these procedures in one batch: at most one (a batch must not multiply sign-in attempts). */
const ONCE_PER_BATCH = new Set(['auth.login', 'auth.changePassword']);

/** Why a /trpc request's batch is refused, or null when it is fine. `pathname` starts with the prefix. */
export function trpcBatchProblem(pathname: string, prefix = '/trpc'): string | null {
	if (!pathname.startsWith(`${prefix}/`)) return null;
	let paths: string[];
	try {
		paths = decodeURIComponent(pathname.slice(prefix.length + 1)).split(',');
	} catch {
		return 'Malformed procedure path.';
	}
	if (paths.length > MAX_TRPC_BATCH) return `A batch may hold at most ${MAX_TRPC_BATCH} calls; this one has ${paths.length}.`;
	for (const name of ONCE_PER_BATCH) {
		if (paths.filter((p) => p === name).length > 1) return `${name} may appear only once in a batch.`;
	}
	return null;
}
