// The orchestrator: one post for one bot, from decision to moderated media. No database writes
// (publish.ts does the one write), so a preview can run it without publishing anything.
//
// Independent calls run concurrently; the critical path is
//   TEXT:  caption → tags → moderation
//   IMAGE: caption → max(tags, image) → moderation
//   VIDEO: caption → max(tags, image → video) with moderation after tags and image
// so a post takes about as long as its slowest chain, not the sum of every call. Moderation
// judges everything the post publishes (caption with the image, the final tags, the image
// prompt), so it waits for the tags as well as the image.
import { decidePostType, pickVideoDuration, tierCapabilities, type BotContext, type PostIntent, type PostSteer, type PostType } from './types.ts';
import { generateCaption } from './caption.ts';
import { generateTags, normalizeTags } from './tags.ts';
import { generatePostImage, type GeneratedImage } from './image.ts';
import { buildVideoPrompt, generateVideo, type VideoAttempt } from './video.ts';
import { moderatePost, type ModerationOutcome } from '../moderation.ts';
import { seededRng, numericSeed } from './random.ts';
import { ProviderError, type ProviderSet, type UsageRecord } from './providers/types.ts';
import { isRepeatCaption, REPEAT_REASON } from './repeats.ts';
import { cleanText } from '../../text/safe-text.ts';

export type GenerationStage = 'deciding' | 'caption' | 'tags' | 'image' | 'video' | 'moderation' | 'done';

export interface GenerateOptions {
	/** Makes the local providers and the decisions deterministic (the job id, a preview id…). */
	seed: string;
	/** Trending tags the bot may use (the caller loads them for tiers with trend-aware tags). */
	trends?: readonly string[];
	/** The learning loop's draw for this post (sampled by the caller), or nothing. */
	steer?: PostSteer | null;
	/** What an agent meant this post to be about (a BOT_CYCLE's POST decision). */
	intent?: PostIntent | null;
	recentCaptions?: string[];
	/** Force a type (previews can ask for one); otherwise decided from tier, style, mix, learning. */
	postType?: PostType;
	signal?: AbortSignal;
	onStage?: (stage: GenerationStage) => void;
}

export interface GeneratedMedia {
	bytes: Buffer;
	contentType: string;
	width?: number;
	height?: number;
	durationSeconds?: number;
}

export interface GeneratedPost {
	type: PostType;
	caption: string;
	mood: string;
	hook: string;
	/** Which of the persona's interests the post is about ("" when unknown). */
	topic: string;
	tags: string[];
	trendTags: string[];
	learnedTags: string[];
	image: GeneratedMedia | null;
	video: GeneratedMedia | null;
	moderation: ModerationOutcome;
	/** Which provider served each part, and why video providers were skipped or failed. */
	providers: { caption: string; tags: string; image?: string; video?: string; moderation: string; videoAttempts?: VideoAttempt[] };
	typeBias: Record<PostType, number> | null;
	/** The agent's intent this post was written for, if any. */
	intent: PostIntent | null;
	/** Every billed call, for the cost ledger. */
	usage: UsageRecord[];
	timings: Partial<Record<Exclude<GenerationStage, 'deciding' | 'done'>, number>>;
}

/** Generation failed part-way; carries the usage already billed so the ledger stays complete. */
export class GenerationError extends Error {
	override name = 'GenerationError';
	constructor(
		message: string,
		readonly usage: UsageRecord[],
		readonly retryable: boolean,
		options?: { cause?: unknown }
	) {
		super(message, options);
	}
}

/** A verdict that holds the post for an admin (REVIEW) for `reason`, unless it was rejected anyway. */
function holdForReview(moderation: ModerationOutcome, reason: string): ModerationOutcome {
	if (moderation.status === 'REJECTED') return { ...moderation, reasons: [...moderation.reasons, reason] };
	return { ...moderation, decision: 'REVIEW', status: 'REVIEW', reasons: [reason, ...moderation.reasons] };
}

function retryableOf(error: unknown): boolean {
	if (error && typeof error === 'object' && 'retryable' in error) return Boolean((error as { retryable: unknown }).retryable);
	return true;
}

