// Retention: finished jobs (SUCCEEDED, FAILED, CANCELLED) older than the configured age are
// deleted in small batches, off the hot path (the maintenance tick, or an admin's "Prune now").
// Only jobs the rollup has already counted go, so queue health keeps its history.
import type { Queryable } from '../jobs/types.ts';
import { getSetting } from './settings.ts';
import { rollupWatermark } from './rollup.ts';

export interface PruneResult {
	deleted: number;
	/** Everything old enough is gone (false: the time or batch budget ran out first). */
	done: boolean;
	/** The cut-off used: finished before this. */
	before: Date;
}

/**
 * Deletes finished jobs that finished more than `olderThanDays` ago (default: the
 * `retention.days` setting) and before the rollup watermark, `batchSize` rows per statement
 * (default 500, through the partial finishedAt index), until none is left or `maxBatches` ran.
 */
export async function pruneFinishedJobs(
	q: Queryable,
	options: { olderThanDays?: number; batchSize?: number; maxBatches?: number; now?: Date } = {}
): Promise<PruneResult> {
	const days = options.olderThanDays ?? (await getSetting(q, 'retention.days'));
	if (!(days >= 0)) throw new RangeError('olderThanDays must be ≥ 0');
	const now = options.now ?? new Date();
	const watermark = await rollupWatermark(q);
	const byAge = new Date(now.getTime() - days * 86_400_000);
	// Not yet rolled up: kept until it is.
	const before = watermark && watermark < byAge ? watermark : watermark ? byAge : new Date(Math.min(byAge.getTime(), now.getTime() - 48 * 3_600_000));
	const batchSize = options.batchSize ?? 500;
	const maxBatches = options.maxBatches ?? 200;
	let deleted = 0;
	for (let i = 0; i < maxBatches; i++) {
		const { rowCount } = await q.query(
			`DELETE FROM jobs WHERE id IN (
			   SELECT id FROM jobs WHERE "finishedAt" < $1::timestamp(3) AND status IN ('SUCCEEDED', 'FAILED', 'CANCELLED')
			    ORDER BY "finishedAt" LIMIT $2)`,
			[before.toISOString().replace('Z', ''), batchSize]
		);
		deleted += rowCount ?? 0;
		if ((rowCount ?? 0) < batchSize) return { deleted, done: true, before };
	}
	return { deleted, done: false, before };
}
