// The queue's housekeeping, run with every scheduler tick (inside workers and the in-process
// worker) and every cron tick, so it needs no process of its own: roll outcomes up, prune old
// finished jobs (only those already rolled up), forget workers and cron runs long gone, and prune
// the agent loop's history (cycles, memories) and old consumer-app views and shares.
import type { Db } from '../db/client.ts';
import { rollupJobStats, type RollupResult } from './rollup.ts';
import { pruneFinishedJobs, type PruneResult } from './retention.ts';
import { pruneCronRuns } from './cron-runs.ts';
import { pruneAgentHistory, type AgentPruneResult } from '../agent/retention.ts';
import { pruneEngagementEvents, type EngagementPruneResult } from '../social/engagement/retention.ts';

export interface MaintenanceResult {
	rollup: RollupResult;
	prune: PruneResult;
	/** Present in the rounds that pruned history (see HISTORY_PRUNE_INTERVAL_MS). */
	history?: { agent: AgentPruneResult; engagement: EngagementPruneResult };
}

/**
 * Agent cycles, memories and engagement events are pruned at most this often per process: their
 * age columns are not indexed on their own (or the scan is wide), so a round that finds nothing
 * reads the table. A round that left work behind lets the next one continue at once.
 */
export const HISTORY_PRUNE_INTERVAL_MS = 10 * 60_000;
let nextHistoryPruneAt = 0;

/** One round of housekeeping. Safe to run from several processes at once. */
export async function runMaintenance(db: Db, now = new Date()): Promise<MaintenanceResult> {
	const rollup = await rollupJobStats(db.pool, now);
	// Small batches, a bounded number per round: the rest waits for the next round.
	const prune = await pruneFinishedJobs(db.pool, { batchSize: 500, maxBatches: 20, now });
	await pruneCronRuns(db.pool);
	await db.pool.query(`DELETE FROM queue_workers WHERE "lastHeartbeatAt" < now() - interval '1 day'`);
	let history: MaintenanceResult['history'];
	if (now.getTime() >= nextHistoryPruneAt) {
		const agent = await pruneAgentHistory(db.pool, { batchSize: 500, maxBatches: 10, now });
		const engagement = await pruneEngagementEvents(db.pool, { batchSize: 500, maxBatches: 10, now });
		history = { agent, engagement };
		nextHistoryPruneAt = agent.done && engagement.done ? now.getTime() + HISTORY_PRUNE_INTERVAL_MS : 0;
	}
	return { rollup, prune, ...(history ? { history } : {}) };
}