export async function generatePost(ctx: BotContext, providers: ProviderSet, options: GenerateOptions): Promise<GeneratedPost> {
	const usage: UsageRecord[] = [];
	const timings: GeneratedPost['timings'] = {};
	const timed = async <T>(stage: keyof GeneratedPost['timings'], run: () => Promise<T>): Promise<T> => {
		options.onStage?.(stage);
		const started = performance.now();
		try {
			return await run();
		} finally {
			timings[stage] = Math.round(performance.now() - started);
		}
	};
	const rng = seededRng(ctx.id, options.seed, 'decide');
	options.onStage?.('deciding');
	const typeBias = options.steer?.typeBias ?? null;
	const type = options.postType ?? decidePostType(ctx, rng, { bias: typeBias ?? undefined });
	if (type === 'VIDEO' && !tierCapabilities(ctx.tier).videoAllowed) throw new GenerationError(`Tier ${ctx.tier} cannot post video`, usage, false);
	const learnedTags = options.steer?.preferredTags.slice(0, 2) ?? [];
	const intent = options.intent ?? null;

	try {
		const recent = options.recentCaptions ?? [];
		let caption = await timed('caption', () => generateCaption(ctx, providers, { postType: type, seed: options.seed, recentCaptions: recent, intent, signal: options.signal }));
		usage.push(caption.usage);
		// A caption the bot already posted is asked for once more (with the repeat listed among
		// what to avoid); if the second is a repeat too, the post is held for review below.
		let repeated = isRepeatCaption(caption.caption, recent);
		if (repeated) {
			caption = await timed('caption', () =>
				generateCaption(ctx, providers, { postType: type, seed: `${options.seed}:again`, recentCaptions: [caption.caption, ...recent], intent, signal: options.signal })
			);
			usage.push(caption.usage);
			repeated = isRepeatCaption(caption.caption, recent);
		}

		const tagsPromise = timed('tags', () => generateTags(ctx, caption.caption, providers, options.trends ?? [], { seed: options.seed, signal: options.signal })).then((t) => {
			usage.push(t.usage);
			return t;
		});
		// Awaited below; if an earlier stage throws first, this keeps its rejection from being
		// reported as unhandled (which would crash the process).
		tagsPromise.catch(() => {});

		let image: GeneratedImage | null = null;
		let videoPromise: Promise<Awaited<ReturnType<typeof generateVideo>>> | null = null;
		if (type !== 'TEXT') {
			image = await timed('image', () => generatePostImage(ctx, caption.caption, providers, { seed: options.seed, hook: caption.hook, mood: caption.mood, signal: options.signal }));
			usage.push(image.usage);
		}
		if (type === 'VIDEO') {
			const still = image!;
			const duration = pickVideoDuration(ctx.tier, seededRng(ctx.id, options.seed, 'duration'));
			videoPromise = timed('video', () =>
				generateVideo({ bytes: still.bytes, contentType: still.contentType }, buildVideoPrompt(ctx, caption.caption, caption.hook), duration, providers.videoChain, {
					seed: numericSeed(ctx.id, options.seed, 'video'),
					style: ctx.artStyle,
					palette: ctx.personaDna.palette,
					signal: options.signal
				})
			);
			// Settled below; guards against an unhandled rejection if the tags fail first.
			videoPromise.catch(() => {});
		}
		const tags = await tagsPromise;
		// Learned tags join the generated ones (normalised, deduplicated, at most 8).
		const finalTags = normalizeTags([...tags.tags.slice(0, 8 - Math.min(2, learnedTags.length)), ...learnedTags]);
		const moderationPromise = timed('moderation', () =>
			moderatePost(
				{ caption: caption.caption, tags: finalTags, imagePrompt: image?.prompt ?? null },
				image ? { bytes: image.bytes, contentType: image.contentType } : null,
				providers.moderator,
				{ signal: options.signal }
			)
		);

		let videoResult: Awaited<ReturnType<typeof generateVideo>> | null = null;
		let moderation: ModerationOutcome;
		if (videoPromise) {
			const [m, v] = await Promise.allSettled([moderationPromise, videoPromise]);
			if (v.status === 'fulfilled') usage.push(v.value.usage);
			if (m.status === 'fulfilled') usage.push(m.value.usage);
			if (m.status === 'rejected') throw m.reason;
			if (v.status === 'rejected') throw v.reason;
			moderation = m.value;
			videoResult = v.value;
		} else {
			moderation = await moderationPromise;
			usage.push(moderation.usage);
		}
		options.onStage?.('done');
		if (repeated) moderation = holdForReview(moderation, REPEAT_REASON);

		return {
			type,
			// Provider text is cleaned before anything stores it (no NUL, no broken characters).
			caption: cleanText(caption.caption),
			mood: cleanText(caption.mood),
			hook: cleanText(caption.hook),
			topic: cleanText(caption.topic),
			tags: finalTags,
			trendTags: tags.trendTags,
			learnedTags,
			image: image ? { bytes: image.bytes, contentType: image.contentType, width: image.width, height: image.height } : null,
			video: videoResult
				? { bytes: videoResult.clip.bytes, contentType: videoResult.clip.contentType, durationSeconds: videoResult.clip.durationSeconds }
				: null,
			moderation,
			providers: {
				caption: `${caption.usage.provider}:${caption.usage.model}`,
				tags: `${tags.usage.provider}:${tags.usage.model}`,
				...(image ? { image: `${image.provider}:${image.model}` } : {}),
				...(videoResult ? { video: `${videoResult.clip.provider}:${videoResult.clip.model}`, videoAttempts: videoResult.attempts } : {}),
				moderation: `${moderation.provider}:${moderation.usage.model}`
			},
			typeBias,
			intent,
			usage,
			timings
		};
	} catch (error) {
		if (error instanceof GenerationError) throw error;
		// Calls billed before a provider failed (e.g. malformed JSON attempts) still cost money.
		if (error instanceof ProviderError) usage.push(...error.usage);
		const message = error instanceof Error ? error.message : String(error);
		throw new GenerationError(`Generating a ${type} post for @${ctx.handle} failed: ${message}`, usage, retryableOf(error), { cause: error });
	}
}
