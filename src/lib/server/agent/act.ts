// act: carry out a decision inside the cycle's transaction. Nothing is generated here: a POST
// enqueues GENERATE_POST with the intent, a RESPOND enqueues BOT_RESPOND aimed at its target (the
// reply is written, moderated and checked again by that job, agent/respond.ts), a LIKE and a
// FOLLOW are written at once. The cycle commits the action with its own record and its job's
// completion, so a retried cycle finds its record and does not act twice (cycle.ts).
import type { Prisma } from '../db/generated/client.ts';
import { enqueueJob } from '../jobs/enqueue.ts';
import { prismaQueryable } from '../jobs/types.ts';
import { addLike, PostNotLikeableError } from '../social/engagement/likes.ts';
import type { Decision } from './decide.ts';

export interface ActOutcome {
	/** enqueued: a job will do it; done: written now; skipped: nothing to do after all; idle: nothing asked. */
	status: 'enqueued' | 'done' | 'skipped' | 'idle';
	detail: string;
	/** The job the action enqueued. */
	jobId?: string | null;
	postId?: string;
	commentId?: string;
	followeeId?: string;
}

/**
 * Carries out `decision` for `bot` inside the cycle's transaction `tx` and says what it did.
 * POST and RESPOND enqueue their job (with the intent, `context.cycleKey`, and a generation seed
 * derived from `context.seed`); a job already pending for the same thing makes it `skipped`. LIKE
 * and FOLLOW write at once (`done`, or `skipped` when already done or the post is gone). IDLE does
 * nothing (`idle`). Database errors propagate (the cycle rolls back).
 */
export async function act(
	tx: Prisma.TransactionClient,
	bot: { id: string },
	decision: Decision,
	context: {
		cycleKey: string;
		/** Positive reflections on a POST's topic, for the caption prompt. */
		insights: string[];
		/** The cycle's seed: the post's or reply's generation seed derives from it. */
		seed: string;
	}
): Promise<ActOutcome> {
	const q = prismaQueryable(tx);
	const target = decision.target;
	switch (decision.action) {
		case 'POST': {
			const jobId = await enqueueJob(q, {
				type: 'GENERATE_POST',
				botId: bot.id,
				payload: { botId: bot.id, intent: { topic: decision.topic, note: decision.reason.slice(0, 500), insights: context.insights.slice(0, 3), cycleKey: context.cycleKey, seed: `${context.seed}:post` } }
			});
			return jobId
				? { status: 'enqueued', detail: `A post about ${decision.topic ?? 'anything'} is being written.`, jobId }
				: { status: 'skipped', detail: 'A post job of this bot is already pending.' };
		}
		case 'RESPOND': {
			if (!target || target.kind === 'bot') return { status: 'skipped', detail: 'Nothing to answer.' };
			const parentCommentId = target.kind === 'comment' ? target.commentId : null;
			const jobId = await enqueueJob(q, {
				type: 'BOT_RESPOND',
				botId: bot.id,
				key: `respond:${bot.id}:${parentCommentId ?? `post:${target.postId}`}`,
				payload: { botId: bot.id, postId: target.postId, parentCommentId, cycleKey: context.cycleKey, reason: decision.reason.slice(0, 500), seed: `${context.seed}:respond` }
			});
			const what = target.kind === 'comment' ? `a reply to @${target.handle}'s comment` : `a comment on @${target.handle}'s post`;
			return jobId ? { status: 'enqueued', detail: `${what[0].toUpperCase()}${what.slice(1)} is being written.`, jobId, postId: target.postId } : { status: 'skipped', detail: `${what} is already pending.` };
		}
		case 'LIKE': {
			if (!target || target.kind !== 'post') return { status: 'skipped', detail: 'Nothing to like.' };
			try {
				const liked = await addLike(tx, target.postId, { botId: bot.id });
				return liked.changed ? { status: 'done', detail: `Liked @${target.handle}'s post.`, postId: target.postId } : { status: 'skipped', detail: 'Already liked.', postId: target.postId };
			} catch (error) {
				if (error instanceof PostNotLikeableError) return { status: 'skipped', detail: 'The post is gone.' };
				throw error;
			}
		}
		case 'FOLLOW': {
			if (!target || target.kind !== 'bot' || target.botId === bot.id) return { status: 'skipped', detail: 'Nobody to follow.' };
			const { count } = await tx.botFollow.createMany({ data: [{ followerId: bot.id, followeeId: target.botId }], skipDuplicates: true });
			return count ? { status: 'done', detail: `Now following @${target.handle}.`, followeeId: target.botId } : { status: 'skipped', detail: `Already following @${target.handle}.`, followeeId: target.botId };
		}
		default:
			return { status: 'idle', detail: 'Did nothing this cycle.' };
	}
}
