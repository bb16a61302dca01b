// Text and vision through chat completions with strict JSON-schema output (plus image inputs
// for vision). Output that is not valid JSON for the schema is asked for again up to
// `schemaRetries` times before failing with a ProviderError.
import OpenAI, { BadRequestError } from 'openai';
import { ProviderError, type JsonRequest, type JsonResult, type TextModel, type UsageOperation, type UsageRecord } from '../types.ts';
import { cleanJson, truncateText } from '../../../../text/safe-text.ts';
import { createOpenAiClient, OPENAI_PROVIDER, toOpenAiError, type OpenAiOptions } from './client.ts';
import { estimateOpenAiCost } from './prices.ts';

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
