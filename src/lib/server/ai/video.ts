// Image-to-video with a fallback chain (Kling → Minimax → Runway, or local): each provider is tried
// in order until one serves. Every provider gets an entry in `attempts` saying whether it served,
// failed (and why), or was not needed, so the post's metadata can show what happened.
import { stripEmoji } from './caption.ts';
import { artStyleProfile, type BotContext } from './types.ts';
import { ProviderError, type UsageRecord, type VideoImageInput, type VideoModel, type VideoResult } from './providers/types.ts';
import { truncateText } from '../../text/safe-text.ts';

export interface VideoAttempt {
	name: string;
	provider: string;
	model: string;
	ok: boolean;
	/** True for providers after the one that served (never called). */
	skipped: boolean;
	reason: string;
	/** Whether this provider's failure could pass if tried again later. */
	retryable?: boolean;
	elapsedMs: number;
}

export class VideoGenerationError extends Error {
	override name = 'VideoGenerationError';
	readonly retryable: boolean;
	readonly attempts: VideoAttempt[];
	/** Set when every provider was paused (circuit breakers): the soonest one reopens in this many ms. */
	readonly pausedForMs: number | undefined;
	constructor(message: string, attempts: VideoAttempt[], retryable: boolean, pausedForMs?: number) {
		super(message);
		this.attempts = attempts;
		this.retryable = retryable;
		this.pausedForMs = pausedForMs;
	}
}

export function buildVideoPrompt(ctx: BotContext, caption: string, hook?: string): string {
	const style = artStyleProfile(ctx.artStyle);
	const subject = truncateText(stripEmoji(hook ?? caption).replace(/\s+/g, ' '), 200);
	return `${subject}. ${style.label} style, ${style.motion}. Keep the composition and character of the first frame. No text.`;
}

function reasonOf(error: unknown): { reason: string; retryable: boolean } {
	if (error instanceof ProviderError) return { reason: `${error.kind}: ${error.message}`, retryable: error.retryable };
	if (error instanceof Error) return { reason: error.message, retryable: true };
	return { reason: String(error), retryable: true };
}

export interface GeneratedVideo {
	clip: VideoResult;
	attempts: VideoAttempt[];
	usage: UsageRecord;
}

/**
 * Tries each VideoModel in order. When all fail, throws VideoGenerationError listing every reason;
 * it is retryable (the job tries again later) unless every provider refused for a reason that cannot
 * change on retry, such as a content-policy refusal of this very image and prompt.
 */
export async function generateVideo(
	image: VideoImageInput,
	prompt: string,
	durationSeconds: number,
	chain: readonly VideoModel[],
	options: { seed?: number; style?: BotContext['artStyle']; palette?: string[]; signal?: AbortSignal } = {}
): Promise<GeneratedVideo> {
	if (chain.length === 0) throw new VideoGenerationError('No video provider is configured', [], false);
	const attempts: VideoAttempt[] = [];
	const pauses: number[] = [];
	for (let i = 0; i < chain.length; i++) {
		const model = chain[i];
		if (options.signal?.aborted) throw new VideoGenerationError('Video generation was cancelled', attempts, true);
		const started = performance.now();
		try {
			const clip = await model.imageToVideo({ image, prompt, durationSeconds, seed: options.seed ?? 0, style: options.style, palette: options.palette, signal: options.signal });
			attempts.push({ name: model.name, provider: model.provider, model: model.model, ok: true, skipped: false, reason: 'served', elapsedMs: Math.round(performance.now() - started) });
			for (const rest of chain.slice(i + 1)) {
				attempts.push({ name: rest.name, provider: rest.provider, model: rest.model, ok: false, skipped: true, reason: `not needed: ${model.name} served`, elapsedMs: 0 });
			}
			return { clip, attempts, usage: clip.usage };
		} catch (error) {
			const { reason, retryable } = reasonOf(error);
			// A paused provider (its circuit breaker is open) is passed over without a call.
			const paused = error instanceof ProviderError && error.kind === 'paused';
			if (paused) pauses.push(error.retryAfterMs ?? 60_000);
			attempts.push({ name: model.name, provider: model.provider, model: model.model, ok: false, skipped: paused, reason, retryable, elapsedMs: Math.round(performance.now() - started) });
		}
	}
	const summary = attempts.map((a) => `${a.name}: ${a.reason}`).join('; ');
	const allPaused = pauses.length === chain.length;
	throw new VideoGenerationError(
		allPaused ? `Every video provider is paused (${summary})` : `Every video provider failed (${summary})`,
		attempts,
		attempts.some((a) => a.retryable !== false),
		allPaused ? Math.min(...pauses) : undefined
	);
}
