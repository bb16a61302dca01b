// What one cron tick does: rescue jobs of dead workers, enqueue due work, process a batch.
import type { Db } from '../db/client.ts';
import { enqueueScheduledBots, type EnqueueSummary } from '../scheduler.ts';
import { rescueExpiredJobs } from './claim.ts';
import { processJobs, type ProcessOptions, type ProcessSummary } from './process.ts';
import { errorMessage } from './errors.ts';
import type { JobRegistry } from './registry.ts';
import { recordCronRun, type CronSource } from '../ops/cron-runs.ts';
import { runMaintenance, type MaintenanceResult } from '../ops/maintenance.ts';

export interface CronSummary {
	success: true;
	enqueue: EnqueueSummary;
	worker: ProcessSummary;
	rescued: number;
	maintenance?: MaintenanceResult;
}

/**
 * Rescue expired leases, enqueue due bots, process up to `limit` (default 10) jobs in this
 * request, then the housekeeping (rollup, retention). Recorded in cron_runs as `source`.
 */
export async function runCronTick(
	db: Db,
	registry: JobRegistry,
	options: { limit?: number; leaseMs?: number; source?: CronSource } & Pick<ProcessOptions, 'onAttempt' | 'log'> = {}
): Promise<CronSummary> {
	const log = options.log ?? ((m: string) => console.error(`[cron] ${m}`));
	return recordCronRun(db.pool, options.source ?? 'cron-route', async () => {
		const rescued = await rescueExpiredJobs(db.pool);
		const enqueue = await enqueueScheduledBots(db);
		const worker = await processJobs(db, registry, { limit: options.limit ?? 10, leaseMs: options.leaseMs, onAttempt: options.onAttempt, log: options.log });
		const maintenance = await runMaintenance(db).catch((error) => {
			log(`maintenance failed: ${errorMessage(error)}`);
			return undefined;
		});
		return { success: true as const, enqueue, worker, rescued: rescued.length, maintenance };
	});
}
