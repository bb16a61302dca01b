// processJobs: claim a batch, run it, record every outcome. What the cron route, the internal
// worker route and "Process a batch" call; the long-running worker (worker.ts) does the same
// continuously.
//
// One job's trouble never touches another's: handlers run side by side and each outcome is
// written on its own, retried while the database refuses (outcomes.ts); leases are renewed on a
// connection of the batch's own (opened only if the batch outlives a third of a lease), so a
// job is never rescued while this batch is still running it.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/client.ts';
import type { JobRegistry } from './registry.ts';
import { claimJobs, DEFAULT_LEASE_MS, heartbeat } from './claim.ts';
import { ControlConnection } from './control-connection.ts';
import { errorMessage, errorSummary } from './errors.ts';
import { OutcomeRecorder } from './outcomes.ts';
import { beatWorker, markWorkerStopped, registerWorker } from './worker-registry.ts';
import { attemptEvent, runJob, type JobAttemptEvent } from './run-job.ts';

export interface ProcessSummary {
	processed: number;
	succeeded: number;
	failed: number;
	errors: { jobId: string; type: string; message: string }[];
	/** Outcomes the database would not take before the deadline: rescued after their lease. */
	unrecorded?: number;
}

/** A unique worker id: "<prefix>:<host>:<pid>:<random>". */
export function newWorkerId(prefix = 'worker'): string {
	return `${prefix}:${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

export interface ProcessOptions {
	limit?: number;
	workerId?: string;
	/** Only these types (default: every type in the registry). */
	types?: string[];
	/** How long a claimed job stays ours without a renewal (JOB_LEASE_MS); renewed every lease/3. */
	leaseMs?: number;
	/** How long to keep retrying outcome writes once the handlers are done (default 10 s). */
	outcomeDeadlineMs?: number;
	/** Called when each attempt's handler returns (metrics, logs). Must not throw. */
	onAttempt?: (event: JobAttemptEvent) => void;
	/** Where the batch's own messages go (default: stderr). */
	log?: (message: string) => void;
}

/**
 * Claims up to `limit` (default 10) due jobs, runs them concurrently and records each outcome.
 * Resolves with a summary once every handler has finished and every outcome is written (or the
 * outcome deadline passed). Never rejects because of one job.
 */
export async function processJobs(db: Db, registry: JobRegistry, options: ProcessOptions = {}): Promise<ProcessSummary> {
	const workerId = options.workerId ?? newWorkerId('batch');
	const types = options.types ?? Object.keys(registry).filter((t) => registry[t]);
	const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
	const jobs = await claimJobs(db.pool, workerId, options.limit ?? 10, types, leaseMs);
	const summary: ProcessSummary = { processed: jobs.length, succeeded: 0, failed: 0, errors: [] };
	if (jobs.length === 0) return summary;

	const log = options.log ?? ((m: string) => console.error(`[jobs ${workerId}] ${m}`));
	// On the Workers page while it runs, holding what it claimed.
	await registerWorker(db.pool, { id: workerId, kind: 'batch', concurrency: jobs.length, types, leaseMs }).catch((e) => log(`could not register: ${errorMessage(e)}`));
	const recorder = new OutcomeRecorder({ q: db.pool, workerId, log });
	const held = new Set(jobs.map((j) => j.id));
	// Renewals on a connection of our own, opened lazily: most batches finish well within a lease.
	let control: ControlConnection | null = null;
	const beat = setInterval(() => {
		control ??= new ControlConnection({ url: db.url, channel: null, log, onConnected: () => void renew() });
		void control.start().then(renew);
	}, Math.max(50, leaseMs / 3));
	const renew = async () => {
		if (!control?.connected || held.size === 0) return;
		try {
			await heartbeat(control, workerId, [...held], leaseMs);
			await beatWorker(control, workerId);
		} catch (e) {
			log(`heartbeat failed: ${errorMessage(e)}`);
		}
	};
	const controller = new AbortController();

	try {
		// Handlers side by side; each outcome is handed to the recorder without waiting for the
		// write, so a database that refuses writes cannot hold the batch beyond the deadline below.
		await Promise.all(
			jobs.map(async (job) => {
				const started = performance.now();
				const outcome = await runJob(db, registry, job, controller.signal);
				options.onAttempt?.(attemptEvent(job, outcome, performance.now() - started));
				const written = outcome.ok
					? recorder.record(job, { kind: 'success' }).then((ok) => void (ok && summary.succeeded++))
					: recorder.record(job, { kind: 'failure', error: outcome.error, failure: outcome.kind, delayMs: outcome.delayMs });
				if (!outcome.ok && outcome.kind !== 'snooze') {
					summary.failed++;
					summary.errors.push({ jobId: job.id, type: job.type, message: errorSummary(outcome.error) });
				}
				void written.finally(() => held.delete(job.id));
			})
		);
	} finally {
		const left = await recorder.drain(options.outcomeDeadlineMs ?? 10_000);
		if (left > 0) {
			summary.unrecorded = left;
			log(`${left} outcome(s) could not be written in time; those jobs are rescued after their lease`);
		}
		recorder.stop();
		clearInterval(beat);
		await (control as ControlConnection | null)?.stop();
		await markWorkerStopped(db.pool, workerId).catch(() => {});
	}
	return summary;
}
