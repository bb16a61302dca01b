// OpenAI (or any OpenAI-compatible server via OPENAI_BASE_URL: Ollama, vLLM, LM Studio…) through the
// official SDK: chat completions with strict JSON-schema output (plus image inputs for vision) and
// omni-moderation.
//
// Retries: the SDK itself retries 408/409/429/5xx and connection errors `maxRetries` times, waiting
// what Retry-After / retry-after-ms say (up to 60 s; beyond that it uses its own backoff), and
// applies `timeout` per attempt. On top of that, output that is not valid JSON for the schema is
// asked for again up to `schemaRetries` times before failing with a ProviderError.
import OpenAI, {
	APIConnectionError,
	APIConnectionTimeoutError,
	APIError,
	APIUserAbortError,
	AuthenticationError,
	BadRequestError,
	PermissionDeniedError,
	RateLimitError
} from 'openai';
import {
	MODERATION_CATEGORIES,
	normaliseVector,
	ProviderError,
	type EmbeddingModel,
	type EmbeddingResult,
	type JsonRequest,
	type JsonResult,
	type ModerationCategory,
	type ModerationRequest,
	type ModerationResult,
	retryAfterFromHeaders,
	type Moderator,
	type TextModel,
	type UsageOperation,
	type UsageRecord
} from './types.ts';
import { cleanJson, truncateText } from '../../../text/safe-text.ts';

export const OPENAI_PROVIDER = 'openai';

/** USD per million tokens (input, output), from OpenAI's published prices. Unknown models: 0. */
const PRICES: Array<[RegExp, number, number]> = [
	[/^gpt-4o-mini/, 0.15, 0.6],
	[/^gpt-4o/, 2.5, 10],
	[/^gpt-4\.1-nano/, 0.1, 0.4],
	[/^gpt-4\.1-mini/, 0.4, 1.6],
	[/^gpt-4\.1/, 2, 8],
	[/^gpt-5-nano/, 0.05, 0.4],
	[/^gpt-5-mini/, 0.25, 2],
	[/^gpt-5/, 1.25, 10]
];

/** USD per million input tokens of the embedding models, from OpenAI's published prices. */
const EMBEDDING_PRICES: Array<[RegExp, number]> = [
	[/^text-embedding-3-small/, 0.02],
	[/^text-embedding-3-large/, 0.13],
	[/^text-embedding-ada-002/, 0.1]
];

export function estimateOpenAiEmbeddingCost(model: string, inputTokens: number): number {
	const price = EMBEDDING_PRICES.find(([re]) => re.test(model));
	return price ? Math.round(((inputTokens * price[1]) / 1_000_000) * 1e6) / 1e6 : 0;
}

export function estimateOpenAiCost(model: string, inputTokens: number, outputTokens: number): number {
	const price = PRICES.find(([re]) => re.test(model));
	if (!price) return 0;
	return Math.round(((inputTokens * price[1] + outputTokens * price[2]) / 1_000_000) * 1e6) / 1e6;
}

export interface OpenAiOptions {
	apiKey: string;
	baseURL?: string;
	model: string;
	/** Per HTTP attempt. */
	timeoutMs: number;
	/** SDK retries for 429/5xx/connection errors. */
	maxRetries: number;
	/** Extra attempts when the output is not valid JSON for the schema. */
	schemaRetries?: number;
}

export function createOpenAiClient(options: Pick<OpenAiOptions, 'apiKey' | 'baseURL' | 'timeoutMs' | 'maxRetries'>): OpenAI {
	return new OpenAI({ apiKey: options.apiKey, baseURL: options.baseURL, timeout: options.timeoutMs, maxRetries: options.maxRetries, fetch: fetchWithoutQuotaRetries });
}

/** OpenAI's error codes for an account that cannot pay for more calls: waiting does not help. */
const QUOTA_CODES = new Set(['insufficient_quota', 'billing_hard_limit_reached', 'billing_not_active']);

/**
 * The SDK retries every 429, but a 429 that says the account is out of quota will be refused
 * again however long we wait. Such a response gets `x-should-retry: false`, the header the SDK
 * obeys over its own rule, so the call fails at once (and the job fails permanently, see
 * toOpenAiError) instead of 3 SDK tries × 5 job attempts × backoff.
 */
