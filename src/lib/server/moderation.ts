// Content moderation policy: a moderator scores text (and the image, where the model can) per
// category; the thresholds below turn scores into APPROVE, REVIEW (held for an admin) or REJECT.
// Only APPROVE publishes. The moderator itself is pluggable (OpenAI omni-moderation or the local
// rule-based one, see ai/providers/); what this module adds holds for any of them: text is judged
// as a reader sees it (moderation/skeleton.ts), every published part is judged, and an answer
// without usable scores fails closed.
import type { ModerationCategory, ModerationResult, Moderator, UsageRecord } from './ai/providers/types.ts';
import { MODERATION_CATEGORIES, ProviderError, toDataUrl } from './ai/providers/types.ts';
import { moderationVariants } from './moderation/skeleton.ts';

export type ModerationDecision = 'APPROVE' | 'REVIEW' | 'REJECT';

export interface CategoryThreshold {
	/** At or above: held for an admin. */
	review: number;
	/** At or above: rejected outright. */
	reject: number;
}

/**
 * Scores are the provider's 0..1 confidence. The defaults (review 0.40, reject 0.80) apply unless a
 * category is listed with its own numbers:
 *  - sexual/minors: review 0.01, reject 0.10 — zero tolerance; anything detectable is held.
 *  - threatening variants, graphic and violent-illicit content: review 0.30, reject 0.70.
 *  - self-harm intent and instructions: review 0.20, reject 0.60 (a person may be at risk).
 *  - violence: review 0.50, reject 0.90 — cartoon and comic violence ("KAPOW") is everyday
 *    creative content and should not be held on a mild score.
 *  - hate: review 0.35, reject 0.75.
 */
export const DEFAULT_THRESHOLD: CategoryThreshold = { review: 0.4, reject: 0.8 };

export const MODERATION_THRESHOLDS: Readonly<Record<ModerationCategory, CategoryThreshold>> = {
	harassment: { review: 0.4, reject: 0.85 },
	'harassment/threatening': { review: 0.3, reject: 0.7 },
	hate: { review: 0.35, reject: 0.75 },
	'hate/threatening': { review: 0.3, reject: 0.7 },
	illicit: DEFAULT_THRESHOLD,
	'illicit/violent': { review: 0.3, reject: 0.7 },
	'self-harm': { review: 0.3, reject: 0.7 },
	'self-harm/intent': { review: 0.2, reject: 0.6 },
	'self-harm/instructions': { review: 0.2, reject: 0.6 },
	sexual: DEFAULT_THRESHOLD,
	'sexual/minors': { review: 0.01, reject: 0.1 },
	violence: { review: 0.5, reject: 0.9 },
	'violence/graphic': { review: 0.3, reject: 0.7 }
};

export interface ModerationVerdict {
	decision: ModerationDecision;
	/** Human-readable, one per category over a threshold, worst first; empty when approved. */
	reasons: string[];
}

/**
 * Maps scores to a decision. Any category at/over its reject threshold rejects; otherwise any at/over
 * review holds; a provider that flags content without any score crossing our thresholds still holds
 * it for review (its verdict is evidence we should not silently overrule).
 */
export function decideModeration(scores: Partial<Record<string, number>>, flagged = false): ModerationVerdict {
	const hits: Array<{ category: string; score: number; level: 'REJECT' | 'REVIEW' }> = [];
	for (const [category, raw] of Object.entries(scores)) {
		const score = Number(raw);
		if (!Number.isFinite(score)) continue;
		const threshold = MODERATION_THRESHOLDS[category as ModerationCategory] ?? DEFAULT_THRESHOLD;
		if (score >= threshold.reject) hits.push({ category, score, level: 'REJECT' });
		else if (score >= threshold.review) hits.push({ category, score, level: 'REVIEW' });
	}
	hits.sort((a, b) => (a.level === b.level ? b.score - a.score : a.level === 'REJECT' ? -1 : 1));
	const reasons = hits.map((h) => `${h.category} ${h.score.toFixed(2)} ≥ ${h.level === 'REJECT' ? 'reject' : 'review'} threshold`);
	if (hits.some((h) => h.level === 'REJECT')) return { decision: 'REJECT', reasons };
	if (hits.length > 0) return { decision: 'REVIEW', reasons };
	if (flagged) return { decision: 'REVIEW', reasons: ['flagged by the moderation provider'] };
	return { decision: 'APPROVE', reasons: [] };
}

