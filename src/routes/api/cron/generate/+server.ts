import { json, type RequestHandler } from '@sveltejs/kit';
import { checkCronAuth } from '$lib/server/cron-auth';
import { queueSettings } from '$lib/server/jobs/settings';
import { getDb } from '$lib/server/db/client';
import { runCronTick } from '$lib/server/jobs/cron';
import { defaultRegistry } from '$lib/server/jobs';
import { log } from '$lib/server/log';
import { batchHooks } from '$lib/server/metrics/job-attempts';

// GET for schedulers that can only GET (Vercel Cron), POST for everything else.
const handler: RequestHandler = async ({ request }) => {
	const auth = checkCronAuth(request.headers.get('authorization'));
	if (!auth.ok) return json({ success: false, error: auth.error }, { status: auth.status, headers: auth.status === 401 ? { 'www-authenticate': 'Bearer' } : {} });
	try {
		return json(await runCronTick(getDb(), defaultRegistry(), { leaseMs: queueSettings().leaseMs, ...batchHooks('cron') }));
	} catch (error) {
		log.error({ component: 'cron', err: error }, 'cron tick failed');
		return json({ success: false, error: error instanceof Error ? error.message : 'Cron tick failed' }, { status: 500 });
	}
};

export const GET = handler;
export const POST = handler;
