// Embeddings (memory retrieval) through the official SDK.
import OpenAI from 'openai';
import { normaliseVector, ProviderError, type EmbeddingModel, type EmbeddingResult } from '../types.ts';
import { createOpenAiClient, OPENAI_PROVIDER, toOpenAiError, type OpenAiOptions } from './client.ts';
import { estimateOpenAiEmbeddingCost } from './prices.ts';

/**
 * Embeddings through the official SDK (`client.embeddings.create`). The text-embedding-3 models
 * shorten their vectors to `dimensions` on the server (OpenAI's Matryoshka-trained embeddings), so
 * memories stay small; a compatible server that ignores the parameter is fine too: vectors are
 * taken at the length they come in, re-normalised, and only compared with the same model's.
 */
export class OpenAiEmbeddingModel implements EmbeddingModel {
	readonly provider = OPENAI_PROVIDER;
	readonly model: string;
	readonly dimensions: number;
	private readonly client: OpenAI;

	constructor(options: Omit<OpenAiOptions, 'model' | 'schemaRetries'> & { model?: string; dimensions?: number }, client?: OpenAI) {
		this.model = options.model ?? 'text-embedding-3-small';
		this.dimensions = options.dimensions ?? 256;
		this.client = client ?? createOpenAiClient(options);
	}

	async embed(texts: readonly string[], options: { signal?: AbortSignal } = {}): Promise<EmbeddingResult> {
		if (texts.length === 0) return { vectors: [], usage: { provider: this.provider, model: this.model, operation: 'embedding', inputTokens: 0, costUsd: 0 } };
		let response: OpenAI.CreateEmbeddingResponse;
		try {
			response = await this.client.embeddings.create(
				{
					model: this.model,
					// An empty string is refused by the API; one space embeds as "nothing".
					input: texts.map((t) => t.trim() || ' '),
					...(/^text-embedding-3/.test(this.model) ? { dimensions: this.dimensions } : {})
				},
				{ signal: options.signal }
			);
		} catch (error) {
			// A body that is not JSON: the server answered, badly. Worth another try later.
			if (error instanceof SyntaxError) throw new ProviderError(`OpenAI embeddings (${this.model}) answered with a body that is not JSON`, { provider: OPENAI_PROVIDER, model: this.model, kind: 'malformed', retryable: true, cause: error });
			throw toOpenAiError(error, this.model);
		}
		const data = Array.isArray(response?.data) ? response.data : null;
		const malformed = (why: string) => new ProviderError(`OpenAI embeddings (${this.model}) returned ${why}`, { provider: OPENAI_PROVIDER, model: this.model, kind: 'malformed', retryable: true });
		if (!data || data.length !== texts.length) throw malformed(`${data?.length ?? 'no'} vectors for ${texts.length} inputs`);
		const vectors = new Array<Float32Array>(texts.length);
		for (const item of data) {
			const index = typeof item?.index === 'number' ? item.index : -1;
			const values = item?.embedding as unknown;
			if (index < 0 || index >= texts.length || vectors[index]) throw malformed('vectors out of order');
			if (!(Array.isArray(values) || values instanceof Float32Array) || values.length === 0) throw malformed('an empty or non-numeric vector');
			const vector = Float32Array.from(values as ArrayLike<number>);
			if (vector.some((x) => !Number.isFinite(x))) throw malformed('a vector with non-finite numbers');
			vectors[index] = normaliseVector(vector);
		}
		const inputTokens = response.usage?.prompt_tokens ?? 0;
		return { vectors, usage: { provider: OPENAI_PROVIDER, model: this.model, operation: 'embedding', inputTokens, costUsd: estimateOpenAiEmbeddingCost(this.model, inputTokens) } };
	}
}
