// One local HTTP server that speaks the parts of the OpenAI, fal.ai queue and Runway APIs that Rudo
// uses, closely enough that the official SDKs run against it unchanged (same paths, headers, status
// codes and bodies as the real services). Tests inject latency and faults per route and read the
// request log to see what the SDKs actually did.
//
// Routes (keys for setFault / setLatency):
//   openai.chat           POST /v1/chat/completions   (also `openai.chat:<schema name>` for one schema)
//   openai.moderations    POST /v1/moderations
//   openai.embeddings     POST /v1/embeddings   (float or base64 vectors, `dimensions` honoured)
//   fal.flux | fal.kling | fal.minimax   POST /fal/<model id>   (submit; latency = job run time)
//   fal.status            GET  /fal/<owner>/<alias>/requests/<id>/status
//   fal.result            GET  /fal/<owner>/<alias>/requests/<id>
//   fal.cancel            PUT  /fal/<owner>/<alias>/requests/<id>/cancel
//   fal.storage           POST /fal/storage/upload/initiate, then PUT /fal-upload/<id>
//   runway.create         POST /v1/image_to_video   (latency = task run time)
//   runway.tasks          GET|DELETE /v1/tasks/<id>
//   files                 GET  /files/<name>   (media the jobs produced)
//
// Latency on a job route (fal.flux/kling/minimax, runway.create) is how long the job runs: the
// submit answers at once and status stays IN_PROGRESS/RUNNING until it has passed. On every other
// route it delays the HTTP response.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';

export type SimRoute =
	| 'openai.chat'
	| `openai.chat:${string}`
	| 'openai.moderations'
	| 'openai.embeddings'
	| 'fal.flux'
	| 'fal.kling'
	| 'fal.minimax'
	| 'fal.status'
	| 'fal.result'
	| 'fal.cancel'
	| 'fal.storage'
	| 'runway.create'
	| 'runway.tasks'
	| 'files';

export type Fault =
	/** 429 with Retry-After (seconds). */
	| { type: 'rate-limit'; retryAfterSeconds?: number }
	/** An HTTP error (500 by default). */
	| { type: 'server-error'; status?: number }
	/** 429 saying the account is out of quota (OpenAI `insufficient_quota`): no Retry-After. */
	| { type: 'quota' }
	/** 401 (bad key) or 403 (no access to the model or project). */
	| { type: 'auth'; status?: 401 | 403 }
	/** Accepts the request and never answers. */
	| { type: 'hang' }
	/** openai.chat: the model's message content is not valid JSON. Elsewhere: like malformed-body. */
	| { type: 'malformed' }
	/** openai.chat: valid JSON that does not match the requested schema. */
	| { type: 'schema-mismatch' }
	/** The HTTP body itself is not JSON. */
	| { type: 'malformed-body' }
	/** Content refused: chat `refusal`, fal 422 content_policy_violation, Runway task FAILED (SAFETY). */
	| { type: 'refusal'; message?: string }
	/** openai.moderations: flagged with a high score in one category. */
	| { type: 'flagged'; category?: string; score?: number }
	/** fal / Runway: the job is accepted, then fails while running. */
	| { type: 'job-failed'; message?: string };

export interface SimRequest {
	/** Date.now() when the request arrived. */
	at: number;
	method: string;
	path: string;
	route: SimRoute | 'unknown';
	headers: Record<string, string>;
	body: unknown;
	/** Filled in when the response is sent; undefined for hung requests. */
	status?: number;
	fault?: Fault['type'];
}

type ChatResponder = (request: { schemaName: string; schema: Record<string, unknown>; messages: unknown[]; model: string }) => unknown;

interface FaultEntry {
	fault: Fault;
	remaining: number;
}

interface Job {
	id: string;
	kind: 'fal.flux' | 'fal.kling' | 'fal.minimax' | 'runway';
	ownerAlias: string;
	modelId: string;
	input: Record<string, unknown>;
	createdAt: number;
	runMs: number;
	polls: number;
	cancelled: boolean;
	failure?: Fault;
	output?: unknown;
}

export interface Simulator {
	url: string;
	openaiBaseUrl: string;
	falBaseUrl: string;
	runwayBaseUrl: string;
	requests: SimRequest[];
	/** `times` defaults to every request until cleared. */
	setFault(route: SimRoute, fault: Fault, options?: { times?: number }): void;
	clearFaults(route?: SimRoute): void;
	setLatency(route: SimRoute, ms: number): void;
	/** A fixed answer (or function) for chat requests whose response_format has this name. */
	setChatResponse(schemaName: string, response: unknown | ChatResponder): void;
	/**
	 * Which output-limit field chat accepts, like a real server: 'max_completion_tokens' is
	 * api.openai.com for current models (it rejects `max_tokens` with `unsupported_parameter`),
	 * 'max_tokens' a strict OpenAI-compatible server (it rejects `max_completion_tokens` as an
	 * unrecognised argument), 'either' (the default) accepts both.
	 */
	setTokenLimitField(field: TokenLimitField): void;
	requestsFor(route: SimRoute): SimRequest[];
	/** Env for createProviders(): every provider pointed here, with fast polling. */
	env(extra?: Record<string, string>): Record<string, string>;
	reset(): void;
	close(): Promise<void>;
}

