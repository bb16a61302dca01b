// What one cron tick does: rescue jobs of dead workers, enqueue due work, process a batch.
import type { Db } from '../db/client.ts';
import { enqueueScheduledBots, type EnqueueSummary } from '../scheduler.ts';
import { rescueExpiredJobs } from './claim.ts';
import { processJobs, type ProcessSummary } from './process.ts';
import type { JobRegistry } from './registry.ts';

export interface CronSummary {
	success: true;
	enqueue: EnqueueSummary;
	worker: ProcessSummary;
	rescued: number;
}

/** Rescue expired leases, enqueue due bots, then process up to `limit` (default 10) jobs in this request. */
export async function runCronTick(db: Db, registry: JobRegistry, options: { limit?: number; leaseMs?: number } = {}): Promise<CronSummary> {
	const rescued = await rescueExpiredJobs(db.pool);
	const enqueue = await enqueueScheduledBots(db);
	const worker = await processJobs(db, registry, { limit: options.limit ?? 10, leaseMs: options.leaseMs });
	return { success: true, enqueue, worker, rescued: rescued.length };
}
