// The full pipeline for one scheduled post: validate the bot → generate → store media →
// ONE transaction that writes the post, its cost rows and the bot's next slot.
//
// What this needs from outside the engine is handed in by the caller (posting.ts wires it):
// the learning loop's steer and the trends (social/), an agent's intent, the usage ledger that
// writes cost rows and the writer of the bot's next slot (scheduler.ts for timer bots). So the
// engine imports nothing above it and the post, its cost links and the slot still commit together.
//
// Idempotency: the post carries the job id under a unique constraint. A retried job (say the
// worker crashed after the write but before marking the job done) finds its post and returns it
// instead of writing a second one; two racing attempts cannot both insert either.
import type { Db } from '../db/client.ts';
import { Prisma } from '../db/generated/client.ts';
import { storeMedia } from '../media/index.ts';
import { getProviders } from './providers.ts';
import { generatePost, GenerationError, type GeneratedPost, type GenerateOptions } from './generate-post.ts';
import { InvalidBotError, RECENT_WINDOW, tierCapabilities, toBotContext, type BotContext, type PostIntent, type PostSteer } from './types.ts';
import type { ProviderSet, UsageRecord } from './providers/types.ts';
import { cleanJson, cleanText } from '../../text/safe-text.ts';

/** The bot cannot post at all (deleted, archived, deactivated, owner suspended, unreadable persona). */
export class BotUnavailableError extends Error {
	override name = 'BotUnavailableError';
}

/** What a cost row links to. */
export interface UsageLinks {
	jobId?: string | null;
	postId?: string | null;
	botId?: string | null;
	draftId?: string | null;
}

type PrismaWriter = Db['prisma'] | Prisma.TransactionClient;

/**
 * Writes one cost row per provider call and returns their ids (usage.ts `recordUsage`). Called
 * with the client (spent money is recorded at once, whatever happens next) and never needs more.
 */
export type RecordUsage = (writer: PrismaWriter, records: readonly UsageRecord[], links: UsageLinks) => Promise<string[]>;

/**
 * Writes what a new post changes about its bot (last posted, next slot) inside the post's
 * transaction: scheduler.ts `recordBotPosted` for timer bots, the agent's own for agent bots.
 */
export type RecordPosted = (tx: Prisma.TransactionClient, botId: string, now: Date) => Promise<unknown>;

export interface PublishOptions {
	/** The usage ledger (required: no provider call goes unbilled). */
	recordUsage: RecordUsage;
	/** The bot's slot writer (required: the post and the slot commit together). */
	recordPosted: RecordPosted;
	/** The learning loop's draw for this post (social/learning-loop.ts), or none. */
	steer?: PostSteer | null;
	/** Trending tags; used only for tiers with trend-aware tags. */
	trends?: readonly string[];
	/** An agent's intent (a BOT_CYCLE's POST decision). */
	intent?: PostIntent | null;
	/**
	 * Seeds the generation (type, caption, media). Default: the intent's seed, else the job id.
	 * Callers pass one that does not depend on the job id when runs must be reproducible.
	 */
	seed?: string | null;
	jobId?: string | null;
	providers?: ProviderSet;
	now?: () => Date;
	signal?: AbortSignal;
	/** Test hook: runs after generation, before the write (e.g. to simulate a crash there). */
	beforeWrite?: (generated: GeneratedPost) => Promise<void> | void;
	onStage?: GenerateOptions['onStage'];
	/** Ask for a type instead of letting the bot decide (must be one its tier allows). */
	postType?: GenerateOptions['postType'];
	/**
	 * Runs inside the transaction that writes the post, last: the job handler marks its job
	 * complete there (River's JobCompleteTx), so the post and the job's success commit together.
	 * Throwing rolls the post back.
	 */
	inTransaction?: (tx: Prisma.TransactionClient) => Promise<void>;
}

export interface PublishResult {
	postId: string;
	/** False when this job had already written its post (a retry). */
	created: boolean;
	status: 'APPROVED' | 'REVIEW' | 'REJECTED';
	published: boolean;
	generated: GeneratedPost | null;
}

/** Everything generation needs about a bot, validated. */
export async function loadBotContext(db: Db, botId: string): Promise<{ ctx: BotContext; recentCaptions: string[] }> {
	const bot = await db.prisma.bot.findUnique({
		where: { id: botId },
		include: {
			owner: { select: { status: true } },
			posts: { orderBy: { createdAt: 'desc' }, take: RECENT_WINDOW, select: { type: true, caption: true } }
		}
	});
	if (!bot) throw new BotUnavailableError(`Bot ${botId} does not exist (deleted?)`);
	if (!bot.isActive) throw new BotUnavailableError(`Bot @${bot.handle} is deactivated`);
	// Archived bots keep their posts but post no more, however a job reached them (an admin's form, an old payload).
	if (bot.archivedAt) throw new BotUnavailableError(`Bot @${bot.handle} is archived: restore it to post again`);
	if (bot.owner.status !== 'ACTIVE') throw new BotUnavailableError(`The owner of @${bot.handle} is suspended`);
	try {
		const ctx = toBotContext(bot, bot.posts.map((p) => p.type));
		return { ctx, recentCaptions: bot.posts.map((p) => p.caption) };
	} catch (error) {
		if (error instanceof InvalidBotError) throw new BotUnavailableError(error.message);
		throw error;
	}
}