export type TokenLimitField = 'either' | 'max_tokens' | 'max_completion_tokens';

export const SIM_KEYS = { openai: 'sim-openai-key', fal: 'sim-fal-key', runway: 'sim-runway-key' } as const;
const RUNWAY_VERSION = '2024-11-06';
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------
// JSON Schema → plausible value, for chat completions nobody registered an answer for.

/** The text parts of the messages (image parts and data: URLs left out). */
function messageText(messages: unknown[]): { text: string; images: number } {
	let text = '';
	let images = 0;
	for (const message of messages as Array<{ content?: unknown }>) {
		if (typeof message?.content === 'string') text += `${message.content}\n`;
		else if (Array.isArray(message?.content)) {
			for (const part of message.content as Array<{ type?: string; text?: string }>) {
				if (part?.type === 'text' && typeof part.text === 'string') text += `${part.text}\n`;
				if (part?.type === 'image_url') images += 1;
			}
		}
	}
	return { text, images };
}

/** Words from the last user message, to make generated answers relate to the request. */
function promptWords(messages: unknown[]): string[] {
	const users = (messages as Array<{ role?: string }>).filter((m) => m?.role === 'user');
	const all = messageText(users.length > 0 ? users.slice(-1) : messages).text.toLowerCase();
	// Quoted text (the post being tagged or replied to) first: it is what the answer is about.
	const quoted = (all.match(/"[^"]+"/g) ?? []).join(' ');
	const text = `${quoted} ${all}`;
	const words = text.match(/[a-z]{5,}/g) ?? [];
	const skip = new Set(['content', 'return', 'write', 'caption', 'system', 'image_url', 'should', 'their', 'words', 'under', 'without', 'never', 'these']);
	return [...new Set(words.filter((w) => !skip.has(w)))];
}

function sampleFromSchema(schema: Record<string, unknown>, key: string, words: string[], index = 0): unknown {
	const pickWord = (i: number) => words.length > 0 ? words[i % words.length] : `word${i}`;
	if (Array.isArray(schema.enum)) return schema.enum[0];
	switch (schema.type) {
		case 'object': {
			const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
			return Object.fromEntries(Object.entries(properties).map(([k, sub], i) => [k, sampleFromSchema(sub, k, words, i)]));
		}
		case 'array': {
			const min = typeof schema.minItems === 'number' ? schema.minItems : 3;
			const max = typeof schema.maxItems === 'number' ? schema.maxItems : Math.max(min, 4);
			const count = Math.max(min, Math.min(max, 4));
			return Array.from({ length: count }, (_, i) => sampleFromSchema((schema.items ?? { type: 'string' }) as Record<string, unknown>, key, words, i + index));
		}
		case 'number':
		case 'integer':
			return typeof schema.minimum === 'number' ? schema.minimum : 1;
		case 'boolean':
			return false;
		default: {
			const description = String(schema.description ?? '').toLowerCase();
			if (key === 'palette' || description.includes('hex')) return ['#7c5cff', '#ff7ab6', '#1e1b4b', '#00f0ff'][index % 4];
			if (key === 'caption') return `Simulated post about ${pickWord(0)} and ${pickWord(1)}.`;
			if (key === 'mood') return 'curious';
			if (key === 'hook') return `${pickWord(2)} at dusk`;
			if (key === 'tags') return pickWord(index + 3);
			if (key === 'comment') return `Love the ${pickWord(0)} here.`;
			return `Simulated ${key} (${pickWord(index)})`;
		}
	}
}

/** What OpenAI checks for strict structured output: every object closed and fully required. */
function strictSchemaProblem(schema: unknown, path = '$'): string | null {
	if (!schema || typeof schema !== 'object') return null;
	const s = schema as Record<string, unknown>;
	if (s.type === 'object') {
		if (s.additionalProperties !== false) return `${path}: additionalProperties must be false`;
		const properties = Object.keys((s.properties ?? {}) as object);
		const required = Array.isArray(s.required) ? s.required : [];
		const missing = properties.filter((p) => !required.includes(p));
		if (missing.length > 0) return `${path}: required is missing ${missing.join(', ')}`;
		for (const [k, sub] of Object.entries((s.properties ?? {}) as object)) {
			const problem = strictSchemaProblem(sub, `${path}.${k}`);
			if (problem) return problem;
		}
	}
	if (s.type === 'array') return strictSchemaProblem(s.items, `${path}[]`);
	return null;
}

const MODERATION_CATEGORIES = [
	'harassment',
	'harassment/threatening',
	'hate',
	'hate/threatening',
	'illicit',
	'illicit/violent',
	'self-harm',
	'self-harm/intent',
	'self-harm/instructions',
	'sexual',
	'sexual/minors',
	'violence',
	'violence/graphic'
];

// ---------------------------------------------------------------------------------------------

export interface SimulatorOptions {
	latency?: Partial<Record<SimRoute, number>>;
	/** Keep request bodies in the log (default true); a long benchmark may turn this off to save memory. */
	recordBodies?: boolean;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
	const requests: SimRequest[] = [];
	let tokenLimitField: TokenLimitField = 'either';
	const faults = new Map<string, FaultEntry[]>();
	const latency = new Map<string, number>(Object.entries(options.latency ?? {}).filter((e): e is [string, number] => typeof e[1] === 'number'));
	const chatResponses = new Map<string, unknown>();
	const jobs = new Map<string, Job>();
	const files = new Map<string, { bytes: Buffer; contentType: string }>();
	const uploads = new Map<string, { contentType: string; fileName: string }>();
	const sockets = new Set<Socket>();
	let baseUrl = '';

	const takeFault = (...routes: string[]): Fault | undefined => {
		for (const route of routes) {
			const list = faults.get(route);
			const entry = list?.[0];
			if (!entry) continue;
			entry.remaining -= 1;
			if (entry.remaining <= 0) list.shift();
			return entry.fault;
		}
		return undefined;
	};
	const latencyFor = (...routes: string[]) => {
		for (const route of routes) if (latency.has(route)) return latency.get(route)!;
		return 0;
	};

	async function readBody(req: IncomingMessage): Promise<Buffer> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		return Buffer.concat(chunks);
	}

	function send(res: ServerResponse, log: SimRequest, status: number, body: unknown, headers: Record<string, string> = {}) {
		log.status = status;
		// Handlers read the request body from the log; drop it only once the answer is on its way.
		if (options.recordBodies === false) log.body = undefined;
		if (body === undefined) {
			res.writeHead(status, headers).end();
			return;
		}
		if (Buffer.isBuffer(body)) {
			res.writeHead(status, { 'content-length': String(body.length), ...headers }).end(body);
			return;
		}
		const text = typeof body === 'string' ? body : JSON.stringify(body);
		res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers }).end(text);
	}

	/** Applies an HTTP-level fault; returns true when it answered (or hung). */
	function applyHttpFault(fault: Fault | undefined, res: ServerResponse, log: SimRequest, errorBody: (message: string) => unknown): boolean {
		if (!fault) return false;
		switch (fault.type) {
			case 'rate-limit':
				log.fault = fault.type;
				send(res, log, 429, errorBody('Rate limit reached (simulated)'), { 'retry-after': String(fault.retryAfterSeconds ?? 1) });
				return true;
			case 'server-error':
				log.fault = fault.type;
				send(res, log, fault.status ?? 500, errorBody('Internal server error (simulated)'));
				return true;
			case 'quota':
				log.fault = fault.type;
				send(res, log, 429, {
					error: {
						message: 'You exceeded your current quota, please check your plan and billing details. (simulated)',
						type: 'insufficient_quota',
						param: null,
						code: 'insufficient_quota'
					}
				});
				return true;
			case 'auth':
				log.fault = fault.type;
				send(
					res,
					log,
					fault.status ?? 401,
					fault.status === 403
						? { error: { message: 'You are not allowed to sample from this model (simulated)', type: 'invalid_request_error', param: null, code: 'model_not_found' } }
						: { error: { message: 'Incorrect API key provided (simulated)', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } }
				);
				return true;
			case 'hang':
				log.fault = fault.type;
				return true;
			case 'malformed':
				// On chat, "malformed" is about the model's content (handled there), not the HTTP body.
				if (log.route === 'openai.chat') return false;
				log.fault = fault.type;
				send(res, log, 200, '{"this is": not json', { 'content-type': 'application/json' });
				return true;
			case 'malformed-body':
				log.fault = fault.type;
				send(res, log, 200, '{"this is": not json', { 'content-type': 'application/json' });
				return true;
			default:
				return false;
		}
	}

	// --- media the jobs produce -------------------------------------------------------------

	async function makeImage(width: number, height: number, seed: number): Promise<{ url: string; bytes: number }> {
		const hue = seed % 360;
		const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl(${hue},70%,55%)"/><stop offset="1" stop-color="hsl(${(hue + 120) % 360},70%,35%)"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/><circle cx="50%" cy="50%" r="25%" fill="white" opacity="0.35"/></svg>`;
		const bytes = await sharp(Buffer.from(svg)).png().toBuffer();
		const name = `${randomUUID()}.png`;
		files.set(name, { bytes, contentType: 'image/png' });
		return { url: `${baseUrl}/files/${name}`, bytes: bytes.length };
	}

	/** A real (tiny) animated clip, served as what it is: image/webp. */
	async function makeClip(): Promise<{ url: string; contentType: string; size: number }> {
		const frames = await Promise.all(
			Array.from({ length: 6 }, (_, i) =>
				sharp({ create: { width: 96, height: 96, channels: 3, background: { r: 40 * i, g: 80, b: 200 - 30 * i } } })
					.png()
					.toBuffer()
			)
		);
		const bytes = await sharp(frames, { join: { animated: true } }).webp({ delay: Array(6).fill(150), loop: 0 }).toBuffer();
		const name = `${randomUUID()}.webp`;
		files.set(name, { bytes, contentType: 'image/webp' });
		return { url: `${baseUrl}/files/${name}`, contentType: 'image/webp', size: bytes.length };
	}

	// --- OpenAI -----------------------------------------------------------------------------

	const openAiError = (message: string, type = 'server_error', code: string | null = null) => ({ error: { message, type, param: null, code } });

	function checkBearer(req: IncomingMessage, key: string): boolean {
		return req.headers.authorization === `Bearer ${key}`;
	}

	async function chat(req: IncomingMessage, res: ServerResponse, log: SimRequest) {
		const body = log.body as { model?: string; messages?: unknown[]; response_format?: { type?: string; json_schema?: { name?: string; schema?: Record<string, unknown>; strict?: boolean } } } | null;
		const schemaName = body?.response_format?.json_schema?.name ?? '';
		const routes = [`openai.chat:${schemaName}`, 'openai.chat'];
		await sleep(latencyFor(...routes));
		if (!checkBearer(req, SIM_KEYS.openai)) return send(res, log, 401, openAiError('Incorrect API key provided', 'invalid_request_error', 'invalid_api_key'));
		const fault = takeFault(...routes);
		if (applyHttpFault(fault, res, log, (m) => openAiError(m, fault?.type === 'rate-limit' ? 'requests' : 'server_error', fault?.type === 'rate-limit' ? 'rate_limit_exceeded' : null))) return;
		if (!body?.model || !Array.isArray(body.messages) || body.messages.length === 0) {
			return send(res, log, 400, openAiError('model and messages are required', 'invalid_request_error'));
		}
		// The two output-limit fields, answered the way each kind of server answers them.
		const sent = body as Record<string, unknown>;
		if (tokenLimitField === 'max_completion_tokens' && sent.max_tokens !== undefined) {
			return send(res, log, 400, { error: { message: "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.", type: 'invalid_request_error', param: 'max_tokens', code: 'unsupported_parameter' } });
		}
		if (tokenLimitField === 'max_tokens' && sent.max_completion_tokens !== undefined) {
			return send(res, log, 400, { error: { message: 'Unrecognized request argument supplied: max_completion_tokens', type: 'invalid_request_error', param: 'max_completion_tokens', code: null } });
		}
		const format = body.response_format;
		if (format?.type === 'json_schema') {
			if (!format.json_schema?.name || !/^[a-zA-Z0-9_-]{1,64}$/.test(format.json_schema.name)) {
				return send(res, log, 400, openAiError("Invalid 'response_format.json_schema.name'", 'invalid_request_error'));
			}
			const problem = format.json_schema.strict ? strictSchemaProblem(format.json_schema.schema) : null;
			if (problem) return send(res, log, 400, openAiError(`Invalid schema for response_format '${format.json_schema.name}': ${problem}`, 'invalid_request_error'));
		}
		const schema = format?.json_schema?.schema ?? { type: 'object', properties: {} };

		let content: string | null;
		let refusal: string | null = null;
		if (fault?.type === 'refusal') {
			log.fault = fault.type;
			content = null;
			refusal = fault.message ?? "I'm sorry, I can't help with that.";
		} else if (fault?.type === 'malformed') {
			log.fault = fault.type;
			content = '{"caption": "this answer stops in the middle of a str';
		} else if (fault?.type === 'schema-mismatch') {
			log.fault = fault.type;
			content = JSON.stringify({ unexpected: true });
		} else {
			const canned = chatResponses.get(schemaName);
			const value =
				typeof canned === 'function'
					? (canned as ChatResponder)({ schemaName, schema, messages: body.messages, model: body.model })
					: canned !== undefined
						? canned
						: sampleFromSchema(schema, schemaName, promptWords(body.messages));
			content = JSON.stringify(value);
		}
		// Roughly what OpenAI bills: ~4 characters per token, 85 tokens per low-detail image.
		const { text: promptText, images } = messageText(body.messages);
		const promptTokens = Math.ceil(promptText.length / 4) + 85 * images;
		const completionTokens = Math.ceil((content ?? refusal ?? '').length / 4);
		send(res, log, 200, {
			id: `chatcmpl-sim-${randomUUID()}`,
			object: 'chat.completion',
			created: Math.floor(Date.now() / 1000),
			model: body.model,
			choices: [{ index: 0, message: { role: 'assistant', content, refusal, annotations: [] }, logprobs: null, finish_reason: 'stop' }],
			usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
			system_fingerprint: 'fp_simulator'
		}, { 'x-request-id': `req_${randomUUID()}` });
	}

	async function moderations(req: IncomingMessage, res: ServerResponse, log: SimRequest) {
		await sleep(latencyFor('openai.moderations'));
		if (!checkBearer(req, SIM_KEYS.openai)) return send(res, log, 401, openAiError('Incorrect API key provided', 'invalid_request_error', 'invalid_api_key'));
		const fault = takeFault('openai.moderations');
		if (applyHttpFault(fault, res, log, (m) => openAiError(m))) return;
		const body = log.body as { input?: unknown; model?: string } | null;
		if (body?.input === undefined) return send(res, log, 400, openAiError('input is required', 'invalid_request_error'));
		const hasImage = Array.isArray(body.input) && body.input.some((i) => (i as { type?: string })?.type === 'image_url');
		const scores: Record<string, number> = Object.fromEntries(MODERATION_CATEGORIES.map((c, i) => [c, 0.0001 * (i + 1)]));
		let flagged = false;
		if (fault?.type === 'flagged') {
			log.fault = fault.type;
			scores[fault.category ?? 'violence'] = fault.score ?? 0.92;
			flagged = (fault.score ?? 0.92) >= 0.5;
		}
		const appliedTypes = Object.fromEntries(MODERATION_CATEGORIES.map((c) => [c, hasImage && ['sexual', 'violence', 'violence/graphic', 'self-harm'].includes(c) ? ['text', 'image'] : ['text']]));
		send(res, log, 200, {
			id: `modr-sim-${randomUUID()}`,
			model: body.model ?? 'omni-moderation-latest',
			results: [
				{
					flagged,
					categories: Object.fromEntries(Object.entries(scores).map(([c, s]) => [c, s >= 0.5])),
					category_scores: scores,
					category_applied_input_types: appliedTypes
				}
			]
		});
	}

	/**
	 * A deterministic vector for a text that behaves like an embedding: character trigrams hashed
	 * into `dimensions` signed buckets and normalised, so texts sharing words are close.
	 */
	function simEmbedding(text: string, dimensions: number): Float32Array {
		const v = new Float32Array(dimensions);
		const t = ` ${text.toLowerCase()} `;
		for (let i = 0; i + 3 <= t.length; i++) {
			let h = 0x811c9dc5;
			for (let k = i; k < i + 3; k++) h = Math.imul(h ^ t.charCodeAt(k), 0x01000193);
			h >>>= 0;
			v[h % dimensions] += h & 0x80000000 ? -1 : 1;
		}
		const norm = Math.hypot(...v) || 1;
		return v.map((x) => x / norm);
	}

	async function embeddings(req: IncomingMessage, res: ServerResponse, log: SimRequest) {
		await sleep(latencyFor('openai.embeddings'));
		if (!checkBearer(req, SIM_KEYS.openai)) return send(res, log, 401, openAiError('Incorrect API key provided', 'invalid_request_error', 'invalid_api_key'));
		const fault = takeFault('openai.embeddings');
		if (applyHttpFault(fault, res, log, (m) => openAiError(m))) return;
		const body = log.body as { model?: string; input?: unknown; dimensions?: number; encoding_format?: string } | null;
		if (!body?.model) return send(res, log, 400, openAiError('model is required', 'invalid_request_error'));
		const inputs = typeof body.input === 'string' ? [body.input] : body.input;
		// Like the real API: a list of non-empty strings (token arrays are not used by Rudo).
		if (!Array.isArray(inputs) || inputs.length === 0 || inputs.some((i) => typeof i !== 'string' || i.length === 0)) {
			return send(res, log, 400, openAiError("'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.", 'invalid_request_error'));
		}
		const full = /large/.test(body.model) ? 3072 : 1536;
		if (body.dimensions !== undefined && (!/^text-embedding-3/.test(body.model) || !Number.isInteger(body.dimensions) || body.dimensions < 1 || body.dimensions > full)) {
			return send(res, log, 400, openAiError(`This model does not support specifying dimensions (${body.dimensions}).`, 'invalid_request_error'));
		}
		const dimensions = body.dimensions ?? full;
		const base64 = body.encoding_format === 'base64';
		const data = (inputs as string[]).map((text, index) => {
			const vector = fault?.type === 'malformed' ? new Float32Array(0) : simEmbedding(text, dimensions);
			if (fault?.type === 'malformed') log.fault = fault.type;
			return { object: 'embedding', index, embedding: base64 ? Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString('base64') : Array.from(vector) };
		});
		const tokens = (inputs as string[]).reduce((s, t) => s + Math.ceil(t.length / 4), 0);
		send(res, log, 200, { object: 'list', data, model: body.model, usage: { prompt_tokens: tokens, total_tokens: tokens } }, { 'x-request-id': `req_${randomUUID()}` });
	}

	// --- fal.ai queue -----------------------------------------------------------------------

	const falFamily = (modelId: string): Job['kind'] | null =>
		/^fal-ai\/flux\//.test(modelId) ? 'fal.flux' : /^fal-ai\/kling-video\//.test(modelId) ? 'fal.kling' : /^fal-ai\/minimax\//.test(modelId) ? 'fal.minimax' : null;

	const falUrls = (job: Job) => {
		const base = `${baseUrl}/fal/${job.ownerAlias}/requests/${job.id}`;
		return { response_url: base, status_url: `${base}/status`, cancel_url: `${base}/cancel` };
	};

	/** IN_QUEUE on the first poll, IN_PROGRESS on the second, then COMPLETED once the run time has passed. */
	function jobState(job: Job): 'IN_QUEUE' | 'IN_PROGRESS' | 'COMPLETED' {
		if (job.cancelled) return 'COMPLETED';
		if (job.polls === 0) return 'IN_QUEUE';
		if (job.polls === 1 || Date.now() - job.createdAt < job.runMs) return 'IN_PROGRESS';
		return 'COMPLETED';
	}

	async function falSubmit(req: IncomingMessage, res: ServerResponse, log: SimRequest, modelId: string) {
		const kind = falFamily(modelId);
		if (!kind || kind === 'runway') return send(res, log, 404, { detail: `Application '${modelId}' not found` });
		log.route = kind;
		if (req.headers.authorization !== `Key ${SIM_KEYS.fal}`) return send(res, log, 401, { detail: 'Unauthorized' });
		const fault = takeFault(kind);
		if (applyHttpFault(fault, res, log, (m) => ({ detail: m }))) return;
		const input = (log.body ?? {}) as Record<string, unknown>;
		if (typeof input.prompt !== 'string' || input.prompt.length === 0) {
			return send(res, log, 422, { detail: [{ loc: ['body', 'prompt'], msg: 'field required', type: 'value_error.missing' }] });
		}
		if (kind !== 'fal.flux' && (typeof input.image_url !== 'string' || !/^(https?:|data:)/.test(input.image_url))) {
			return send(res, log, 422, { detail: [{ loc: ['body', 'image_url'], msg: 'a URL is required', type: 'value_error' }] });
		}
		if (kind === 'fal.kling' && input.duration !== undefined && !['5', '10'].includes(String(input.duration))) {
			return send(res, log, 422, { detail: [{ loc: ['body', 'duration'], msg: "value is not a valid enumeration member; permitted: '5', '10'", type: 'type_error.enum' }] });
		}
		const [owner, alias] = modelId.split('/');
		const job: Job = { id: randomUUID(), kind, ownerAlias: `${owner}/${alias}`, modelId, input, createdAt: Date.now(), runMs: latencyFor(kind), polls: 0, cancelled: false };
		if (fault?.type === 'refusal' || fault?.type === 'job-failed') {
			log.fault = fault.type;
			job.failure = fault;
		}
		jobs.set(job.id, job);
		send(res, log, 200, { status: 'IN_QUEUE', request_id: job.id, ...falUrls(job), queue_position: 0 }, { 'x-fal-request-id': job.id });
	}

	async function falStatus(req: IncomingMessage, res: ServerResponse, log: SimRequest, ownerAlias: string, id: string) {
		await sleep(latencyFor('fal.status'));
		if (req.headers.authorization !== `Key ${SIM_KEYS.fal}`) return send(res, log, 401, { detail: 'Unauthorized' });
		if (applyHttpFault(takeFault('fal.status'), res, log, (m) => ({ detail: m }))) return;
		const job = jobs.get(id);
		if (!job || job.ownerAlias !== ownerAlias) return send(res, log, 404, { detail: 'Request not found' });
		const state = jobState(job);
		job.polls += 1;
		const urls = falUrls(job);
		if (state === 'IN_QUEUE') return send(res, log, 202, { status: state, request_id: id, queue_position: 0, ...urls });
		if (state === 'IN_PROGRESS') return send(res, log, 202, { status: state, request_id: id, logs: [], ...urls });
		const failure = job.failure ? { error: job.failure.type === 'refusal' ? 'Content policy violation' : 'Internal error', error_type: job.failure.type } : {};
		send(res, log, 200, { status: 'COMPLETED', request_id: id, logs: [], metrics: { inference_time: job.runMs / 1000 }, ...urls, ...failure });
	}

	async function falResult(req: IncomingMessage, res: ServerResponse, log: SimRequest, ownerAlias: string, id: string) {
		await sleep(latencyFor('fal.result'));
		if (req.headers.authorization !== `Key ${SIM_KEYS.fal}`) return send(res, log, 401, { detail: 'Unauthorized' });
		if (applyHttpFault(takeFault('fal.result'), res, log, (m) => ({ detail: m }))) return;
		const job = jobs.get(id);
		if (!job || job.ownerAlias !== ownerAlias) return send(res, log, 404, { detail: 'Request not found' });
		if (jobState(job) !== 'COMPLETED') return send(res, log, 400, { detail: 'Request is still in progress' });
		if (job.cancelled) return send(res, log, 400, { detail: 'Request was cancelled' });
		if (job.failure?.type === 'refusal') {
			return send(res, log, 422, { detail: [{ loc: ['body', 'prompt'], msg: job.failure.message ?? 'The content could not be processed because it violates the content policy.', type: 'content_policy_violation' }] }, { 'x-fal-request-id': id });
		}
		if (job.failure) return send(res, log, 500, { detail: (job.failure as { message?: string }).message ?? 'Internal error while running the model (simulated)' }, { 'x-fal-request-id': id });
		if (!job.output) {
			if (job.kind === 'fal.flux') {
				const size = job.input.image_size as { width?: number; height?: number } | string | undefined;
				const width = typeof size === 'object' && size?.width ? size.width : 1024;
				const height = typeof size === 'object' && size?.height ? size.height : 1024;
				const seed = typeof job.input.seed === 'number' ? job.input.seed : 42;
				const image = await makeImage(width, height, seed);
				job.output = { images: [{ url: image.url, width, height, content_type: 'image/png' }], timings: { inference: job.runMs / 1000 }, seed, has_nsfw_concepts: [false], prompt: job.input.prompt };
			} else {
				const clip = await makeClip();
				job.output = { video: { url: clip.url, content_type: clip.contentType, file_name: clip.url.split('/').pop(), file_size: clip.size } };
			}
		}
		send(res, log, 200, job.output, { 'x-fal-request-id': id });
	}

	function falCancel(req: IncomingMessage, res: ServerResponse, log: SimRequest, ownerAlias: string, id: string) {
		if (applyHttpFault(takeFault('fal.cancel'), res, log, (m) => ({ detail: m }))) return;
		const job = jobs.get(id);
		if (!job || job.ownerAlias !== ownerAlias) return send(res, log, 404, { detail: 'Request not found' });
		if (jobState(job) === 'COMPLETED') return send(res, log, 400, { status: 'ALREADY_COMPLETED' });
		job.cancelled = true;
		send(res, log, 202, { status: 'CANCELLATION_REQUESTED' });
	}

	function falUploadInitiate(req: IncomingMessage, res: ServerResponse, log: SimRequest) {
		if (req.headers.authorization !== `Key ${SIM_KEYS.fal}`) return send(res, log, 401, { detail: 'Unauthorized' });
		if (applyHttpFault(takeFault('fal.storage'), res, log, (m) => ({ detail: m }))) return;
		const body = (log.body ?? {}) as { content_type?: string; file_name?: string };
		const id = randomUUID();
		const ext = (body.file_name ?? '').split('.').pop() || 'bin';
		uploads.set(id, { contentType: body.content_type ?? 'application/octet-stream', fileName: `${id}.${ext}` });
		send(res, log, 200, { upload_url: `${baseUrl}/fal-upload/${id}`, file_url: `${baseUrl}/files/${id}.${ext}` });
	}

	// --- Runway -----------------------------------------------------------------------------

	const runwayError = (message: string) => ({ error: message });

	function checkRunwayHeaders(req: IncomingMessage, res: ServerResponse, log: SimRequest): boolean {
		if (req.headers.authorization !== `Bearer ${SIM_KEYS.runway}`) {
			send(res, log, 401, runwayError('Invalid API key'));
			return false;
		}
		if (req.headers['x-runway-version'] !== RUNWAY_VERSION) {
			send(res, log, 400, runwayError(`X-Runway-Version header must be ${RUNWAY_VERSION}`));
			return false;
		}
		return true;
	}

	async function runwayCreate(req: IncomingMessage, res: ServerResponse, log: SimRequest) {
		if (!checkRunwayHeaders(req, res, log)) return;
		const fault = takeFault('runway.create');
		if (applyHttpFault(fault, res, log, runwayError)) return;
		const body = (log.body ?? {}) as Record<string, unknown>;
		const image = body.promptImage;
		const imageOk = typeof image === 'string' ? /^(https:|data:image\/)/.test(image) : Array.isArray(image) && image.length > 0;
		if (!['gen4_turbo', 'gen4.5'].includes(String(body.model)) || !imageOk || typeof body.ratio !== 'string') {
			return send(res, log, 400, runwayError('Validation of body failed: model, promptImage (https URL or data URI) and ratio are required'));
		}
		if (body.duration !== undefined && (typeof body.duration !== 'number' || body.duration < 2 || body.duration > 10)) {
			return send(res, log, 400, runwayError('duration must be an integer from 2 to 10'));
		}
		const job: Job = { id: randomUUID(), kind: 'runway', ownerAlias: 'runway', modelId: String(body.model), input: body, createdAt: Date.now(), runMs: latencyFor('runway.create'), polls: 0, cancelled: false };
		if (fault?.type === 'refusal' || fault?.type === 'job-failed') {
			log.fault = fault.type;
			job.failure = fault;
		}
		jobs.set(job.id, job);
		send(res, log, 200, { id: job.id, estimatedCost: { credits: 5 * Number(body.duration ?? 5) } });
	}

	async function runwayTask(req: IncomingMessage, res: ServerResponse, log: SimRequest, id: string) {
		await sleep(latencyFor('runway.tasks'));
		if (!checkRunwayHeaders(req, res, log)) return;
		if (applyHttpFault(takeFault('runway.tasks'), res, log, runwayError)) return;
		const job = jobs.get(id);
		if (!job || job.kind !== 'runway') return send(res, log, 404, runwayError('Task not found'));
		if (req.method === 'DELETE') {
			job.cancelled = true;
			return send(res, log, 204, undefined);
		}
		const createdAt = new Date(job.createdAt).toISOString();
		const credits = 5 * Number(job.input.duration ?? 5);
		const polls = job.polls++;
		if (job.cancelled) return send(res, log, 200, { id, createdAt, status: 'CANCELLED', cost: { credits: 0 } });
		if (polls === 0) return send(res, log, 200, { id, createdAt, status: 'PENDING', estimatedCost: { credits } });
		if (polls === 1 || Date.now() - job.createdAt < job.runMs) return send(res, log, 200, { id, createdAt, status: 'RUNNING', progress: 0.5, estimatedCost: { credits } });
		if (job.failure?.type === 'refusal') {
			return send(res, log, 200, { id, createdAt, status: 'FAILED', failure: job.failure.message ?? 'The input did not pass content moderation.', failureCode: 'SAFETY.INPUT.IMAGE', cost: { credits: 0 } });
		}
		if (job.failure) {
			return send(res, log, 200, { id, createdAt, status: 'FAILED', failure: (job.failure as { message?: string }).message ?? 'An unexpected error occurred (simulated).', failureCode: 'INTERNAL', cost: { credits: 0 } });
		}
		if (!job.output) job.output = await makeClip();
		send(res, log, 200, { id, createdAt, status: 'SUCCEEDED', output: [(job.output as { url: string }).url], cost: { credits } });
	}

	// --- dispatch ---------------------------------------------------------------------------

	async function handle(req: IncomingMessage, res: ServerResponse) {
		const url = new URL(req.url ?? '/', 'http://simulator');
		const path = url.pathname;
		const raw = await readBody(req);
		const isJson = (req.headers['content-type'] ?? '').includes('application/json');
		let body: unknown = null;
		if (raw.length > 0 && isJson) {
			try {
				body = JSON.parse(raw.toString('utf8'));
			} catch {
				body = raw.toString('utf8');
			}
		}
		const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
		const log: SimRequest = { at: Date.now(), method: req.method ?? 'GET', path: `${path}${url.search}`, route: 'unknown', headers, body };
		requests.push(log);
		const method = req.method ?? 'GET';
		let m: RegExpExecArray | null;

		if (method === 'POST' && path === '/v1/chat/completions') {
			log.route = 'openai.chat';
			return chat(req, res, log);
		}
		if (method === 'POST' && path === '/v1/moderations') {
			log.route = 'openai.moderations';
			return moderations(req, res, log);
		}
		if (method === 'POST' && path === '/v1/embeddings') {
			log.route = 'openai.embeddings';
			return embeddings(req, res, log);
		}
		if (method === 'POST' && path === '/v1/image_to_video') {
			log.route = 'runway.create';
			return runwayCreate(req, res, log);
		}
		if ((m = /^\/v1\/tasks\/([^/]+)$/.exec(path)) && (method === 'GET' || method === 'DELETE')) {
			log.route = 'runway.tasks';
			return runwayTask(req, res, log, m[1]);
		}
		if (method === 'POST' && path === '/fal/storage/upload/initiate') {
			log.route = 'fal.storage';
			return falUploadInitiate(req, res, log);
		}
		if ((m = /^\/fal\/([^/]+\/[^/]+)\/requests\/([^/]+)\/status$/.exec(path)) && method === 'GET') {
			log.route = 'fal.status';
			return falStatus(req, res, log, m[1], m[2]);
		}
		if ((m = /^\/fal\/([^/]+\/[^/]+)\/requests\/([^/]+)\/cancel$/.exec(path)) && method === 'PUT') {
			log.route = 'fal.cancel';
			return falCancel(req, res, log, m[1], m[2]);
		}
		if ((m = /^\/fal\/([^/]+\/[^/]+)\/requests\/([^/]+)$/.exec(path)) && method === 'GET') {
			log.route = 'fal.result';
			return falResult(req, res, log, m[1], m[2]);
		}
		if ((m = /^\/fal\/(.+)$/.exec(path)) && method === 'POST') {
			return falSubmit(req, res, log, m[1]);
		}
		if ((m = /^\/fal-upload\/([^/]+)$/.exec(path)) && method === 'PUT') {
			log.route = 'fal.storage';
			const upload = uploads.get(m[1]);
			if (!upload) return send(res, log, 404, { detail: 'Unknown upload' });
			files.set(upload.fileName, { bytes: raw, contentType: upload.contentType });
			// Like a signed storage URL: 200 with an empty, untyped body.
			return send(res, log, 200, Buffer.alloc(0));
		}
		if ((m = /^\/files\/([^/]+)$/.exec(path)) && method === 'GET') {
			log.route = 'files';
			await sleep(latencyFor('files'));
			if (applyHttpFault(takeFault('files'), res, log, (msg) => ({ detail: msg }))) return;
			const file = files.get(m[1]);
			if (!file) return send(res, log, 404, { detail: 'Not found' });
			return send(res, log, 200, file.bytes, { 'content-type': file.contentType });
		}
		send(res, log, 404, { error: `The simulator does not implement ${method} ${path}` });
	}

	const server = createServer((req, res) => {
		handle(req, res).catch((error: unknown) => {
			if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: String(error) }));
		});
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

	return {
		url: baseUrl,
		openaiBaseUrl: `${baseUrl}/v1`,
		falBaseUrl: `${baseUrl}/fal`,
		runwayBaseUrl: baseUrl,
		requests,
		setFault(route, fault, opts = {}) {
			const list = faults.get(route) ?? [];
			list.push({ fault, remaining: opts.times ?? Number.POSITIVE_INFINITY });
			faults.set(route, list);
		},
		clearFaults(route) {
			if (route) faults.delete(route);
			else faults.clear();
		},
		setLatency(route, ms) {
			latency.set(route, ms);
		},
		setChatResponse(schemaName, response) {
			chatResponses.set(schemaName, response);
		},
		setTokenLimitField(field) {
			tokenLimitField = field;
		},
		requestsFor(route) {
			return requests.filter((r) => r.route === route);
		},
		env(extra = {}) {
			return {
				OPENAI_API_KEY: SIM_KEYS.openai,
				OPENAI_BASE_URL: `${baseUrl}/v1`,
				FAL_KEY: SIM_KEYS.fal,
				FAL_BASE_URL: `${baseUrl}/fal`,
				FAL_POLL_INTERVAL_MS: '20',
				RUNWAYML_API_SECRET: SIM_KEYS.runway,
				RUNWAY_BASE_URL: baseUrl,
				RUNWAY_POLL_INTERVAL_MS: '20',
				AI_REQUEST_TIMEOUT_MS: '10000',
				AI_VIDEO_TIMEOUT_MS: '30000',
				...extra
			};
		},
		reset() {
			requests.length = 0;
			faults.clear();
			latency.clear();
			chatResponses.clear();
			tokenLimitField = 'either';
		},
		async close() {
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	};
}
