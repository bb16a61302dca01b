// The end of a bot's life: archive (stops acting, keeps everything, can be restored) and delete
// (everything of the bot goes, in one transaction). Both are owner-or-admin (botScope): someone
// else's bot is "not found", as everywhere in bots/.
//
// Why raw SQL in one transaction on one connection: a delete touches the bot, its queued jobs
// (which have no foreign key to bots, see schema.prisma) and the counters of other bots' posts it
// liked or commented on; those must move together, or a crash in between leaves counts that no
// longer match their rows.
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/session.ts';
import type { Queryable } from '../jobs/types.ts';
import { withTransaction } from '../db/transaction.ts';
import { BotNotFoundError } from './errors.ts';

/** What deleting a bot removes, for the confirmation dialog and the answer after deleting. */
export interface BotDeletionSummary {
	/** The bot's posts, published or not (their likes and comments go with them). */
	posts: number;
	/** Comments written by the bot, on its posts, and replies under either. */
	comments: number;
	/** QUEUED or RETRY jobs of the bot: cancelled (kept in the queue's history as CANCELLED). */
	pendingJobs: number;
	/** RUNNING jobs of the bot: not interrupted; they end failing ("the bot does not exist"). */
	runningJobs: number;
	/** Distinct stored files (post images and clips, thumbnails, avatar, reference) no row will reference. */
	mediaFiles: number;
}

export interface ArchiveResult {
	id: string;
	archivedAt: Date;
	/** Ids of the pending jobs cancelled by archiving. */
	cancelledJobs: string[];
}

const PENDING = `status IN ('QUEUED', 'RETRY')`;

/** `AND "ownerId" = $n` for creators: the SQL twin of botScope. */
function scopeSql(user: SessionUser, params: unknown[]): string {
	if (user.role === 'ADMIN') return '';
	params.push(user.id);
	return ` AND "ownerId" = $${params.length}`;
}

/** Locks the bot row for the rest of the transaction; BotNotFoundError if the caller may not touch it. */
async function lockBot(tx: Queryable, user: SessionUser, id: string): Promise<{ id: string; archivedAt: Date | null }> {
	const params: unknown[] = [id];
	const scope = scopeSql(user, params);
	const { rows } = await tx.query<{ id: string; archivedAt: Date | null }>(`SELECT id, "archivedAt" FROM bots WHERE id = $1${scope} FOR UPDATE`, params);
	if (!rows[0]) throw new BotNotFoundError();
	return rows[0];
}

async function cancelPendingJobs(tx: Queryable, botId: string, reason: string): Promise<string[]> {
	const { rows } = await tx.query<{ id: string }>(
		`UPDATE jobs SET status = 'CANCELLED', "finishedAt" = now(), "lastError" = $2, "updatedAt" = now() WHERE "botId" = $1 AND ${PENDING} RETURNING id`,
		[botId, reason]
	);
	return rows.map((r) => r.id);
}

/**
 * Archives a bot: scheduling off, no next post or cycle, pending jobs cancelled — all in one
 * transaction — and hidden from the default bots list. Posts, comments and history stay; a
 * running job finishes. Archiving an archived bot changes nothing and cancels nothing new.
 * Throws BotNotFoundError.
 */
export async function archiveBot(db: Db, user: SessionUser, id: string, now = new Date()): Promise<ArchiveResult> {
	return withTransaction(db.pool, async (tx) => {
		const bot = await lockBot(tx, user, id);
		if (bot.archivedAt) return { id, archivedAt: bot.archivedAt, cancelledJobs: [] };
		await tx.query(
			`UPDATE bots SET "archivedAt" = $2, "schedulingEnabled" = false, "nextPostAt" = NULL, "nextCycleAt" = NULL, "updatedAt" = now() WHERE id = $1`,
			[id, now]
		);
		const cancelledJobs = await cancelPendingJobs(tx, id, 'Cancelled: the bot was archived');
		return { id, archivedAt: now, cancelledJobs };
	});
}

/**
 * Restores an archived bot to the list. Scheduling stays off: the creator turns it back on when
 * they want the bot to act again (it may have been archived for a reason). Throws BotNotFoundError.
 */
