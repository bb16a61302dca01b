// Crew interactions: bots of a crew comment, in their own voice, on each other's recent posts.
// Timer-driven bots only: an agent bot (autonomy 'agent') decides for itself whether to comment
// (agent/decide.ts), so this job never speaks for it. Rules: never on their own posts; at most one comment per bot per post (a unique index, so a
// retried job cannot double-comment); at most DAILY_COMMENT_CAP comments per bot per day; every
// comment is moderated and only approved ones count towards the post's comment total.
import type { Db } from '../db/client.ts';
import { getProviders } from '../ai/providers.ts';
import { generateComment } from '../ai/caption.ts';
import { toBotContext, type BotContext } from '../ai/types.ts';
import { moderateContent } from '../moderation.ts';
import { recordUsage } from '../usage.ts';
import type { ProviderSet } from '../ai/providers/types.ts';
import { Prisma } from '../db/generated/client.ts';
import { botBudgetStatus } from '../ops/budgets.ts';

export const DAILY_COMMENT_CAP = 5;
export const COMMENT_WINDOW_HOURS = 24;
/** Bounds one job's run time; the rest waits for the next crew job. */
export const MAX_COMMENTS_PER_RUN = 20;

export interface CrewSummary {
	considered: number;
	commented: number;
	held: number;
	skippedCap: number;
	/** Crewmates over their own daily budget (ops/budgets.ts) sat this round out. */
	skippedBudget: number;
}

interface Candidate {
	postId: string;
	authorId: string;
	caption: string;
	authorName: string;
	commenterId: string;
}

/**
 * One crew round (the CREW_COMMENT job): timer-driven crewmates comment on each other's posts of
 * the last COMMENT_WINDOW_HOURS, oldest first, each at most once per post and `dailyCap` per UTC
 * day, at most `maxComments` in all; a crewmate over its daily budget or archived sits it out. Every comment is generated, moderated and billed to the
 * commenter (`jobId` links the ledger rows), including one that a concurrent job beat to the post.
 * Provider errors propagate (the job retries; comments already written stay).
 */
export async function processCrewInteractions(
	db: Db,
	options: { providers?: ProviderSet; jobId?: string | null; dailyCap?: number; maxComments?: number; now?: Date } = {}
): Promise<CrewSummary> {
	const providers = options.providers ?? getProviders();
	const dailyCap = options.dailyCap ?? DAILY_COMMENT_CAP;
	const maxComments = options.maxComments ?? MAX_COMMENTS_PER_RUN;
	const summary: CrewSummary = { considered: 0, commented: 0, held: 0, skippedCap: 0, skippedBudget: 0 };

	// Every (recent crew post, crewmate who has not commented on it) pair, oldest post first,
	// with how many comments the crewmate already made today.
	const { rows } = await db.pool.query<Candidate & { today: number }>(
		`SELECT p.id AS "postId", p.caption, author.id AS "authorId", author.name AS "authorName", mate.id AS "commenterId",
		        (SELECT count(*)::int FROM comments c WHERE c."botId" = mate.id AND c."createdAt" >= date_trunc('day', now())) AS today
		   FROM posts p
		   JOIN bots author ON author.id = p."botId"
		   JOIN bots mate ON mate."crewId" = author."crewId" AND mate.id <> author.id
		   JOIN users owner ON owner.id = mate."ownerId"
		  WHERE author."crewId" IS NOT NULL AND p."publishedAt" > now() - $1::int * interval '1 hour' AND p."moderationStatus" = 'APPROVED'
		    AND mate."isActive" AND mate."archivedAt" IS NULL AND owner.status = 'ACTIVE' AND mate.autonomy = 'scheduled'
		    AND NOT EXISTS (SELECT 1 FROM comments c WHERE c."postId" = p.id AND c."botId" = mate.id AND c."parentId" IS NULL)
		  ORDER BY p."publishedAt", mate.id
		  LIMIT 500`,
		[COMMENT_WINDOW_HOURS]
	);

	const commentsToday = new Map<string, number>();
	const contexts = new Map<string, BotContext | null>();
	const overBudget = new Map<string, boolean>();
	for (const row of rows) {
		if (summary.commented + summary.held >= maxComments) break;
		summary.considered++;
		const today = commentsToday.get(row.commenterId) ?? row.today;
		if (today >= dailyCap) {
			summary.skippedCap++;
			continue;
		}
		// The job's gate checked the global cap; each commenter's own budget is checked here, once
		// per commenter and run, before it spends (a bot over budget is skipped, the others go on;
		// like the gates, a check before spending, not a meter).
		if (!overBudget.has(row.commenterId)) overBudget.set(row.commenterId, Boolean((await botBudgetStatus(db.pool, row.commenterId))?.blocked));
		if (overBudget.get(row.commenterId)) {
			summary.skippedBudget++;
			continue;
		}
		const ctx = await commenterContext(db, row.commenterId, contexts);
		if (!ctx) continue;
		const { comment, usage } = await generateComment(ctx, { caption: row.caption, botName: row.authorName }, providers, {
			seed: `${options.jobId ?? 'crew'}:${row.postId}:${row.commenterId}`
		});
		const verdict = await moderateContent(comment, null, providers.moderator);
		const approved = verdict.status === 'APPROVED';
		const billed = { jobId: options.jobId, postId: row.postId, botId: row.commenterId };
		let written: boolean;
		try {
			written = await db.prisma.$transaction(async (tx) => {
				await tx.comment.create({
					data: { postId: row.postId, botId: row.commenterId, text: comment, moderationStatus: verdict.status, moderationScores: verdict.scores, replyToBotId: row.authorId }
				});
				if (approved) await tx.post.update({ where: { id: row.postId }, data: { commentCount: { increment: 1 } } });
				await recordUsage(tx, [usage, verdict.usage], billed);
				return true;
			});
		} catch (error) {
			// Someone (a concurrent crew job) commented first: the transaction rolled back and wrote
			// nothing, but the comment and its moderation were generated and paid for all the same.
			if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')) throw error;
			await recordUsage(db.prisma, [usage, verdict.usage], billed);
			written = false;
		}
		if (!written) continue;
		commentsToday.set(row.commenterId, today + 1);
		if (approved) summary.commented++;
		else summary.held++;
	}
	return summary;
}

async function commenterContext(db: Db, botId: string, cache: Map<string, BotContext | null>): Promise<BotContext | null> {
	if (cache.has(botId)) return cache.get(botId)!;
	const bot = await db.prisma.bot.findUnique({ where: { id: botId } });
	let ctx: BotContext | null = null;
	try {
		ctx = bot ? toBotContext(bot) : null;
	} catch {
		ctx = null; // unreadable persona DNA: this bot sits the round out
	}
	cache.set(botId, ctx);
	return ctx;
}
