// Trending tags: tags of the last 48 hours' published posts, weighted by those posts'
// engagement scores, stored in `trends` so tag generation can read them cheaply.
import type { Db } from './db/client.ts';

export const TREND_WINDOW_HOURS = 48;

export async function refreshTrends(db: Db, limit = 50): Promise<number> {
	return db.prisma.$transaction(async (tx) => {
		await tx.$executeRawUnsafe(`DELETE FROM trends`);
		return tx.$executeRawUnsafe(
			`INSERT INTO trends (id, tag, score, "postCount", "updatedAt")
			 SELECT md5(tag), tag, sum(1 + "engagementScore")::float8, count(*)::int, now()
			   FROM posts, unnest(tags) AS tag
			  WHERE "publishedAt" > now() - ${TREND_WINDOW_HOURS} * interval '1 hour'
			  GROUP BY tag ORDER BY 3 DESC LIMIT $1`,
			limit
		);
	});
}

export async function getTrendingTags(db: Db, limit = 10): Promise<string[]> {
	const rows = await db.prisma.trend.findMany({ orderBy: { score: 'desc' }, take: limit, select: { tag: true } });
	return rows.map((r) => r.tag);
}