export async function restoreBot(db: Db, user: SessionUser, id: string): Promise<{ id: string; archivedAt: null }> {
	return withTransaction(db.pool, async (tx) => {
		await lockBot(tx, user, id);
		await tx.query(`UPDATE bots SET "archivedAt" = NULL, "updatedAt" = now() WHERE id = $1`, [id]);
		return { id, archivedAt: null };
	});
}

// The comments a delete removes: the bot's own, those on its posts, and every reply beneath
// either (replies cascade through parentId). UNION, not UNION ALL, so a comment reached twice
// counts once and the recursion ends.
const GONE_COMMENTS = `WITH RECURSIVE gone AS (
	   SELECT c.id, c."postId", c."moderationStatus" FROM comments c
	    WHERE c."botId" = $1 OR c."postId" IN (SELECT id FROM posts WHERE "botId" = $1)
	   UNION
	   SELECT r.id, r."postId", r."moderationStatus" FROM comments r JOIN gone g ON r."parentId" = g.id
	 )`;

async function summarize(q: Queryable, id: string): Promise<BotDeletionSummary> {
	const { rows } = await q.query<BotDeletionSummary>(
		`${GONE_COMMENTS}
		 SELECT (SELECT count(*)::int FROM posts WHERE "botId" = $1) AS posts,
		        (SELECT count(*)::int FROM gone) AS comments,
		        (SELECT count(*)::int FROM jobs WHERE "botId" = $1 AND ${PENDING}) AS "pendingJobs",
		        (SELECT count(*)::int FROM jobs WHERE "botId" = $1 AND status = 'RUNNING') AS "runningJobs",
		        (SELECT count(DISTINCT url)::int FROM (
		           SELECT "mediaUrl" AS url FROM posts WHERE "botId" = $1
		           UNION ALL SELECT "thumbnailUrl" FROM posts WHERE "botId" = $1
		           UNION ALL SELECT "avatarUrl" FROM bots WHERE id = $1
		           UNION ALL SELECT "characterRefUrl" FROM bots WHERE id = $1
		         ) urls WHERE url IS NOT NULL) AS "mediaFiles"`,
		[id]
	);
	return rows[0];
}

/** What deleting the bot would remove, for the confirmation dialog. Throws BotNotFoundError. */
export async function botDeletionSummary(db: Db, user: SessionUser, id: string): Promise<BotDeletionSummary> {
	const params: unknown[] = [id];
	const scope = scopeSql(user, params);
	const { rows } = await db.pool.query(`SELECT 1 FROM bots WHERE id = $1${scope}`, params);
	if (!rows[0]) throw new BotNotFoundError();
	return summarize(db.pool, id);
}

/**
 * Deletes a bot and everything of it in one transaction: pending jobs cancelled, the like and
 * comment counters of other bots' posts it touched brought down, then the bot row, whose foreign
 * keys cascade to its posts (with their likes and comments), comments, likes, follows, memories,
 * cycles and drafts; usage rows keep their cost with the bot unset. Its media files are then
 * referenced by no row, so /media answers 404 for them. Returns what was removed, counted inside
 * the same transaction. Throws BotNotFoundError.
 */
export async function deleteBot(db: Db, user: SessionUser, id: string): Promise<BotDeletionSummary> {
	return withTransaction(db.pool, async (tx) => {
		await lockBot(tx, user, id);
		const summary = await summarize(tx, id);
		await cancelPendingJobs(tx, id, 'Cancelled: the bot was deleted');
		// Counters of posts that stay (other bots'): only approved comments were counted.
		await tx.query(
			`${GONE_COMMENTS}, per_post AS (
			   SELECT g."postId", count(*)::int AS n FROM gone g JOIN posts p ON p.id = g."postId"
			    WHERE p."botId" <> $1 AND g."moderationStatus" = 'APPROVED' GROUP BY g."postId"
			 )
			 UPDATE posts p SET "commentCount" = greatest(0, p."commentCount" - per_post.n) FROM per_post WHERE p.id = per_post."postId"`,
			[id]
		);
		await tx.query(
			`UPDATE posts p SET "likeCount" = greatest(0, p."likeCount" - l.n)
			   FROM (SELECT "postId", count(*)::int AS n FROM post_likes WHERE "botId" = $1 GROUP BY "postId") l
			  WHERE p.id = l."postId" AND p."botId" <> $1`,
			[id]
		);
		await tx.query(`DELETE FROM bots WHERE id = $1`, [id]);
		return summary;
	});
}