/** The Post.moderationStatus value for a decision. */
export function moderationStatusFor(decision: ModerationDecision): 'APPROVED' | 'REVIEW' | 'REJECTED' {
	return decision === 'APPROVE' ? 'APPROVED' : decision === 'REVIEW' ? 'REVIEW' : 'REJECTED';
}

export interface ModerationImage {
	url?: string;
	bytes?: Buffer;
	contentType?: string;
}

export interface ModerationOutcome extends ModerationVerdict {
	status: 'APPROVED' | 'REVIEW' | 'REJECTED';
	/** The worst score per category over every text moderated (original and skeleton, every part). */
	scores: Partial<Record<ModerationCategory, number>>;
	flagged: boolean;
	imageChecked: boolean;
	provider: string;
	/** One record for all the moderator calls this verdict took (tokens and images added up). */
	usage: UsageRecord;
}

/** What one post puts in front of readers, plus what its image was made from. */
export interface ModerationParts {
	caption: string;
	/** Normalised tags ("kill_yourself"): judged as they read, "#kill yourself". */
	tags?: readonly string[];
	/** The prompt the image (and so the video) was generated from. */
	imagePrompt?: string | null;
}

/** The moderator answered, but with nothing we can judge by: fail closed (the job retries). */
export class UnusableModerationError extends ProviderError {
	override name = 'UnusableModerationError';
}

interface ModerationInput {
	part: 'caption' | 'tags' | 'image prompt' | 'text';
	text: string;
	imageUrl?: string;
}

/**
 * Scores `text` (and the image) with the moderator and applies the thresholds. The text is judged
 * as written and as a reader sees it (its skeleton, see moderation/skeleton.ts), and the worse
 * score per category counts. Provider errors propagate; an answer without usable scores is an
 * UnusableModerationError (retryable), never an approval.
 */
export async function moderateContent(
	text: string,
	image: ModerationImage | null,
	moderator: Moderator,
	options: { signal?: AbortSignal } = {}
): Promise<ModerationOutcome> {
	return moderateInputs(variantsOf('text', text, imageUrlFor(image)), moderator, options);
}

/**
 * Moderates everything a post publishes: the caption (with the image), the tags, and the prompt
 * the image was generated from — each as written and as its skeleton. The worst score per
 * category over all of them decides, so a flagged tag or image prompt holds or rejects the post
 * (and an unpublished post's tags never reach the trends). Reasons name the part that scored.
 */
export async function moderatePost(
	parts: ModerationParts,
	image: ModerationImage | null,
	moderator: Moderator,
	options: { signal?: AbortSignal } = {}
): Promise<ModerationOutcome> {
	const inputs = variantsOf('caption', parts.caption, imageUrlFor(image));
	if (parts.tags && parts.tags.length > 0) inputs.push(...variantsOf('tags', tagsAsRead(parts.tags)));
	if (parts.imagePrompt) inputs.push(...variantsOf('image prompt', parts.imagePrompt));
	return moderateInputs(inputs, moderator, options);
}

/** Tags as a reader sees them under a post: "#kill yourself" for kill_yourself. */
export function tagsAsRead(tags: readonly string[]): string {
	return tags.map((tag) => `#${tag.replace(/_/g, ' ')}`).join(' ');
}

function variantsOf(part: ModerationInput['part'], text: string, imageUrl?: string): ModerationInput[] {
	// The image travels with the first text only: one look at it is enough.
	return moderationVariants(text).map((variant, i) => ({ part, text: variant, imageUrl: i === 0 ? imageUrl : undefined }));
}

