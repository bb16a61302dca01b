// The queue's housekeeping, run with every scheduler tick (inside workers and the in-process
// worker) and every cron tick, so it needs no process of its own: roll outcomes up, prune old
// finished jobs (only those already rolled up), forget workers and cron runs long gone.
import type { Db } from '../db/client.ts';
import { rollupJobStats, type RollupResult } from './rollup.ts';
import { pruneFinishedJobs, type PruneResult } from './retention.ts';
import { pruneCronRuns } from './cron-runs.ts';

export interface MaintenanceResult {
	rollup: RollupResult;
	prune: PruneResult;
}

/** One round of housekeeping. Safe to run from several processes at once. */
export async function runMaintenance(db: Db, now = new Date()): Promise<MaintenanceResult> {
	const rollup = await rollupJobStats(db.pool, now);
	// Small batches, a bounded number per round: the rest waits for the next round.
	const prune = await pruneFinishedJobs(db.pool, { batchSize: 500, maxBatches: 20, now });
	await pruneCronRuns(db.pool);
	await db.pool.query(`DELETE FROM queue_workers WHERE "lastHeartbeatAt" < now() - interval '1 day'`);
	return { rollup, prune };
}
