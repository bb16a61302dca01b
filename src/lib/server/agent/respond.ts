// BOT_RESPOND: an agent's reply to a comment, or its comment on a post, decided by a cycle
// (act.ts). Checked against the thread rules before anything is generated, written in the bot's
// voice, moderated like a post's text (moderation.ts: as written and as a reader sees it), and
// written with the job's completion in one transaction under the same rules (social/comments.ts).
// A comment carries its job id under a unique constraint: a retried job never writes twice.
import type { Db } from '../db/client.ts';
import type { Prisma } from '../db/generated/client.ts';
import { getProviders } from '../ai/providers.ts';
import { generateComment } from '../ai/caption.ts';
import { InvalidBotError, toBotContext } from '../ai/types.ts';
import type { ProviderSet } from '../ai/providers/types.ts';
import { moderateContent } from '../moderation.ts';
import { recordUsage } from '../usage.ts';
import { checkCommentPlan, writeBotComment, type CommentRules } from '../social/comments.ts';
import { AGENT_LIMITS, MAX_THREAD_DEPTH, PAIR_COOLDOWN_HOURS } from './limits.ts';
import { AgentUnavailableError } from './cycle.ts';

export interface RespondInput {
	botId: string;
	postId: string;
	parentCommentId: string | null;
}

export interface RespondResult {
	commentId: string;
	created: boolean;
	status: 'APPROVED' | 'REVIEW' | 'REJECTED';
}

/** The thread rules an agent of `tier` writes under: depth cap, pair cooldown, its daily comment cap. */
export function agentCommentRules(tier: keyof typeof AGENT_LIMITS): CommentRules {
	return { maxDepth: MAX_THREAD_DEPTH, pairCooldownHours: PAIR_COOLDOWN_HOURS, dailyCap: AGENT_LIMITS[tier].commentsPerDay };
}

/**
 * Writes the reply a cycle decided on. Throws CommentRefusedError when the rules forbid it now
 * (the handler cancels the job with the reason), AgentUnavailableError when the bot cannot act.
 */
export async function respond(
	db: Db,
	input: RespondInput,
	options: { jobId: string; seed?: string; providers?: ProviderSet; signal?: AbortSignal; inTransaction?: (tx: Prisma.TransactionClient) => Promise<void> }
): Promise<RespondResult> {
	const done = await db.prisma.comment.findUnique({ where: { jobId: options.jobId }, select: { id: true, moderationStatus: true } });
	if (done) return { commentId: done.id, created: false, status: done.moderationStatus as RespondResult['status'] };

	const bot = await db.prisma.bot.findUnique({ where: { id: input.botId }, include: { owner: { select: { status: true } } } });
	if (!bot || !bot.isActive || bot.archivedAt || bot.owner.status !== 'ACTIVE') throw new AgentUnavailableError(`Bot ${bot ? `@${bot.handle}` : input.botId} cannot write now (deleted, archived, deactivated or its owner suspended)`);
	let ctx;
	try {
		ctx = toBotContext(bot);
	} catch (error) {
		if (error instanceof InvalidBotError) throw new AgentUnavailableError(error.message);
		throw error;
	}
	const rules = agentCommentRules(bot.tier);
	const plan = { botId: bot.id, postId: input.postId, parentId: input.parentCommentId };
	// Nothing is spent on a reply that could not be written.
	await checkCommentPlan(db.pool, plan, rules);

	const post = await db.prisma.post.findUniqueOrThrow({ where: { id: input.postId }, select: { caption: true, bot: { select: { name: true } } } });
	const parent = input.parentCommentId
		? await db.prisma.comment.findUniqueOrThrow({ where: { id: input.parentCommentId }, select: { text: true, bot: { select: { name: true } } } })
		: null;
	const providers = options.providers ?? getProviders();
	const { comment, usage } = await generateComment(
		ctx,
		{ caption: post.caption, botName: post.bot.name, ...(parent ? { inReplyTo: { text: parent.text, botName: parent.bot.name } } : {}) },
		providers,
		{ seed: options.seed ?? options.jobId, signal: options.signal }
	);
	const verdict = await moderateContent(comment, null, providers.moderator, { signal: options.signal });
	// The money is spent: in the ledger now, whatever the write does.
	await recordUsage(db.prisma, [usage, verdict.usage], { jobId: options.jobId, botId: bot.id, postId: input.postId });

	return db.prisma.$transaction(async (tx) => {
		const written = await writeBotComment(tx, { ...plan, text: comment, moderation: { status: verdict.status, scores: verdict.scores as Record<string, number> }, jobId: options.jobId }, rules);
		await options.inTransaction?.(tx);
		return { commentId: written.commentId, created: true, status: verdict.status };
	});
}
