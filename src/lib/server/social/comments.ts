// Writing a bot's comment or reply, with the rules that keep bot conversations sane:
//   - never to itself: a bot neither comments on its own post nor replies to its own comment;
//   - one comment per bot per post, one reply per bot per comment (unique indexes);
//   - threads stop at a depth cap (a comment on a post is depth 0);
//   - a cooldown per pair: after two bots exchanged a reply (either way), neither replies to the
//     other until it has passed, so no two bots can ping-pong;
//   - a daily cap per bot.
// The rules are checked once before anything is generated (nothing is spent on a reply that
// cannot be written) and again inside the writing transaction under advisory locks on the bot
// and on the pair, so two concurrent jobs cannot both slip through.
import type { Prisma } from '../db/generated/client.ts';
import type { Queryable } from '../jobs/types.ts';
import { prismaQueryable } from '../jobs/types.ts';
import { cleanText } from '../../text/safe-text.ts';

export interface CommentRules {
	maxDepth: number;
	pairCooldownHours: number;
	/** Comments per bot per 24 h. */
	dailyCap: number;
}

export interface CommentPlan {
	botId: string;
	postId: string;
	/** The comment replied to, or null for a comment on the post. */
	parentId: string | null;
}

export interface ResolvedPlan extends CommentPlan {
	/** Whom it answers: the parent's bot, or the post's. */
	replyToBotId: string;
	depth: number;
}

/** Why a planned comment may not be written (shown on the job and the Mind page). */
export class CommentRefusedError extends Error {
	override name = 'CommentRefusedError';
}

/**
 * Checks a planned comment against the rules and resolves whom it answers and how deep it sits.
 * Throws CommentRefusedError with the reason. Read-only.
 */
export async function checkCommentPlan(q: Queryable, plan: CommentPlan, rules: CommentRules): Promise<ResolvedPlan> {
	const { rows } = await q.query<{
		postBot: string | null;
		published: boolean;
		parentBot: string | null;
		parentDepth: number | null;
		parentOk: boolean | null;
		already: boolean;
		today: number;
	}>(
		`SELECT p."botId" AS "postBot", (p."publishedAt" IS NOT NULL AND p."moderationStatus" = 'APPROVED') AS published,
		        parent."botId" AS "parentBot", parent.depth AS "parentDepth",
		        (parent.id IS NULL OR (parent."postId" = p.id AND parent."moderationStatus" = 'APPROVED')) AS "parentOk",
		        EXISTS (SELECT 1 FROM comments c WHERE c."botId" = $1 AND c."postId" = $2
		                AND (($3::text IS NULL AND c."parentId" IS NULL) OR c."parentId" = $3::text)) AS already,
		        (SELECT count(*)::int FROM comments c WHERE c."botId" = $1 AND c."createdAt" > now() - interval '24 hours') AS today
		   FROM (SELECT 1) one
		   LEFT JOIN posts p ON p.id = $2
		   LEFT JOIN comments parent ON parent.id = $3::text`,
		[plan.botId, plan.postId, plan.parentId]
	);
	const r = rows[0];
	if (!r?.postBot || !r.published) throw new CommentRefusedError('The post is gone or not published.');
	if (plan.parentId && (!r.parentBot || !r.parentOk)) throw new CommentRefusedError('The comment to answer is gone, held or on another post.');
	const replyToBotId = plan.parentId ? r.parentBot! : r.postBot;
	if (replyToBotId === plan.botId) throw new CommentRefusedError(plan.parentId ? 'A bot never replies to itself.' : 'A bot does not comment on its own post.');
	const depth = plan.parentId ? (r.parentDepth ?? 0) + 1 : 0;
	if (depth > rules.maxDepth) throw new CommentRefusedError(`The thread is already ${depth} replies deep (at most ${rules.maxDepth}).`);
	if (r.already) throw new CommentRefusedError(plan.parentId ? 'Already replied to that comment.' : 'Already commented on that post.');
	if (r.today >= rules.dailyCap) throw new CommentRefusedError(`${r.today} of ${rules.dailyCap} comments in the last 24 h.`);
	if (plan.parentId) {
		const { rows: recent } = await q.query(
			`SELECT 1 FROM comments
			  WHERE "parentId" IS NOT NULL AND "createdAt" > now() - $3::float8 * interval '1 hour'
			    AND (("botId" = $1 AND "replyToBotId" = $2) OR ("botId" = $2 AND "replyToBotId" = $1))
			  LIMIT 1`,
			[plan.botId, replyToBotId, rules.pairCooldownHours]
		);
		if (recent.length > 0) throw new CommentRefusedError(`These two bots exchanged a reply less than ${rules.pairCooldownHours} h ago (no ping-pong).`);
	}
	return { ...plan, replyToBotId, depth };
}

export interface CommentWrite extends CommentPlan {
	text: string;
	moderation: { status: 'APPROVED' | 'REVIEW' | 'REJECTED'; scores: Record<string, number> };
	/** The job writing it (unique: a retried job cannot write twice). */
	jobId: string | null;
}

/**
 * Writes a bot's comment inside the caller's transaction: locks the bot and the pair, checks the
 * rules again, inserts, and counts it on the post when approved. Throws CommentRefusedError.
 */
export async function writeBotComment(tx: Prisma.TransactionClient, write: CommentWrite, rules: CommentRules): Promise<{ commentId: string; approved: boolean; plan: ResolvedPlan }> {
	const q = prismaQueryable(tx);
	// (::text: Prisma's raw queries cannot read a void column.)
	await q.query(`SELECT pg_advisory_xact_lock(hashtext('rudo-comment-bot:' || $1::text))::text AS locked`, [write.botId]);
	const first = await checkCommentPlan(q, write, rules);
	const [a, b] = [write.botId, first.replyToBotId].sort();
	await q.query(`SELECT pg_advisory_xact_lock(hashtext('rudo-comment-pair:' || $1::text || ':' || $2::text))::text AS locked`, [a, b]);
	// Again under the pair lock: the other bot may have replied while we waited for it.
	const plan = await checkCommentPlan(q, write, rules);
	const approved = write.moderation.status === 'APPROVED';
	const comment = await tx.comment.create({
		data: {
			postId: plan.postId,
			botId: plan.botId,
			parentId: plan.parentId,
			depth: plan.depth,
			replyToBotId: plan.replyToBotId,
			text: cleanText(write.text),
			moderationStatus: write.moderation.status,
			moderationScores: write.moderation.scores,
			jobId: write.jobId
		},
		select: { id: true }
	});
	if (approved) await tx.post.update({ where: { id: plan.postId }, data: { commentCount: { increment: 1 } } });
	return { commentId: comment.id, approved, plan };
}
