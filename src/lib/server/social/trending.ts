// Trending tags: tags of the last 48 hours' published posts, weighted by those posts'
// engagement scores, stored in `trends` so tag generation can read them cheaply.
//
// Every creator's higher-tier bots are shown these tags, so a tag only trends when it passed
// moderation twice: it came from an APPROVED, published post (whose tags were moderated with
// it, see moderation.ts `moderatePost`), and the tag on its own, as a reader sees it, is
// approved by the moderator now. Posts published before tags were moderated, or approved by an
// admin for their caption, cannot smuggle a rejected tag into everyone's prompts.
import type { Db } from '../db/client.ts';
import { getProviders } from '../ai/providers.ts';
import type { Moderator } from '../ai/providers/types.ts';
import { moderateContent, tagsAsRead } from '../moderation.ts';

export const TREND_WINDOW_HOURS = 48;
/** How many tag verdicts a process remembers (a tag's verdict does not change for one moderator). */
const VERDICT_CACHE_SIZE = 5_000;
/** Moderator calls in flight at once while vetting candidates. */
const VETTING_CONCURRENCY = 4;

const verdicts = new Map<string, boolean>();

export interface RefreshTrendsOptions {
	/** Trends kept (default 50). */
	limit?: number;
	/** Judges each candidate tag; the configured one by default. */
	moderator?: Moderator;
}

/**
 * Recomputes `trends`: candidates are tags of APPROVED posts published in the last
 * TREND_WINDOW_HOURS, scored `Σ (1 + engagementScore)` over their posts; each candidate is
 * moderated on its own and only approved ones are stored (at most `limit`). Returns the number of
 * trends written. Moderator errors propagate (the job retries; the previous trends stay).
 */
export async function refreshTrends(db: Db, options: number | RefreshTrendsOptions = {}): Promise<number> {
	const { limit = 50, moderator = getProviders().moderator } = typeof options === 'number' ? { limit: options } : options;
	const { rows } = await db.pool.query<{ tag: string; score: number; postCount: number }>(
		`SELECT tag, sum(1 + "engagementScore")::float8 AS score, count(*)::int AS "postCount"
		   FROM posts, unnest(tags) AS tag
		  WHERE "publishedAt" > now() - $1::int * interval '1 hour' AND "moderationStatus" = 'APPROVED'
		  GROUP BY tag ORDER BY 2 DESC, 1 LIMIT $2`,
		[TREND_WINDOW_HOURS, limit * 2]
	);
	const approved = await vetTags(
		rows.map((r) => r.tag),
		moderator
	);
	const kept = rows.filter((r) => approved.has(r.tag)).slice(0, limit);
	return db.prisma.$transaction(async (tx) => {
		// Two refreshes at once (two engagement jobs, a cron tick beside a worker) would each
		// delete and then both insert the same ids: one at a time, the later one wins.
		await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext('rudo_refresh_trends'))`);
		await tx.$executeRawUnsafe(`DELETE FROM trends`);
		if (kept.length === 0) return 0;
		return tx.$executeRawUnsafe(
			`INSERT INTO trends (id, tag, score, "postCount", "updatedAt")
			 SELECT md5(t.tag), t.tag, t.score, t."postCount", now()
			   FROM jsonb_to_recordset($1::jsonb) AS t(tag text, score float8, "postCount" int)`,
			JSON.stringify(kept)
		);
	});
}

/** The tags the moderator approves on their own (cached per moderator model). */
async function vetTags(tags: string[], moderator: Moderator): Promise<Set<string>> {
	const approved = new Set<string>();
	const queue = [...tags];
	const worker = async () => {
		for (let tag = queue.shift(); tag !== undefined; tag = queue.shift()) {
			const key = `${moderator.provider}:${moderator.model}:${tag}`;
			let ok = verdicts.get(key);
			if (ok === undefined) {
				ok = (await moderateContent(tagsAsRead([tag]), null, moderator)).decision === 'APPROVE';
				if (verdicts.size >= VERDICT_CACHE_SIZE) verdicts.delete(verdicts.keys().next().value!);
				verdicts.set(key, ok);
			}
			if (ok) approved.add(tag);
		}
	};
	await Promise.all(Array.from({ length: Math.min(VETTING_CONCURRENCY, tags.length) }, worker));
	return approved;
}

/** The `limit` tags trending now, highest score first (as the last refresh stored them). */
export async function getTrendingTags(db: Db, limit = 10): Promise<string[]> {
	const rows = await db.prisma.trend.findMany({ orderBy: { score: 'desc' }, take: limit, select: { tag: true } });
	return rows.map((r) => r.tag);
}
