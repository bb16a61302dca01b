// What one cron tick does: rescue jobs of dead workers, enqueue due work, process a batch.
import type { Db } from '../db/client.ts';
import { enqueueScheduledBots, type EnqueueSummary } from '../scheduler.ts';
import { rescueExpiredJobs } from './claim.ts';
import { processJobs, type ProcessSummary } from './process.ts';
import { leaseFor, type JobRegistry } from './registry.ts';
import { JOB_TYPES } from '../../schemas/enums.ts';
import type { JobType } from './types.ts';

export function leasesOf(registry: JobRegistry): Record<JobType, number> {
	return Object.fromEntries(JOB_TYPES.map((t) => [t, leaseFor(registry, t)])) as Record<JobType, number>;
}

export interface CronSummary {
	success: true;
	enqueue: EnqueueSummary;
	worker: ProcessSummary;
	rescued: number;
}

export async function runCronTick(db: Db, registry: JobRegistry, options: { limit?: number } = {}): Promise<CronSummary> {
	const rescued = await rescueExpiredJobs(db.pool, leasesOf(registry));
	const enqueue = await enqueueScheduledBots(db);
	const worker = await processJobs(db, registry, { limit: options.limit ?? 10, workerId: undefined });
	return { success: true, enqueue, worker, rescued: rescued.length };
}
