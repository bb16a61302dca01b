// Post previews: a creator generates a post for a bot without publishing it, watches the stages
// go by, then publishes or discards it. The draft row holds the progress and the result, so the
// page can poll it and so publishing uses what the server generated — never what a browser sends.
import type { Db } from './db/client.ts';
import type { SessionUser } from './auth/session.ts';
import { Prisma } from './db/generated/client.ts';
import { botScope } from './bots/index.ts';
import { getProviders } from './ai/providers.ts';
import { generatePost, GenerationError, type GenerationStage } from './ai/generate-post.ts';
import { loadBotContext, mediaMeta, postRow, storeGeneratedMedia } from './ai/publish.ts';
import { postingSignals, recordPosted } from './posting.ts';
import { recordUsage } from './usage.ts';
import { tierCapabilities, type PostType } from './ai/types.ts';
import type { ProviderSet } from './ai/providers/types.ts';
import { breakerBoardFor, guardProviders } from './ops/breakers.ts';

export class PreviewNotFoundError extends Error {
	override name = 'PreviewNotFoundError';
	constructor(message = 'No such preview (or it belongs to someone else).') {
		super(message);
	}
}

/** Asking to preview a bot that does not exist or is not the caller's: the same words for both. */
export const PREVIEW_BOT_NOT_FOUND = 'No such bot (or it belongs to someone else).';
export class PreviewStateError extends Error {
	override name = 'PreviewStateError';
}

export interface PreviewResult {
	type: PostType;
	caption: string;
	mood: string;
	hook: string;
	tags: string[];
	mediaUrl: string | null;
	thumbnailUrl: string | null;
	moderation: { status: 'APPROVED' | 'REVIEW' | 'REJECTED'; scores: Record<string, number>; reasons: string[]; provider: string };
	providers: Record<string, unknown>;
	costUsd: number;
	timings: Record<string, number>;
	meta: Prisma.InputJsonValue;
}

const draftSelect = {
	id: true,
	botId: true,
	status: true,
	stage: true,
	postType: true,
	result: true,
	error: true,
	postId: true,
	createdAt: true,
	updatedAt: true
} as const;

async function scopedDraft(db: Db, user: SessionUser, draftId: string) {
	const draft = await db.prisma.postDraft.findFirst({ where: { id: draftId, bot: botScope(user) }, select: draftSelect });
	if (!draft) throw new PreviewNotFoundError();
	return draft;
}

/** Step 1 (fast): a draft in GENERATING, for the page to poll while step 2 runs. */
export async function createPreview(db: Db, user: SessionUser, input: { botId: string; postType?: PostType }) {
	const bot = await db.prisma.bot.findFirst({ where: { id: input.botId, ...botScope(user) }, select: { id: true, tier: true } });
	if (!bot) throw new PreviewNotFoundError(PREVIEW_BOT_NOT_FOUND);
	if (input.postType === 'VIDEO' && !tierCapabilities(bot.tier).videoAllowed) {
		throw new PreviewStateError(`A ${bot.tier} bot cannot post video; upgrade its tier or pick another type.`);
	}
	return db.prisma.postDraft.create({ data: { botId: bot.id, requestedById: user.id, postType: input.postType ?? null }, select: draftSelect });
}

/**
 * Step 2 (slow: seconds offline, tens of seconds with real providers): generate. Runs at most once
 * per draft — the first caller claims it by setting its stage — and records every stage as it
 * starts. Nothing is published.
 */