async function moderateInputs(inputs: ModerationInput[], moderator: Moderator, options: { signal?: AbortSignal }): Promise<ModerationOutcome> {
	const unique = inputs.filter((input, i) => input.imageUrl || inputs.findIndex((other) => other.text === input.text && !other.imageUrl) === i);
	const results = await Promise.all(
		unique.map(async (input) => ({ input, result: await moderator.moderate({ text: input.text, imageUrl: input.imageUrl, signal: options.signal }) }))
	);
	const scores: Partial<Record<ModerationCategory, number>> = {};
	const source: Partial<Record<ModerationCategory, ModerationInput['part']>> = {};
	for (const { input, result } of results) {
		const usable = usableScores(result, moderator);
		for (const category of MODERATION_CATEGORIES) {
			const score = usable[category];
			if (score !== undefined && score > (scores[category] ?? -1)) {
				scores[category] = score;
				source[category] = input.part;
			}
		}
	}
	const flagged = results.some(({ result }) => result.flagged === true);
	const verdict = decideModeration(scores, flagged);
	const multipart = new Set(unique.map((u) => u.part)).size > 1;
	const reasons = multipart
		? verdict.reasons.map((reason) => {
				const category = reason.split(' ')[0] as ModerationCategory;
				return source[category] ? `${reason} (${source[category]})` : reason;
			})
		: verdict.reasons;
	return {
		decision: verdict.decision,
		reasons,
		status: moderationStatusFor(verdict.decision),
		scores,
		flagged,
		imageChecked: results.some(({ result }) => result.imageChecked === true),
		provider: moderator.provider,
		usage: mergeUsage(results.map(({ result }) => result.usage), moderator)
	};
}

/**
 * The finite 0..1 scores of a moderator's answer. Fails closed: an answer with no such score for
 * any category (empty, missing, null, strings, out of range) cannot approve anything, so it is an
 * error the job retries rather than a clean bill.
 */
export function usableScores(result: Pick<ModerationResult, 'scores'> | null | undefined, moderator: Pick<Moderator, 'provider' | 'model'>): Partial<Record<ModerationCategory, number>> {
	const reported: unknown = result?.scores;
	const out: Partial<Record<ModerationCategory, number>> = {};
	if (reported && typeof reported === 'object') {
		for (const category of MODERATION_CATEGORIES) {
			const score = (reported as Record<string, unknown>)[category];
			if (typeof score === 'number' && Number.isFinite(score) && score >= 0 && score <= 1) out[category] = score;
		}
	}
	if (Object.keys(out).length === 0) {
		throw new UnusableModerationError(`${moderator.provider}:${moderator.model} answered without usable category scores; nothing is approved without them`, {
			provider: moderator.provider,
			model: moderator.model,
			kind: 'malformed',
			retryable: true
		});
	}
	return out;
}

function mergeUsage(records: UsageRecord[], moderator: Moderator): UsageRecord {
	const sum = (pick: (r: UsageRecord) => number | undefined) => {
		const values = records.map(pick).filter((v): v is number => typeof v === 'number');
		return values.length ? values.reduce((a, b) => a + b, 0) : undefined;
	};
	return {
		provider: records[0]?.provider ?? moderator.provider,
		model: records[0]?.model ?? moderator.model,
		operation: 'moderation',
		...(sum((r) => r.inputTokens) !== undefined ? { inputTokens: sum((r) => r.inputTokens) } : {}),
		...(sum((r) => r.images) !== undefined ? { images: sum((r) => r.images) } : {}),
		costUsd: sum((r) => r.costUsd) ?? 0
	};
}

function imageUrlFor(image: ModerationImage | null): string | undefined {
	if (!image) return undefined;
	if (image.url && /^(https?:|data:)/.test(image.url)) return image.url;
	// Moderation models take still images; an animated clip is checked through its source still.
	if (image.bytes && image.contentType && /^image\/(png|jpeg|webp|gif)$/.test(image.contentType)) {
		return toDataUrl(image.bytes, image.contentType);
	}
	return undefined;
}
