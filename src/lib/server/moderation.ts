// Content moderation policy: a moderator scores text (and the image, where the model can) per
// category; the thresholds below turn scores into APPROVE, REVIEW (held for an admin) or REJECT.
// Only APPROVE publishes. The moderator itself is pluggable (OpenAI omni-moderation or the local
// rule-based one, see ai/providers/).
import type { ModerationCategory, Moderator, UsageRecord } from './ai/providers/types.ts';
import { MODERATION_CATEGORIES, toDataUrl } from './ai/providers/types.ts';

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
	scores: Partial<Record<ModerationCategory, number>>;
	flagged: boolean;
	imageChecked: boolean;
	provider: string;
	usage: UsageRecord;
}

/** Scores text (and image) with the moderator and applies the thresholds. Provider errors propagate. */
export async function moderateContent(
	text: string,
	image: ModerationImage | null,
	moderator: Moderator,
	options: { signal?: AbortSignal } = {}
): Promise<ModerationOutcome> {
	const imageUrl = imageUrlFor(image);
	const result = await moderator.moderate({ text, imageUrl, signal: options.signal });
	const scores: Partial<Record<ModerationCategory, number>> = {};
	for (const category of MODERATION_CATEGORIES) {
		const score = result.scores[category];
		if (typeof score === 'number' && Number.isFinite(score)) scores[category] = score;
	}
	const verdict = decideModeration(scores, result.flagged);
	return {
		...verdict,
		status: moderationStatusFor(verdict.decision),
		scores,
		flagged: result.flagged,
		imageChecked: result.imageChecked,
		provider: moderator.provider,
		usage: result.usage
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
