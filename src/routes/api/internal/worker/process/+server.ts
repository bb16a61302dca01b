import { json, type RequestHandler } from '@sveltejs/kit';
import { z } from 'zod';
import { checkCronAuth } from '$lib/server/cron-auth';
import { queueSettings } from '$lib/server/jobs/settings';
import { getDb } from '$lib/server/db/client';
import { processJobs, defaultRegistry } from '$lib/server/jobs';
import { log } from '$lib/server/log';
import { batchHooks } from '$lib/server/metrics/job-attempts';

const workerLog = log.child({ component: 'worker-route' });

const query = z.object({ limit: z.coerce.number().int().min(1).max(100).default(10) });

export const GET: RequestHandler = async ({ request, url }) => {
	const auth = checkCronAuth(request.headers.get('authorization'));
	if (!auth.ok) return json({ success: false, error: auth.error }, { status: auth.status, headers: auth.status === 401 ? { 'www-authenticate': 'Bearer' } : {} });
	const parsed = query.safeParse({ limit: url.searchParams.get('limit') ?? undefined });
	if (!parsed.success) return json({ success: false, error: 'limit must be an integer from 1 to 100' }, { status: 400 });
	try {
		// Attempts run here count in this web process's /metrics and log a line each.
		return json({ success: true, worker: await processJobs(getDb(), defaultRegistry(), { limit: parsed.data.limit, leaseMs: queueSettings().leaseMs, ...batchHooks('worker-route') }) });
	} catch (error) {
		workerLog.error({ err: error }, 'worker route failed');
		return json({ success: false, error: error instanceof Error ? error.message : 'Processing failed' }, { status: 500 });
	}
};
