// Work inside the app process: a queue worker and a scheduler tick, so that with `npm run dev` on
// the embedded database jobs flow with no external cron or worker. Off in production unless
// RUDO_IN_PROCESS_WORKER=1 (run `npm run worker` and a cron there instead).
import { getDb } from './db/client.ts';
import { env } from './env.ts';
import { defaultRegistry } from './jobs/index.ts';
import { startSchedulerTick } from './jobs/scheduler-tick.ts';
import { Worker } from './jobs/worker.ts';
import { queueSettings } from './jobs/settings.ts';
import { log, logLines } from './log.ts';
import { jobAttemptObserver } from './metrics/job-attempts.ts';
import { processMetrics } from './metrics/registry.ts';

interface Background {
	worker: Worker;
	stopTick: () => void;
}
// Vite re-evaluates server modules on change; one worker per process, not one per reload.
const KEY = Symbol.for('rudo.background');
const globalStore = globalThis as unknown as Record<symbol, Background | undefined>;

export function backgroundWorkEnabled(): boolean {
	const config = env();
	if (config.RUDO_IN_PROCESS_WORKER !== undefined) return config.RUDO_IN_PROCESS_WORKER;
	return config.NODE_ENV !== 'production' && process.env.RUDO_EMBEDDED_DB === '1';
}

export function startBackgroundWork(): void {
	if (globalStore[KEY] || !backgroundWorkEnabled()) return;
	const db = getDb();
	const workerLog = log.child({ component: 'in-process-worker' });
	// Small: it shares the process with the dashboard. Its attempts count in this process's
	// /metrics and log one line each, with the job id.
	const worker = new Worker({
		db,
		registry: defaultRegistry(),
		concurrency: 2,
		prefetch: 2,
		kind: 'in-process',
		...queueSettings(),
		log: logLines(workerLog),
		onAttempt: jobAttemptObserver(processMetrics(), workerLog)
	});
	const stopTick = startSchedulerTick(db, env().RUDO_SCHEDULER_INTERVAL_MS || 60_000, logLines(log.child({ component: 'scheduler' })));
	globalStore[KEY] = { worker, stopTick };
	worker.start().catch((error) => workerLog.error({ err: error }, 'in-process worker could not start'));
	workerLog.info('in-process worker and scheduler tick running (RUDO_IN_PROCESS_WORKER=0 turns them off)');
	// adapter-node emits this on SIGTERM/SIGINT after it stops accepting requests. (No signal
	// handlers of our own: they would replace Node's default exit on Ctrl-C under `vite dev`.
	// A job cut short there is rescued after its lease.)
	process.once('sveltekit:shutdown' as 'exit', () => {
		stopTick();
		void worker.stop({ timeoutMs: 10_000 });
	});
}