export async function fetchWithoutQuotaRetries(input: string | URL | Request, init?: RequestInit): Promise<Response> {
	const response = await fetch(input, init);
	if (response.status !== 429) return response;
	let code: unknown;
	try {
		const body = (await response.clone().json()) as { error?: { code?: unknown; type?: unknown } };
		code = body?.error?.code ?? body?.error?.type;
	} catch {
		return response; // not JSON: an ordinary rate limit
	}
	if (typeof code !== 'string' || !QUOTA_CODES.has(code)) return response;
	const headers = new Headers(response.headers);
	headers.set('x-should-retry', 'false');
	return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/** Maps SDK errors to ProviderError; `retryable` says whether a later job attempt may succeed. */
export function toOpenAiError(error: unknown, model: string, usage: UsageRecord[] = []): ProviderError {
	if (error instanceof ProviderError) return error;
	const base = { provider: OPENAI_PROVIDER, model, usage, cause: error };
	if (error instanceof APIConnectionTimeoutError) return new ProviderError(`OpenAI request timed out (${model})`, { ...base, kind: 'timeout', retryable: true });
	if (error instanceof APIUserAbortError) return new ProviderError(`OpenAI request was cancelled (${model})`, { ...base, kind: 'timeout', retryable: true });
	if (error instanceof APIConnectionError) return new ProviderError(`Could not reach OpenAI: ${error.message}`, { ...base, kind: 'network', retryable: true });
	if (error instanceof RateLimitError) {
		const code = String(error.code ?? error.type ?? '');
		if (QUOTA_CODES.has(code)) {
			return new ProviderError(
				`OpenAI says the account is out of quota (${code}): add credit or raise the monthly limit at https://platform.openai.com/settings/organization/billing, then retry the failed jobs`,
				{ ...base, kind: 'quota', retryable: false, status: 429 }
			);
		}
		return new ProviderError(`OpenAI rate limit persisted after retries: ${error.message}`, {
			...base,
			kind: 'rate_limit',
			retryable: true,
			status: 429,
			retryAfterMs: retryAfterFromHeaders(error.headers)
		});
	}
	if (error instanceof AuthenticationError) {
		return new ProviderError(`OpenAI rejected the API key (401): check OPENAI_API_KEY (a revoked or mistyped key), then retry the failed jobs. ${error.message}`, {
			...base,
			kind: 'auth',
			retryable: false,
			status: 401
		});
	}
	if (error instanceof PermissionDeniedError) {
		return new ProviderError(
			`OpenAI refused access (403) to ${model}: give the key's project access to this model (or set OPENAI_MODEL to one it has), then retry the failed jobs. ${error.message}`,
			{ ...base, kind: 'auth', retryable: false, status: 403 }
		);
	}
	if (error instanceof BadRequestError) {
		const refused = /content[_ ]?(policy|filter)|safety/i.test(`${error.code ?? ''} ${error.message}`);
		return new ProviderError(`OpenAI ${refused ? 'refused the content' : 'rejected the request'}: ${error.message}`, {
			...base,
			kind: refused ? 'refusal' : 'bad_request',
			retryable: false,
			status: 400
		});
	}
	if (error instanceof APIError) {
		const status = error.status ?? 0;
		return new ProviderError(`OpenAI error ${status || ''}: ${error.message}`.trim(), { ...base, kind: status >= 500 ? 'server' : 'bad_request', retryable: status >= 500 || status === 408 || status === 409, status });
	}
	return new ProviderError(`OpenAI call failed: ${(error as Error)?.message ?? String(error)}`, { ...base, kind: 'server', retryable: true });
}

function sumUsage(records: UsageRecord[], model: string, operation: UsageOperation): UsageRecord {
	const inputTokens = records.reduce((s, r) => s + (r.inputTokens ?? 0), 0);
	const outputTokens = records.reduce((s, r) => s + (r.outputTokens ?? 0), 0);
	return { provider: OPENAI_PROVIDER, model, operation, inputTokens, outputTokens, costUsd: estimateOpenAiCost(model, inputTokens, outputTokens) };
}

/** A 400 saying the output-limit field we sent is not accepted (OpenAI: `unsupported_parameter`; others: "unrecognized argument"). */
function rejectsTokenLimitField(error: unknown, field: string): boolean {
	if (!(error instanceof BadRequestError)) return false;
	const param = (error as { param?: unknown }).param;
	return param === field || (new RegExp(`\\b${field}\\b`).test(error.message) && /unsupported|unrecogni[sz]ed|not supported|extra inputs|unknown/i.test(error.message));
}

export class OpenAiTextModel implements TextModel {
	readonly provider = OPENAI_PROVIDER;
	readonly model: string;
	readonly supportsImages = true;
	private readonly client: OpenAI;
	private readonly schemaRetries: number;
	/**
	 * The output-limit field: OpenAI-compatible servers (Ollama, vLLM…) know `max_tokens`, OpenAI's
	 * newer models only `max_completion_tokens`. Chosen from the base URL, and switched (once, then
	 * remembered) when a server rejects it, e.g. a proxy in front of OpenAI at a custom base URL.
	 */
	private tokenLimitField: 'max_tokens' | 'max_completion_tokens';
	/** Reasoning models accept only the default temperature. */
	private readonly fixedTemperature: boolean;

	constructor(options: OpenAiOptions, client?: OpenAI) {
		this.model = options.model;
		this.client = client ?? createOpenAiClient(options);
		this.schemaRetries = options.schemaRetries ?? 2;
		const compatibleServer = Boolean(options.baseURL) && !/^https:\/\/api\.openai\.com\//.test(options.baseURL ?? '');
		this.tokenLimitField = compatibleServer ? 'max_tokens' : 'max_completion_tokens';
		this.fixedTemperature = /^(o\d|gpt-5)/.test(options.model);
	}

	async generateJson<T>(request: JsonRequest<T>): Promise<JsonResult<T>> {
		const userContent: OpenAI.Chat.Completions.ChatCompletionContentPart[] | string =
			request.images && request.images.length > 0
				? [{ type: 'text', text: request.user }, ...request.images.map((url) => ({ type: 'image_url' as const, image_url: { url, detail: 'low' as const } }))]
				: request.user;
		const billed: UsageRecord[] = [];
		const problems: string[] = [];
		let fieldSwitches = 0;

		for (let attempt = 0; attempt <= this.schemaRetries; attempt++) {
			let completion: OpenAI.Chat.Completions.ChatCompletion;
			try {
				completion = await this.client.chat.completions.create(
					{
						model: this.model,
						messages: [
							{ role: 'system', content: request.system },
							{ role: 'user', content: userContent }
						],
						response_format: { type: 'json_schema', json_schema: { name: request.schemaName, schema: request.jsonSchema, strict: true } },
						...(this.fixedTemperature || request.temperature === undefined ? {} : { temperature: request.temperature }),
						...(request.maxOutputTokens === undefined ? {} : { [this.tokenLimitField]: request.maxOutputTokens })
					},
					{ signal: request.signal }
				);
			} catch (error) {
				// The server wants the other output-limit field: switch, and ask again at once (the
				// rejected request was not billed and is not a malformed answer).
				if (request.maxOutputTokens !== undefined && rejectsTokenLimitField(error, this.tokenLimitField)) {
					this.tokenLimitField = this.tokenLimitField === 'max_tokens' ? 'max_completion_tokens' : 'max_tokens';
					attempt--;
					if (++fieldSwitches > 1) throw toOpenAiError(error, this.model, billed.length ? [sumUsage(billed, this.model, request.operation)] : []);
					continue;
				}
				// A body that is not JSON at all is the same failure as bad JSON content: ask again.
				if (error instanceof SyntaxError) {
					problems.push(`attempt ${attempt + 1}: response body was not JSON`);
					continue;
				}
				throw toOpenAiError(error, this.model, billed.length ? [sumUsage(billed, this.model, request.operation)] : []);
			}

			billed.push({
				provider: OPENAI_PROVIDER,
				model: this.model,
				operation: request.operation,
				inputTokens: completion.usage?.prompt_tokens ?? 0,
				outputTokens: completion.usage?.completion_tokens ?? 0,
				costUsd: 0
			});
			const choice = completion.choices?.[0];
			const refusal = choice?.message?.refusal;
			if (refusal || choice?.finish_reason === 'content_filter') {
				throw new ProviderError(`OpenAI refused to write "${request.schemaName}": ${refusal || 'content filter'}`, {
					provider: OPENAI_PROVIDER,
					model: this.model,
					kind: 'refusal',
					retryable: false,
					usage: [sumUsage(billed, this.model, request.operation)]
				});
			}
			const content = choice?.message?.content;
			if (!content) {
				problems.push(`attempt ${attempt + 1}: empty response${choice?.finish_reason ? ` (finish_reason ${choice.finish_reason})` : ''}`);
				continue;
			}
			let json: unknown;
			try {
				// Text from a model is cleaned at the boundary: no NUL, no lone surrogates reach a caller.
				json = cleanJson(JSON.parse(content));
			} catch {
				problems.push(`attempt ${attempt + 1}: not valid JSON${choice.finish_reason === 'length' ? ' (cut off at the token limit)' : ''}: ${truncateText(content, 80)}`);
				continue;
			}
			const parsed = request.schema.safeParse(json);
			if (!parsed.success) {
				const issue = parsed.error.issues[0];
				problems.push(`attempt ${attempt + 1}: JSON does not match the schema (${issue?.path.join('.') || 'root'}: ${issue?.message})`);
				continue;
			}
			return { value: parsed.data, usage: sumUsage(billed, this.model, request.operation) };
		}

		throw new ProviderError(
			`OpenAI (${this.model}) returned malformed output for "${request.schemaName}" ${this.schemaRetries + 1} times: ${problems.join('; ')}`,
			{ provider: OPENAI_PROVIDER, model: this.model, kind: 'malformed', retryable: true, usage: billed.length ? [sumUsage(billed, this.model, request.operation)] : [] }
		);
	}
}

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
