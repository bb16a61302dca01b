// fal.ai through the official client: Flux for images, Kling and Minimax for image-to-video, all via
// the queue API (submit → poll status → fetch result), so long jobs survive slow queues.
//
// Pointing the client elsewhere (FAL_BASE_URL, e.g. the test simulator or a gateway): the client
// builds absolute URLs on queue.fal.run (jobs) and rest.fal.ai (storage uploads); a
// `requestMiddleware` swaps that origin for FAL_BASE_URL and keeps path and query. Every request
// goes through our own `fetch` wrapper, which adds a per-request timeout and waits out 429/503
// responses for as long as their Retry-After says (the fal client's own retry uses fixed
// exponential backoff and ignores the header); the client's backoff still applies after that.
import { ApiError, createFalClient, type FalClient, type RequestMiddleware } from '@fal-ai/client';
import {
	ProviderError,
	contentTypeFromUrl,
	downloadMedia,
	resolveImageBytes,
	type ImageModel,
	type ImageRequest,
	type ImageResult,
	type VideoModel,
	type VideoRequest,
	type VideoResult
} from './types.ts';
import { parseRetryAfter } from './types.ts';
import { sleep } from './sleep.ts';

export const FAL_PROVIDER = 'fal';

export const FAL_MODELS = {
	flux: 'fal-ai/flux/dev',
	kling: 'fal-ai/kling-video/v1.6/standard/image-to-video',
	minimax: 'fal-ai/minimax/video-01/image-to-video'
} as const;

export interface FalOptions {
	credentials: string;
	/** Replaces https://queue.fal.run and https://rest.fal.ai, e.g. http://127.0.0.1:4010/fal */
	baseUrl?: string;
	/** How often job status is polled. */
	pollIntervalMs?: number;
	/** Whole job (queue + run), after which it is cancelled. */
	jobTimeoutMs?: number;
	/** Each HTTP request. */
	requestTimeoutMs?: number;
	/** Retry-After waits honoured per request, and the longest single wait. */
	maxRetryAfterRetries?: number;
	maxRetryAfterMs?: number;
	fetch?: typeof fetch;
}


/** fetch with a per-request timeout that waits out 429/503 + Retry-After before giving up. */
export function retryAfterFetch(base: typeof fetch, options: { requestTimeoutMs: number; maxRetries: number; maxWaitMs: number }): typeof fetch {
	return async (input, init) => {
		for (let attempt = 0; ; attempt++) {
			const timeout = AbortSignal.timeout(options.requestTimeoutMs);
			const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
			const response = await base(input, { ...init, signal });
			if ((response.status === 429 || response.status === 503) && attempt < options.maxRetries) {
				const wait = parseRetryAfter(response.headers.get('retry-after'));
				if (wait !== null && wait <= options.maxWaitMs) {
					await response.body?.cancel().catch(() => undefined);
					await sleep(wait, init?.signal);
					continue;
				}
			}
			return response;
		}
	};
}

/** Sends requests for fal's hosts to `baseUrl` instead, keeping path and query. */
export function rewriteFalHosts(baseUrl: string): RequestMiddleware {
	const base = baseUrl.replace(/\/+$/, '');
	return async (request) => {
		const url = new URL(request.url);
		if (!/(^|\.)fal\.(run|ai)$/.test(url.hostname)) return request;
		return { ...request, url: `${base}${url.pathname}${url.search}` };
	};
}

export function createFalClientFor(options: FalOptions): FalClient {
	return createFalClient({
		credentials: options.credentials,
		suppressLocalCredentialsWarning: true,
		fetch: retryAfterFetch(options.fetch ?? fetch, {
			requestTimeoutMs: options.requestTimeoutMs ?? 60_000,
			maxRetries: options.maxRetryAfterRetries ?? 3,
			maxWaitMs: options.maxRetryAfterMs ?? 60_000
		}),
		// Only set when used: an explicit undefined would replace the client's default middleware.
		...(options.baseUrl ? { requestMiddleware: rewriteFalHosts(options.baseUrl) } : {})
	});
}

function detailText(body: unknown): string {
	if (!body || typeof body !== 'object') return '';
	const detail = (body as { detail?: unknown }).detail;
	if (typeof detail === 'string') return detail;
	if (Array.isArray(detail)) return detail.map((d) => (d && typeof d === 'object' ? ((d as { msg?: string }).msg ?? JSON.stringify(d)) : String(d))).join('; ');
	return '';
}

