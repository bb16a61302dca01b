// `npm run worker`: the long-running queue worker (several can share one database).
//   WORKER_CONCURRENCY (10) handlers at once · WORKER_PREFETCH jobs held · WORKER_POLL_MS (1000)
//   RUDO_SCHEDULER_INTERVAL_MS (60000; 0 = off): also run the scheduler tick, so no external
//   cron is needed. SIGTERM/SIGINT: stop claiming, finish running jobs, exit 0.
import { createDb } from '../src/lib/server/db/client.ts';
import { env } from '../src/lib/server/env.ts';
import { defaultRegistry } from '../src/lib/server/jobs/index.ts';
import { startSchedulerTick } from '../src/lib/server/jobs/scheduler-tick.ts';
import { Worker } from '../src/lib/server/jobs/worker.ts';

const config = env();
if (!config.DATABASE_URL) {
	console.error(
		'[worker] DATABASE_URL is not set. Point it at the database the app uses (with `npm run dev` on the embedded database, the app already runs an in-process worker).'
	);
	process.exit(2);
}
const db = createDb(config.DATABASE_URL, { max: config.WORKER_CONCURRENCY + 3 });
const worker = new Worker({
	db,
	registry: defaultRegistry(),
	concurrency: config.WORKER_CONCURRENCY,
	prefetch: config.WORKER_PREFETCH,
	pollIntervalMs: config.WORKER_POLL_MS
});
await worker.start();
const stopTick = config.RUDO_SCHEDULER_INTERVAL_MS > 0 ? startSchedulerTick(db, config.RUDO_SCHEDULER_INTERVAL_MS) : () => {};
console.log(`[worker] ${worker.id} started (concurrency ${config.WORKER_CONCURRENCY}); waiting for jobs`);

let stopping = false;
async function shutdown(signal: string) {
	if (stopping) return;
	stopping = true;
	console.log(`[worker] ${signal}: no new jobs; finishing the ones running…`);
	stopTick();
	await worker.stop({ timeoutMs: config.WORKER_SHUTDOWN_TIMEOUT_MS });
	await db.close();
	console.log(`[worker] stopped (${worker.stats.succeeded} succeeded, ${worker.stats.failed} failed)`);
	process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