export async function findPostOfJob(db: Db, jobId: string) {
	return db.prisma.post.findUnique({ where: { jobId }, select: { id: true, moderationStatus: true, publishedAt: true } });
}

export async function generateAndPublish(db: Db, botId: string, options: PublishOptions): Promise<PublishResult> {
	const { recordUsage, recordPosted } = options;
	const jobId = options.jobId ?? null;
	if (jobId) {
		const existing = await findPostOfJob(db, jobId);
		if (existing) return fromExisting(existing);
	}
	const providers = options.providers ?? getProviders();
	const { ctx, recentCaptions } = await loadBotContext(db, botId);
	const trends = tierCapabilities(ctx.tier).trendAwareTags ? (options.trends ?? []) : [];

	let generated: GeneratedPost;
	try {
		generated = await generatePost(ctx, providers, {
			seed: options.seed ?? options.intent?.seed ?? jobId ?? `${botId}:${Date.now()}`,
			steer: options.steer ?? null,
			intent: options.intent ?? null,
			trends,
			recentCaptions,
			signal: options.signal,
			onStage: options.onStage,
			postType: options.postType
		});
	} catch (error) {
		if (error instanceof GenerationError) await recordUsage(db.prisma, error.usage, { jobId, botId });
		throw error;
	}
	// The money is spent: record it now, in its own statement, so it stays in the ledger even if
	// storing the media or writing the post fails. The post's transaction links these rows to it.
	const usageIds = await recordUsage(db.prisma, generated.usage, { jobId, botId });
	await options.beforeWrite?.(generated);
	const media = await storeGeneratedMedia(generated);
	const now = options.now?.() ?? new Date();
	const status = generated.moderation.status;

	try {
		const post = await db.prisma.$transaction(async (tx) => {
			const created = await tx.post.create({
				data: postRow({ ...generated, ...media, meta: mediaMeta(generated) }, { botId, jobId, now }),
				select: { id: true }
			});
			if (usageIds.length) await tx.usageEvent.updateMany({ where: { id: { in: usageIds } }, data: { postId: created.id } });
			await recordPosted(tx, botId, now);
			await options.inTransaction?.(tx);
			return created;
		});
		return { postId: post.id, created: true, status, published: status === 'APPROVED', generated };
	} catch (error) {
		// Another attempt of the same job won the race to write: its post stands, ours is dropped.
		if (jobId && error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
			const existing = await findPostOfJob(db, jobId);
			if (existing) return fromExisting(existing);
		}
		throw error;
	}
}

export interface PostContent {
	type: GeneratedPost['type'];
	caption: string;
	tags: string[];
	mediaUrl: string | null;
	thumbnailUrl: string | null;
	meta: Prisma.InputJsonValue;
	moderation: { status: 'APPROVED' | 'REVIEW' | 'REJECTED'; scores: Record<string, number>; reasons: string[] };
}

/** The posts row for generated content: the one place that says only APPROVE publishes. */
export function postRow(content: PostContent, where: { botId: string; jobId?: string | null; now: Date }) {
	const status = content.moderation.status;
	// The last stop before the database: whatever produced the text, nothing Postgres refuses
	// (NUL, lone surrogates) gets through.
	return {
		botId: where.botId,
		jobId: where.jobId ?? null,
		type: content.type,
		caption: cleanText(content.caption),
		tags: content.tags.map(cleanText).filter(Boolean),
		mediaUrl: content.mediaUrl,
		thumbnailUrl: content.thumbnailUrl,
		mediaMeta: content.meta,
		moderationStatus: status,
		moderationScores: content.moderation.scores,
		moderationReason: cleanText(content.moderation.reasons.join('; ')) || null,
		createdAt: where.now,
		// REVIEW waits for an admin; REJECT is kept for the record and never appears.
		publishedAt: status === 'APPROVED' ? where.now : null
	};
}

function fromExisting(post: { id: string; moderationStatus: string; publishedAt: Date | null }): PublishResult {
	const status = post.moderationStatus === 'REVIEW' || post.moderationStatus === 'REJECTED' ? post.moderationStatus : 'APPROVED';
	return { postId: post.id, created: false, status, published: post.publishedAt !== null, generated: null };
}

export async function storeGeneratedMedia(generated: GeneratedPost): Promise<{ mediaUrl: string | null; thumbnailUrl: string | null }> {
	const image = generated.image ? await storeMedia(generated.image.bytes, generated.image.contentType) : null;
	const video = generated.video ? await storeMedia(generated.video.bytes, generated.video.contentType) : null;
	return { mediaUrl: video?.url ?? image?.url ?? null, thumbnailUrl: video ? (image?.url ?? null) : null };
}

export function mediaMeta(generated: GeneratedPost): Prisma.InputJsonValue {
	// Through JSON: drops undefined fields and turns the nested records into plain JSON values.
	return cleanJson(JSON.parse(JSON.stringify({
		mood: generated.mood,
		hook: generated.hook,
		topic: generated.topic || null,
		width: generated.image?.width ?? null,
		height: generated.image?.height ?? null,
		contentType: generated.video?.contentType ?? generated.image?.contentType ?? null,
		durationSeconds: generated.video?.durationSeconds ?? null,
		providers: generated.providers,
		trendTags: generated.trendTags,
		learnedTags: generated.learnedTags,
		typeBias: generated.typeBias,
		intent: generated.intent,
		timings: generated.timings,
		costUsd: generated.usage.reduce((s, u) => s + u.costUsd, 0)
	})));
}