/** Maps fal client errors to ProviderError. */
export function toFalError(error: unknown, model: string, requestId?: string): ProviderError {
	if (error instanceof ProviderError) return error;
	const base = { provider: FAL_PROVIDER, model, cause: error };
	const where = `${model}${requestId ? ` (request ${requestId})` : ''}`;
	if (error instanceof ApiError) {
		const status = error.status;
		const detail = detailText(error.body) || error.message;
		const policy = /content[_ ]policy|nsfw|safety|not allowed/i.test(JSON.stringify(error.body ?? '') + error.message);
		if (policy) return new ProviderError(`fal refused the content for ${where}: ${detail}`, { ...base, kind: 'refusal', retryable: false, status });
		if (status === 429) return new ProviderError(`fal rate limit persisted for ${where}: ${detail}`, { ...base, kind: 'rate_limit', retryable: true, status });
		if ((status === 402 || status === 403) && /exhausted balance|user is locked|insufficient|billing|credit/i.test(detail)) {
			return new ProviderError(`fal says the account is out of credit (${status}): top up the balance at https://fal.ai/dashboard/billing, then retry the failed jobs. ${detail}`, {
				...base,
				kind: 'quota',
				retryable: false,
				status
			});
		}
		if (status === 401 || status === 403) return new ProviderError(`fal rejected the key (${status}): check FAL_KEY, then retry the failed jobs. ${detail}`, { ...base, kind: 'auth', retryable: false, status });
		if (status >= 500 || status === 408) return new ProviderError(`fal ${where} failed with ${status}: ${detail}`, { ...base, kind: 'server', retryable: true, status });
		return new ProviderError(`fal rejected ${where} (${status}): ${detail}`, { ...base, kind: 'bad_request', retryable: false, status });
	}
	const err = error as Error;
	if (error instanceof SyntaxError) return new ProviderError(`fal ${where} answered with a body that is not JSON: ${err.message}`, { ...base, kind: 'malformed', retryable: true });
	if (err?.name === 'TimeoutError' || /timed out/i.test(err?.message ?? '')) return new ProviderError(`fal ${where} timed out: ${err.message}`, { ...base, kind: 'timeout', retryable: true });
	if (err?.name === 'AbortError') return new ProviderError(`fal ${where} was cancelled`, { ...base, kind: 'timeout', retryable: true });
	return new ProviderError(`fal ${where} failed: ${err?.message ?? String(error)}`, { ...base, kind: 'network', retryable: true });
}

interface FalFile {
	url: string;
	content_type?: string;
	width?: number;
	height?: number;
}

/** Runs one queued job and returns its output; cancels the job if we stop waiting for it. */
async function runQueued(client: FalClient, endpoint: string, input: Record<string, unknown>, options: FalOptions, signal?: AbortSignal): Promise<unknown> {
	// Our own deadline rather than subscribe()'s `timeout`, whose cancel is fire-and-forget: here the
	// cancel is sent and awaited before the error surfaces, so the job stops running (and billing).
	const jobTimeoutMs = options.jobTimeoutMs ?? 10 * 60_000;
	const deadline = AbortSignal.timeout(jobTimeoutMs);
	const abortSignal = signal ? AbortSignal.any([signal, deadline]) : deadline;
	let requestId: string | undefined;
	try {
		const result = await client.subscribe(endpoint, {
			input,
			mode: 'polling',
			pollInterval: options.pollIntervalMs ?? 1000,
			abortSignal,
			onEnqueue: (id) => {
				requestId = id;
			}
		});
		return result.data;
	} catch (error) {
		if (requestId && abortSignal.aborted) await client.queue.cancel(endpoint, { requestId }).catch(() => undefined);
		if (deadline.aborted && !signal?.aborted) {
			throw new ProviderError(`fal ${endpoint} (request ${requestId ?? 'not yet queued'}) did not finish within ${Math.round(jobTimeoutMs / 1000)} s and was cancelled`, {
				provider: FAL_PROVIDER,
				model: endpoint,
				kind: 'timeout',
				retryable: true,
				cause: error
			});
		}
		throw toFalError(error, endpoint, requestId);
	}
}

async function fetchOutput(file: FalFile | undefined, model: string, signal?: AbortSignal): Promise<{ bytes: Buffer; contentType: string; url: string }> {
	if (!file?.url) throw new ProviderError(`fal ${model} returned no output file`, { provider: FAL_PROVIDER, model, kind: 'malformed', retryable: true });
	const { bytes, contentType } = await downloadMedia(file.url, { provider: FAL_PROVIDER, model, signal });
	const generic = !contentType || /octet-stream|binary/.test(contentType);
	return { bytes, contentType: (generic ? (file.content_type ?? contentTypeFromUrl(file.url)) : contentType) ?? 'application/octet-stream', url: file.url };
}

// ---------------------------------------------------------------------------------------------

