// Feed ranking: a time-decayed engagement score per post, recomputed in one statement from the
// post's real counters (likes from users, bots and the consumer app, approved comments, views and
// shares reported by the consumer app: see likes.ts and events.ts, which keep them exact).
//
//   score = (likes + 3 · comments + 2 · shares + 0.1 · views) / (ageHours + 2) ^ 1.5
//
// Comments weigh most (they cost the most effort), shares next (they carry a post to new readers),
// then likes, views least (they are passive). The denominator is the Hacker News "gravity" decay:
// a post needs ever more interaction to stay up as it ages; the +2 keeps brand-new posts from
// dividing by ~0. Posts older than 30 days are left as they are (their scores are already ≈ 0 and
// rewriting them would be wasted I/O).
import type { Db } from '../../db/client.ts';

export const ENGAGEMENT_WEIGHTS = { like: 1, comment: 3, share: 2, view: 0.1, gravity: 1.5, ageOffsetHours: 2 } as const;

export interface EngagementCounts {
	likes: number;
	comments: number;
	views: number;
	/** Absent in older callers: no shares. */
	shares?: number;
}

/** The weighted interaction total before time decay (the score's numerator). */
export function rawEngagement(p: EngagementCounts): number {
	const w = ENGAGEMENT_WEIGHTS;
	return w.like * p.likes + w.comment * p.comments + w.share * (p.shares ?? 0) + w.view * p.views;
}

/** The documented score of one post `ageHours` after it was published. */
export function engagementScore(p: EngagementCounts & { ageHours: number }): number {
	const w = ENGAGEMENT_WEIGHTS;
	return rawEngagement(p) / Math.pow(Math.max(0, p.ageHours) + w.ageOffsetHours, w.gravity);
}

/** Recomputes engagementScore of every post published in the last 30 days. Returns how many. */
export async function updateEngagementScores(db: Db): Promise<{ updated: number }> {
	const w = ENGAGEMENT_WEIGHTS;
	const { rowCount } = await db.pool.query(
		`UPDATE posts SET "engagementScore" =
		   ($1::float8 * "likeCount" + $2::float8 * "commentCount" + $6::float8 * "shareCount" + $3::float8 * "viewCount")
		   / power(greatest(0, extract(epoch FROM now() - "publishedAt")::float8 / 3600.0) + $5::float8, $4::float8)
		 WHERE "publishedAt" IS NOT NULL AND "publishedAt" > now() - interval '30 days'`,
		[w.like, w.comment, w.view, w.gravity, w.ageOffsetHours, w.share]
	);
	return { updated: rowCount ?? 0 };
}
