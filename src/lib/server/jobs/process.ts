// processJobs: claim a batch, run it, record every outcome. What the cron route and the
// internal worker route call; the long-running worker (worker.ts) does the same continuously.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/client.ts';
import type { JobRegistry } from './registry.ts';
import { leaseFor } from './registry.ts';
import { claimJobs, failJob, heartbeat, succeedJob } from './claim.ts';
import { errorMessage } from './errors.ts';
import { runJob } from './run-job.ts';
import type { JobType } from './types.ts';

export interface ProcessSummary {
	processed: number;
	succeeded: number;
	failed: number;
	errors: { jobId: string; type: JobType; message: string }[];
}

export function newWorkerId(prefix = 'worker'): string {
	return `${prefix}:${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

export async function processJobs(
	db: Db,
	registry: JobRegistry,
	options: { limit?: number; workerId?: string; types?: JobType[] } = {}
): Promise<ProcessSummary> {
	const workerId = options.workerId ?? newWorkerId('batch');
	const jobs = await claimJobs(db.pool, workerId, options.limit ?? 10, options.types);
	const summary: ProcessSummary = { processed: jobs.length, succeeded: 0, failed: 0, errors: [] };
	if (jobs.length === 0) return summary;

	// Keep the leases fresh while the batch runs (AI jobs can take minutes).
	const shortestLease = Math.min(...jobs.map((j) => leaseFor(registry, j.type)));
	const running = new Set(jobs.map((j) => j.id));
	const beat = setInterval(() => {
		heartbeat(db.pool, workerId, [...running]).catch((e) => console.error('[jobs] heartbeat failed:', errorMessage(e)));
	}, Math.max(50, shortestLease / 3));
	const controller = new AbortController();

	try {
		await Promise.all(
			jobs.map(async (job) => {
				const outcome = await runJob(db, registry, job, controller.signal);
				running.delete(job.id);
				if (outcome.ok) {
					if (await succeedJob(db.pool, workerId, job.id)) summary.succeeded++;
					return;
				}
				await failJob(db.pool, job, outcome.error, { kind: outcome.kind, delayMs: outcome.delayMs });
				if (outcome.kind === 'snooze') return;
				summary.failed++;
				summary.errors.push({ jobId: job.id, type: job.type, message: errorMessage(outcome.error) });
			})
		);
	} finally {
		clearInterval(beat);
	}
	return summary;
}
