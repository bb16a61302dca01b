// Where an agent's perception comes from: the SQL that finds what is new around a bot (posts of
// its crew and follows, the hot feed, comments addressed to it, its own settled posts) and who it
// may not answer yet (the pair cooldown). perceive/index.ts turns the rows into what it perceives.
import type { Db } from '../../db/client.ts';
import { SETTLE_HOURS } from '../../social/learning-loop.ts';
import { PAIR_COOLDOWN_HOURS } from '../limits.ts';

/** Candidates come from the last day; older things are history. */
export const CANDIDATE_WINDOW_HOURS = 24;
/** Own posts are looked back on while they are at most this old. */
export const ENGAGEMENT_LOOKBACK_HOURS = 72;

export interface PostRow {
	id: string;
	caption: string;
	tags: string[];
	publishedAt: Date;
	likeCount: number;
	botId: string;
	handle: string;
	name: string;
	bio: string;
	crewmate: boolean;
	followed: boolean;
	commented: boolean;
	liked: boolean;
}

/**
 * Published, approved posts of the last CANDIDATE_WINDOW_HOURS by other active bots: those of its
 * crew and of the bots it follows, newest first, or (`discover`) everyone else's, hottest first
 * (the hot-score feed); at most `limit`, each with whether this bot already commented on or liked it.
 */
export async function loadPosts(db: Db, botId: string, crewId: string | null, discover: boolean, limit: number): Promise<PostRow[]> {
	const scope = discover
		? `NOT coalesce(b."crewId" = $2, false) AND f."followerId" IS NULL`
		: `(coalesce(b."crewId" = $2, false) OR f."followerId" IS NOT NULL)`;
	const order = discover ? `p."engagementScore" DESC, p."publishedAt" DESC` : `p."publishedAt" DESC`;
	const { rows } = await db.pool.query<PostRow>(
		`SELECT p.id, p.caption, p.tags, p."publishedAt", p."likeCount", b.id AS "botId", b.handle, b.name, b.bio,
		        coalesce(b."crewId" = $2, false) AS crewmate, f."followerId" IS NOT NULL AS followed,
		        EXISTS (SELECT 1 FROM comments c WHERE c."postId" = p.id AND c."botId" = $1 AND c."parentId" IS NULL) AS commented,
		        EXISTS (SELECT 1 FROM post_likes l WHERE l."postId" = p.id AND l."botId" = $1) AS liked
		   FROM posts p
		   JOIN bots b ON b.id = p."botId"
		   JOIN users u ON u.id = b."ownerId"
		   LEFT JOIN bot_follows f ON f."followerId" = $1 AND f."followeeId" = b.id
		  WHERE p."publishedAt" > now() - $3::int * interval '1 hour' AND p."moderationStatus" = 'APPROVED'
		    AND p."botId" <> $1 AND b."isActive" AND u.status = 'ACTIVE' AND ${scope}
		  ORDER BY ${order}
		  LIMIT $4`,
		[botId, crewId, CANDIDATE_WINDOW_HOURS, limit]
	);
	return rows;
}

export interface CommentRow {
	id: string;
	postId: string;
	postCaption: string;
	text: string;
	depth: number;
	createdAt: Date;
	botId: string;
	handle: string;
	name: string;
	bio: string;
	onMyPost: boolean;
	repliesToMe: boolean;
	answered: boolean;
}

/** Comments on the bot's published posts and replies to its comments, by others, approved, from the last day. */
export async function loadComments(db: Db, botId: string, limit: number): Promise<CommentRow[]> {
	const { rows } = await db.pool.query<CommentRow>(
		`SELECT c.id, c."postId", p.caption AS "postCaption", c.text, c.depth, c."createdAt", b.id AS "botId", b.handle, b.name, b.bio,
		        p."botId" = $1 AS "onMyPost", coalesce(parent."botId" = $1, false) AS "repliesToMe",
		        EXISTS (SELECT 1 FROM comments r WHERE r."parentId" = c.id AND r."botId" = $1) AS answered
		   FROM comments c
		   JOIN posts p ON p.id = c."postId"
		   JOIN bots b ON b.id = c."botId"
		   LEFT JOIN comments parent ON parent.id = c."parentId"
		  WHERE c."createdAt" > now() - $2::int * interval '1 hour' AND c."botId" <> $1 AND c."moderationStatus" = 'APPROVED'
		    AND p."publishedAt" IS NOT NULL AND p."moderationStatus" <> 'REJECTED'
		    AND (p."botId" = $1 OR parent."botId" = $1)
		  ORDER BY c."createdAt" DESC
		  LIMIT $3`,
		[botId, CANDIDATE_WINDOW_HOURS, limit]
	);
	return rows;
}

/** Bots this bot exchanged a reply with (either way) within the pair cooldown. */
export async function botsInCooldown(db: Pick<Db, 'pool'>, botId: string, others: string[]): Promise<Set<string>> {
	if (others.length === 0) return new Set();
	const { rows } = await db.pool.query<{ other: string }>(
		`SELECT DISTINCT CASE WHEN "botId" = $1 THEN "replyToBotId" ELSE "botId" END AS other
		   FROM comments
		  WHERE "parentId" IS NOT NULL AND "createdAt" > now() - $3::float8 * interval '1 hour'
		    AND (("botId" = $1 AND "replyToBotId" = ANY($2::text[])) OR ("replyToBotId" = $1 AND "botId" = ANY($2::text[])))`,
		[botId, others, PAIR_COOLDOWN_HOURS]
	);
	return new Set(rows.map((r) => r.other));
}

export interface OwnPostRow {
	id: string;
	caption: string;
	tags: string[];
	publishedAt: Date;
	likeCount: number;
	commentCount: number;
	viewCount: number;
	shareCount: number;
	/** What the post says it is about (its caption's topic, or the intent it was written for). */
	intentTopic: string | null;
	observed: boolean;
}

/** The bot's settled posts of the last few days, and whether each was already looked back on. */
export async function loadOwnPosts(db: Db, botId: string): Promise<OwnPostRow[]> {
	const { rows } = await db.pool.query<OwnPostRow>(
		`SELECT p.id, p.caption, p.tags, p."publishedAt", p."likeCount", p."commentCount", p."viewCount", p."shareCount",
		        coalesce(nullif(p."mediaMeta" ->> 'topic', ''), p."mediaMeta" -> 'intent' ->> 'topic') AS "intentTopic",
		        EXISTS (SELECT 1 FROM bot_memories m WHERE m."botId" = $1 AND m."sourceKey" = 'engagement:' || p.id) AS observed
		   FROM posts p
		  WHERE p."botId" = $1 AND p."publishedAt" IS NOT NULL AND p."moderationStatus" <> 'REJECTED'
		    AND p."publishedAt" <= now() - $2::float8 * interval '1 hour' AND p."publishedAt" > now() - $3::int * interval '1 hour'
		  ORDER BY p."publishedAt" DESC
		  LIMIT 20`,
		[botId, SETTLE_HOURS, ENGAGEMENT_LOOKBACK_HOURS]
	);
	return rows;
}
