// Retention for consumer-app engagement events (POST /api/engagement): views and shares arrive by
// the thousand and only matter until they are counted (posts keep the counters) and until a retry
// of their batch can no longer arrive. Likes are kept: the one-like-per-viewer index needs them.
import type { Queryable } from '../../jobs/types.ts';
import { getSetting } from '../../ops/settings.ts';
import { MAX_CLOCK_SKEW_MS, MAX_EVENT_AGE_MS } from './events.ts';

/**
 * The youngest age (days) at which pruning is safe: an event may be accepted up to
 * MAX_EVENT_AGE_MS after it occurred (plus clock skew), and until then its id must be known so
 * that a resent batch is not counted twice.
 */
export const MIN_ENGAGEMENT_RETENTION_DAYS = Math.ceil((MAX_EVENT_AGE_MS + MAX_CLOCK_SKEW_MS) / 86_400_000);

export interface EngagementPruneResult {
	deleted: number;
	/** Everything old enough is gone (false: the batch budget ran out first). */
	done: boolean;
}

/**
 * Deletes view and share events received more than `olderThanDays` ago (default: the
 * `retention.engagementEventDays` setting; never less than MIN_ENGAGEMENT_RETENTION_DAYS), in
 * batches of `batchSize` (default 500) through the receivedAt index, at most `maxBatches` (20).
 * Post counters are not touched: they already counted the events.
 */
export async function pruneEngagementEvents(q: Queryable, options: { olderThanDays?: number; batchSize?: number; maxBatches?: number; now?: Date } = {}): Promise<EngagementPruneResult> {
	const days = Math.max(MIN_ENGAGEMENT_RETENTION_DAYS, options.olderThanDays ?? (await getSetting(q, 'retention.engagementEventDays')));
	const now = options.now ?? new Date();
	const before = new Date(now.getTime() - days * 86_400_000).toISOString().replace('Z', '');
	const batchSize = options.batchSize ?? 500;
	const maxBatches = options.maxBatches ?? 20;
	let deleted = 0;
	for (let i = 0; i < maxBatches; i++) {
		const { rowCount } = await q.query(
			`DELETE FROM engagement_events WHERE id IN (
			   SELECT id FROM engagement_events WHERE "receivedAt" < $1::timestamp(3) AND type IN ('view', 'share') ORDER BY "receivedAt" LIMIT $2)`,
			[before, batchSize]
		);
		deleted += rowCount ?? 0;
		if ((rowCount ?? 0) < batchSize) return { deleted, done: true };
	}
	return { deleted, done: false };
}
