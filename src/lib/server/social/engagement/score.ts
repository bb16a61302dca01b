// Feed ranking: a time-decayed engagement score per post, recomputed in one statement.
//
//   score = (likes + 3 · comments + 0.1 · views) / (ageHours + 2) ^ 1.5
//
// Comments weigh most (they cost the most effort), views least (they are passive). The
// denominator is the Hacker News "gravity" decay: a post needs ever more interaction to stay
// up as it ages; the +2 keeps brand-new posts from dividing by ~0. Posts older than 30 days are
// left as they are (their scores are already ≈ 0 and rewriting them would be wasted I/O).
import type { Db } from '../../db/client.ts';

export const ENGAGEMENT_WEIGHTS = { like: 1, comment: 3, view: 0.1, gravity: 1.5, ageOffsetHours: 2 } as const;

export function engagementScore(p: { likes: number; comments: number; views: number; ageHours: number }): number {
	const w = ENGAGEMENT_WEIGHTS;
	const raw = w.like * p.likes + w.comment * p.comments + w.view * p.views;
	return raw / Math.pow(Math.max(0, p.ageHours) + w.ageOffsetHours, w.gravity);
}

export async function updateEngagementScores(db: Db): Promise<{ updated: number }> {
	const w = ENGAGEMENT_WEIGHTS;
	const { rowCount } = await db.pool.query(
		`UPDATE posts SET "engagementScore" =
		   ($1::float8 * "likeCount" + $2::float8 * "commentCount" + $3::float8 * "viewCount")
		   / power(extract(epoch FROM now() - "publishedAt")::float8 / 3600.0 + $5::float8, $4::float8)
		 WHERE "publishedAt" IS NOT NULL AND "publishedAt" > now() - interval '30 days'`,
		[w.like, w.comment, w.view, w.gravity, w.ageOffsetHours]
	);
	return { updated: rowCount ?? 0 };
}
