// `npm run worker`: the long-running queue worker (several can share one database).
//   WORKER_CONCURRENCY (10) handlers at once · WORKER_PREFETCH jobs held · WORKER_POLL_MS (1000)
//   PG_POOL_MAX (10) pooled connections, plus one of its own for LISTEN and lease renewals
//   JOB_LEASE_MS (30000) lease, renewed every third · JOB_RESCUE_INTERVAL_MS (15000)
//   RUDO_SCHEDULER_INTERVAL_MS (60000; 0 = off): also run the scheduler tick, so no external
//   cron is needed. RUDO_JOB_MODULES: extra job types (see src/lib/server/jobs/modules.ts).
//   SIGTERM/SIGINT: stop claiming, hand back what has not started, let running jobs finish
//   (WORKER_SHUTDOWN_TIMEOUT_MS; past it they are aborted and handed back unspent), exit 0.
import { createDb } from '../src/lib/server/db/client.ts';
import { env } from '../src/lib/server/env.ts';
import { defaultRegistry } from '../src/lib/server/jobs/index.ts';
import { loadJobModules } from '../src/lib/server/jobs/modules.ts';
import { startSchedulerTick } from '../src/lib/server/jobs/scheduler-tick.ts';
import { queueSettings } from '../src/lib/server/jobs/settings.ts';
import { Worker } from '../src/lib/server/jobs/worker.ts';
import { newWorkerId } from '../src/lib/server/jobs/process.ts';

const config = env();
if (!config.DATABASE_URL) {
	console.error(
		'[worker] DATABASE_URL is not set. Point it at the database the app uses (with `npm run dev` on the embedded database, the app already runs an in-process worker).'
	);
	process.exit(2);
}
let registry;
try {
	registry = await loadJobModules((config.RUDO_JOB_MODULES ?? '').split(','), defaultRegistry());
} catch (error) {
	console.error(`[worker] ${(error as Error).message}`);
	process.exit(2);
}
// The pool size is honoured whatever the concurrency: handlers beyond it wait for a connection,
// while leases are renewed on the worker's own connection and never wait behind them.
const workerId = newWorkerId();
const db = createDb(config.DATABASE_URL, { max: config.PG_POOL_MAX, applicationName: `rudo-worker-pool ${workerId}` });
const settings = queueSettings();
const worker = new Worker({
	workerId,
	db,
	registry,
	concurrency: config.WORKER_CONCURRENCY,
	prefetch: config.WORKER_PREFETCH,
	pollIntervalMs: config.WORKER_POLL_MS,
	leaseMs: settings.leaseMs,
	rescueIntervalMs: settings.rescueIntervalMs
});

let stopping = false;
async function shutdown(signal: string) {
	if (stopping) return;
	stopping = true;
	console.log(`[worker] ${signal}: no new jobs; finishing the ones running…`);
	stopTick();
	await worker.stop({ timeoutMs: config.WORKER_SHUTDOWN_TIMEOUT_MS });
	await db.close();
	console.log(`[worker] stopped (${worker.stats.succeeded} succeeded, ${worker.stats.failed} failed, ${worker.stats.released} handed back)`);
	process.exit(0);
}
// Registered before anything slow, so a signal during start-up is not lost.
let stopTick: () => void = () => {};
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

await worker.start();
if (!stopping) {
	stopTick = config.RUDO_SCHEDULER_INTERVAL_MS > 0 ? startSchedulerTick(db, config.RUDO_SCHEDULER_INTERVAL_MS) : () => {};
	console.log(
		`[worker] ${worker.id} started (concurrency ${config.WORKER_CONCURRENCY}, pool ${config.PG_POOL_MAX} + 1, lease ${settings.leaseMs} ms, types ${worker.types.join(', ')}); waiting for jobs`
	);
}