/** Flux dev costs about $0.025 per megapixel. */
const FLUX_USD_PER_MEGAPIXEL = 0.025;

export class FalImageModel implements ImageModel {
	readonly provider = FAL_PROVIDER;
	readonly model: string;
	private readonly client: FalClient;

	constructor(
		private readonly options: FalOptions & { model?: string },
		client?: FalClient
	) {
		this.model = options.model ?? FAL_MODELS.flux;
		this.client = client ?? createFalClientFor(options);
	}

	async generateImage(request: ImageRequest): Promise<ImageResult> {
		// A public reference image switches to the image-to-image variant of the same model.
		const useReference = Boolean(request.referenceImageUrl && /^https?:\/\//.test(request.referenceImageUrl));
		const endpoint = useReference ? `${this.model}/image-to-image` : this.model;
		const input: Record<string, unknown> = {
			prompt: request.prompt,
			image_size: { width: request.width, height: request.height },
			num_inference_steps: request.steps ?? 28,
			seed: request.seed,
			num_images: 1,
			enable_safety_checker: true,
			output_format: 'png',
			...(useReference ? { image_url: request.referenceImageUrl, strength: 0.85 } : {})
		};
		const data = (await runQueued(this.client, endpoint, input, this.options, request.signal)) as { images?: FalFile[]; has_nsfw_concepts?: boolean[] };
		if (data?.has_nsfw_concepts?.[0]) {
			throw new ProviderError(`fal ${endpoint} flagged the generated image as unsafe`, { provider: FAL_PROVIDER, model: endpoint, kind: 'refusal', retryable: false });
		}
		const file = data?.images?.[0];
		const output = await fetchOutput(file, endpoint, request.signal);
		const width = file?.width ?? request.width;
		const height = file?.height ?? request.height;
		return {
			bytes: output.bytes,
			contentType: output.contentType,
			width,
			height,
			usage: { provider: FAL_PROVIDER, model: endpoint, operation: 'image', images: 1, costUsd: Math.round(((width * height) / 1e6) * FLUX_USD_PER_MEGAPIXEL * 1e6) / 1e6 }
		};
	}
}

// ---------------------------------------------------------------------------------------------

type FalVideoKind = 'kling' | 'minimax';

const VIDEO_PRICING: Record<FalVideoKind, (seconds: number) => number> = {
	// Kling 1.6 standard: about $0.05 per second of output.
	kling: (s) => 0.05 * s,
	// Minimax video-01: about $0.50 per clip.
	minimax: () => 0.5
};

export class FalVideoModel implements VideoModel {
	readonly provider = FAL_PROVIDER;
	readonly model: string;
	readonly name: FalVideoKind;
	private readonly client: FalClient;

	constructor(
		kind: FalVideoKind,
		private readonly options: FalOptions & { model?: string },
		client?: FalClient
	) {
		this.name = kind;
		this.model = options.model ?? FAL_MODELS[kind];
		this.client = client ?? createFalClientFor(options);
	}

	async imageToVideo(request: VideoRequest): Promise<VideoResult> {
		// fal fetches https URLs itself; anything else (our /media/ files) is uploaded to fal storage
		// by the client when passed as a Blob.
		let imageUrl: string | Blob;
		if (request.image.url && /^https?:\/\//.test(request.image.url)) {
			imageUrl = request.image.url;
		} else {
			const { bytes, contentType } = await resolveImageBytes(request.image, FAL_PROVIDER);
			imageUrl = new Blob([new Uint8Array(bytes)], { type: contentType });
		}
		// Kling makes 5 or 10 seconds; Minimax makes about 6 whatever is asked.
		const seconds = this.name === 'kling' ? (request.durationSeconds >= 8 ? 10 : 5) : 6;
		const input: Record<string, unknown> =
			this.name === 'kling'
				? { prompt: request.prompt, image_url: imageUrl, duration: String(seconds), negative_prompt: 'blur, distort, low quality, text', cfg_scale: 0.5 }
				: { prompt: request.prompt, image_url: imageUrl, prompt_optimizer: true };
		const data = (await runQueued(this.client, this.model, input, this.options, request.signal)) as { video?: FalFile };
		const output = await fetchOutput(data?.video, this.model, request.signal);
		return {
			bytes: output.bytes,
			contentType: output.contentType,
			durationSeconds: seconds,
			provider: FAL_PROVIDER,
			model: this.model,
			sourceUrl: output.url,
			usage: { provider: FAL_PROVIDER, model: this.model, operation: 'video', videoSeconds: seconds, costUsd: Math.round(VIDEO_PRICING[this.name](seconds) * 1e6) / 1e6 }
		};
	}
}