export async function runPreview(db: Db, user: SessionUser, draftId: string, options: { providers?: ProviderSet } = {}) {
	const draft = await scopedDraft(db, user, draftId);
	const claimed = await db.prisma.postDraft.updateMany({ where: { id: draftId, status: 'GENERATING', stage: null }, data: { stage: 'deciding' } });
	if (claimed.count === 0) return scopedDraft(db, user, draftId); // already running or done

	let lastStage: GenerationStage = 'deciding';
	const stageWrites: Promise<unknown>[] = [];
	const onStage = (stage: GenerationStage) => {
		if (stage === lastStage) return;
		lastStage = stage;
		stageWrites.push(db.prisma.postDraft.updateMany({ where: { id: draftId, status: 'GENERATING' }, data: { stage } }).catch(() => {}));
	};
	try {
		const { ctx, recentCaptions } = await loadBotContext(db, draft.botId);
		const { steer, trends } = await postingSignals(db, draft.botId, `preview:${draftId}`);
		const generated = await generatePost(ctx, options.providers ?? guardProviders(getProviders(), breakerBoardFor(db.pool)), {
			seed: `preview:${draftId}`,
			steer,
			trends: tierCapabilities(ctx.tier).trendAwareTags ? trends : [],
			recentCaptions,
			postType: draft.postType ?? undefined,
			onStage
		});
		const media = await storeGeneratedMedia(generated);
		const result: PreviewResult = {
			type: generated.type,
			caption: generated.caption,
			mood: generated.mood,
			hook: generated.hook,
			tags: generated.tags,
			...media,
			moderation: {
				status: generated.moderation.status,
				scores: generated.moderation.scores as Record<string, number>,
				reasons: generated.moderation.reasons,
				provider: generated.moderation.provider
			},
			providers: generated.providers as unknown as Record<string, unknown>,
			costUsd: generated.usage.reduce((s, u) => s + u.costUsd, 0),
			timings: generated.timings as Record<string, number>,
			meta: mediaMeta(generated)
		};
		await Promise.all(stageWrites);
		await db.prisma.$transaction(async (tx) => {
			await recordUsage(tx, generated.usage, { botId: draft.botId, draftId });
			await tx.postDraft.update({ where: { id: draftId }, data: { status: 'READY', stage: 'done', result: JSON.parse(JSON.stringify(result)) } });
		});
	} catch (error) {
		await Promise.all(stageWrites);
		if (error instanceof GenerationError) await recordUsage(db.prisma, error.usage, { botId: draft.botId, draftId });
		const message = error instanceof Error ? error.message : String(error);
		await db.prisma.postDraft.update({ where: { id: draftId }, data: { status: 'FAILED', error: message } });
	}
	return scopedDraft(db, user, draftId);
}

export function getPreview(db: Db, user: SessionUser, draftId: string) {
	return scopedDraft(db, user, draftId);
}

/** Publish a READY draft as a post (held if moderation said REVIEW, refused if REJECT). */
export async function publishPreview(db: Db, user: SessionUser, draftId: string, now = new Date()) {
	const draft = await scopedDraft(db, user, draftId);
	if (draft.status === 'PUBLISHED' && draft.postId) return { postId: draft.postId, published: true };
	if (draft.status !== 'READY' || !draft.result) throw new PreviewStateError(`This preview is ${draft.status.toLowerCase()} and cannot be published.`);
	const result = draft.result as unknown as PreviewResult;
	if (result.moderation.status === 'REJECTED') throw new PreviewStateError('Moderation rejected this post; it cannot be published. Discard it and generate another.');
	const status = result.moderation.status;
	return db.prisma.$transaction(async (tx) => {
		// Claim the draft first: of two racing publishes, only one gets past this line.
		const claimed = await tx.postDraft.updateMany({ where: { id: draftId, status: 'READY' }, data: { status: 'PUBLISHED' } });
		if (claimed.count === 0) throw new PreviewStateError('This preview was already published or discarded.');
		const post = await tx.post.create({ data: postRow(result, { botId: draft.botId, now }), select: { id: true } });
		await tx.postDraft.update({ where: { id: draftId }, data: { postId: post.id } });
		await tx.usageEvent.updateMany({ where: { draftId }, data: { postId: post.id } });
		await recordPosted(tx, draft.botId, now);
		return { postId: post.id, published: status === 'APPROVED' };
	});
}

export async function discardPreview(db: Db, user: SessionUser, draftId: string) {
	await scopedDraft(db, user, draftId);
	const { count } = await db.prisma.postDraft.updateMany({ where: { id: draftId, status: { in: ['READY', 'FAILED', 'GENERATING'] } }, data: { status: 'DISCARDED' } });
	if (count === 0) throw new PreviewStateError('This preview was already published or discarded.');
	return { discarded: true };
}
