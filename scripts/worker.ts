// `npm run worker`: the long-running queue worker (several can share one database).
//   WORKER_CONCURRENCY (10) handlers at once · WORKER_PREFETCH jobs held · WORKER_POLL_MS (1000)
//   PG_POOL_MAX (10) pooled connections, plus one of its own for LISTEN and lease renewals
//   JOB_LEASE_MS (30000) lease, renewed every third · JOB_RESCUE_INTERVAL_MS (15000)
//   RUDO_SCHEDULER_INTERVAL_MS (60000; 0 = off): also run the scheduler tick, so no external
//   cron is needed. RUDO_JOB_MODULES: extra job types (see src/lib/server/jobs/modules.ts).
//   SIGTERM/SIGINT: stop claiming, hand back what has not started, let running jobs finish
//   (WORKER_SHUTDOWN_TIMEOUT_MS; past it they are aborted and handed back unspent), exit 0.
//   WORKER_METRICS_PORT: serve GET /metrics (this worker's counters, METRICS_TOKEN), /healthz
//   and /readyz there (WORKER_METRICS_HOST, default 0.0.0.0). Logs: JSON lines (log.ts), every
//   line of a job with its jobId.
import { createDb } from '../src/lib/server/db/client.ts';
import { env } from '../src/lib/server/env.ts';
import { defaultRegistry } from '../src/lib/server/jobs/index.ts';
import { loadJobModules } from '../src/lib/server/jobs/modules.ts';
import { startSchedulerTick } from '../src/lib/server/jobs/scheduler-tick.ts';
import { queueSettings } from '../src/lib/server/jobs/settings.ts';
import { Worker } from '../src/lib/server/jobs/worker.ts';
import { newWorkerId } from '../src/lib/server/jobs/process.ts';
import { log as rootLog, logLines } from '../src/lib/server/log.ts';
import { jobAttemptObserver } from '../src/lib/server/metrics/job-attempts.ts';
import { processMetrics } from '../src/lib/server/metrics/registry.ts';
import { serveMetrics, type MetricsServer } from '../src/lib/server/metrics/serve.ts';

let log = rootLog.child({ component: 'worker' });
let config;
try {
	config = env();
} catch (error) {
	log.fatal((error as Error).message);
	process.exit(2);
}
if (!config.DATABASE_URL) {
	log.fatal(
		'DATABASE_URL is not set. Point it at the database the app uses (with `npm run dev` on the embedded database, the app already runs an in-process worker).'
	);
	process.exit(2);
}
let registry;
try {
	registry = await loadJobModules((config.RUDO_JOB_MODULES ?? '').split(','), defaultRegistry());
} catch (error) {
	log.fatal((error as Error).message);
	process.exit(2);
}
// The pool size is honoured whatever the concurrency: handlers beyond it wait for a connection,
// while leases are renewed on the worker's own connection and never wait behind them.
const workerId = newWorkerId();
log = log.child({ worker: workerId });
const db = createDb(config.DATABASE_URL, { max: config.PG_POOL_MAX, applicationName: `rudo-worker-pool ${workerId}` });
const settings = queueSettings();
const metrics = processMetrics();
const worker = new Worker({
	workerId,
	db,
	registry,
	concurrency: config.WORKER_CONCURRENCY,
	prefetch: config.WORKER_PREFETCH,
	pollIntervalMs: config.WORKER_POLL_MS,
	leaseMs: settings.leaseMs,
	rescueIntervalMs: settings.rescueIntervalMs,
	log: logLines(log),
	onAttempt: jobAttemptObserver(metrics, log)
});

let stopping = false;
let metricsServer: MetricsServer | null = null;
async function shutdown(signal: string) {
	if (stopping) return;
	stopping = true;
	log.info(`${signal}: no new jobs; finishing the ones running…`);
	stopTick();
	await worker.stop({ timeoutMs: config!.WORKER_SHUTDOWN_TIMEOUT_MS });
	await metricsServer?.close();
	await db.close();
	log.info({ ...worker.stats }, `stopped (${worker.stats.succeeded} succeeded, ${worker.stats.failed} failed, ${worker.stats.released} handed back)`);
	process.exit(0);
}
// Registered before anything slow, so a signal during start-up is not lost.
let stopTick: () => void = () => {};
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

if (config.WORKER_METRICS_PORT !== undefined) {
	try {
		metricsServer = await serveMetrics({ port: config.WORKER_METRICS_PORT, host: config.WORKER_METRICS_HOST, metrics, db, onError: (error) => log.error({ err: error }, 'metrics endpoint failed') });
		log.info({ port: metricsServer.port }, `metrics on http://${config.WORKER_METRICS_HOST}:${metricsServer.port}/metrics (and /healthz, /readyz)`);
	} catch (error) {
		log.fatal({ err: error }, `cannot serve metrics on port ${config.WORKER_METRICS_PORT}: ${(error as Error).message}`);
		await db.close();
		process.exit(2);
	}
}

await worker.start();
if (!stopping) {
	stopTick = config.RUDO_SCHEDULER_INTERVAL_MS > 0 ? startSchedulerTick(db, config.RUDO_SCHEDULER_INTERVAL_MS, logLines(rootLog.child({ component: 'scheduler', worker: workerId }))) : () => {};
	log.info(
		{ concurrency: config.WORKER_CONCURRENCY, pool: config.PG_POOL_MAX, leaseMs: settings.leaseMs, types: worker.types },
		`${worker.id} started (concurrency ${config.WORKER_CONCURRENCY}, pool ${config.PG_POOL_MAX} + 1, lease ${settings.leaseMs} ms, types ${worker.types.join(', ')}); waiting for jobs`
	);
}
