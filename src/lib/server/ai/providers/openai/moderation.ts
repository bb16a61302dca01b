// Moderation through omni-moderation, with its scores checked before they are trusted.
import OpenAI from 'openai';
import { MODERATION_CATEGORIES, ProviderError, type ModerationCategory, type ModerationRequest, type ModerationResult, type Moderator } from '../types.ts';
import { createOpenAiClient, OPENAI_PROVIDER, toOpenAiError, type OpenAiOptions } from './client.ts';

export class OpenAiModerator implements Moderator {
	readonly provider = OPENAI_PROVIDER;
	readonly model: string;
	private readonly client: OpenAI;

	constructor(options: Omit<OpenAiOptions, 'model' | 'schemaRetries'> & { model?: string }, client?: OpenAI) {
		this.model = options.model ?? 'omni-moderation-latest';
		this.client = client ?? createOpenAiClient(options);
	}

	async moderate(request: ModerationRequest): Promise<ModerationResult> {
		const input: OpenAI.ModerationCreateParams['input'] = request.imageUrl
			? [
					{ type: 'text', text: request.text },
					{ type: 'image_url', image_url: { url: request.imageUrl } }
				]
			: request.text;
		let response: OpenAI.ModerationCreateResponse;
		try {
			response = await this.client.moderations.create({ model: this.model, input }, { signal: request.signal });
		} catch (error) {
			throw toOpenAiError(error, this.model);
		}
		if (!Array.isArray(response?.results) || response.results.length === 0) {
			throw new ProviderError('OpenAI moderation returned no results', { provider: OPENAI_PROVIDER, model: this.model, kind: 'malformed', retryable: true });
		}
		// One result per input item; the strictest score per category wins. Fail closed: every
		// result must carry category_scores as an object of numbers in 0..1 (a compatible server
		// or proxy answering {}, null, strings or nothing would otherwise read as "all clear").
		const scores: Partial<Record<ModerationCategory, number>> = {};
		for (const [index, result] of response.results.entries()) {
			const reported: unknown = (result as { category_scores?: unknown } | null)?.category_scores;
			const problem = moderationScoresProblem(reported);
			if (problem) {
				throw new ProviderError(`OpenAI moderation result ${index + 1} is unusable: ${problem}`, { provider: OPENAI_PROVIDER, model: this.model, kind: 'malformed', retryable: true });
			}
			for (const category of MODERATION_CATEGORIES) {
				const score = (reported as Record<string, unknown>)[category];
				if (typeof score === 'number') scores[category] = Math.max(scores[category] ?? 0, score);
			}
		}
		return {
			scores,
			flagged: response.results.some((r) => r?.flagged === true),
			imageChecked: Boolean(request.imageUrl),
			// omni-moderation is free of charge.
			usage: { provider: OPENAI_PROVIDER, model: this.model, operation: 'moderation', inputTokens: Math.ceil(request.text.length / 4), images: request.imageUrl ? 1 : undefined, costUsd: 0 }
		};
	}
}

/**
 * Why a moderation result's `category_scores` cannot be trusted, or null when it can: it must be
 * an object whose known categories that are present hold numbers in 0..1, with at least one known
 * category present.
 */
export function moderationScoresProblem(reported: unknown): string | null {
	if (reported === undefined) return 'category_scores is missing';
	if (reported === null || typeof reported !== 'object' || Array.isArray(reported)) return `category_scores is ${reported === null ? 'null' : typeof reported}`;
	let known = 0;
	for (const category of MODERATION_CATEGORIES) {
		if (!(category in reported)) continue;
		const score = (reported as Record<string, unknown>)[category];
		if (typeof score !== 'number' || !Number.isFinite(score) || score < 0 || score > 1) return `category_scores.${category} is ${JSON.stringify(score)}, not a number in 0..1`;
		known++;
	}
	return known === 0 ? 'category_scores holds no known category' : null;
}
