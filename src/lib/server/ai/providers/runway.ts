// Runway image-to-video through the official SDK: create a task, poll it until it succeeds, fails or
// runs out of time, then download the output (its URLs expire within a day or two).
//
// The SDK retries 408/409/429/5xx twice by default, honouring Retry-After, with `timeout` per
// request. We poll with tasks.retrieve rather than the SDK's waitForTaskOutput() because the latter
// has a fixed ~6 s interval; ours is configurable (Runway asks for no more than one poll per 5 s
// in production, which is the default here) and cancels the task when we give up on it.
import RunwayML, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError, AuthenticationError, PermissionDeniedError, RateLimitError } from '@runwayml/sdk';
import { ProviderError, contentTypeFromUrl, retryAfterFromHeaders, downloadMedia, resolveImageBytes, toDataUrl, type VideoModel, type VideoRequest, type VideoResult } from './types.ts';
import { sleep } from './sleep.ts';
import { truncateText } from '../../../text/safe-text.ts';

export const RUNWAY_PROVIDER = 'runway';
/** Runway credits are sold at $0.01. */
const USD_PER_CREDIT = 0.01;
/** gen4_turbo: 5 credits per second of output, used when the task does not report its cost. */
const CREDITS_PER_SECOND = 5;

export interface RunwayOptions {
	apiKey: string;
	baseURL?: string;
	model?: 'gen4_turbo' | 'gen4.5';
	requestTimeoutMs?: number;
	maxRetries?: number;
	pollIntervalMs?: number;
	/** Whole task, after which it is cancelled. */
	taskTimeoutMs?: number;
}

export function toRunwayError(error: unknown, model: string, taskId?: string): ProviderError {
	if (error instanceof ProviderError) return error;
	const base = { provider: RUNWAY_PROVIDER, model, cause: error };
	const where = `${model}${taskId ? ` (task ${taskId})` : ''}`;
	if (error instanceof APIConnectionTimeoutError) return new ProviderError(`Runway ${where} request timed out`, { ...base, kind: 'timeout', retryable: true });
	if (error instanceof APIUserAbortError) return new ProviderError(`Runway ${where} was cancelled`, { ...base, kind: 'timeout', retryable: true });
	if (error instanceof APIConnectionError) return new ProviderError(`Could not reach Runway: ${error.message}`, { ...base, kind: 'network', retryable: true });
	if (error instanceof RateLimitError) {
		return new ProviderError(`Runway rate limit persisted after retries: ${error.message}`, { ...base, kind: 'rate_limit', retryable: true, status: 429, retryAfterMs: retryAfterFromHeaders(error.headers) });
	}
	if (error instanceof AuthenticationError || error instanceof PermissionDeniedError) {
		return new ProviderError(`Runway rejected the API key (${error.status}): ${error.message}`, { ...base, kind: 'auth', retryable: false, status: error.status });
	}
	if (error instanceof APIError) {
		const status = error.status ?? 0;
		const refused = /safety|moderation|content/i.test(error.message);
		return new ProviderError(`Runway ${where} ${status ? `failed with ${status}` : 'failed'}: ${error.message}`, {
			...base,
			kind: refused ? 'refusal' : status >= 500 ? 'server' : 'bad_request',
			retryable: !refused && (status >= 500 || status === 408 || status === 409),
			status
		});
	}
	return new ProviderError(`Runway ${where} failed: ${(error as Error)?.message ?? String(error)}`, { ...base, kind: 'network', retryable: true });
}


export class RunwayVideoModel implements VideoModel {
	readonly provider = RUNWAY_PROVIDER;
	readonly name = 'runway';
	readonly model: 'gen4_turbo' | 'gen4.5';
	private readonly client: RunwayML;

	constructor(
		private readonly options: RunwayOptions,
		client?: RunwayML
	) {
		this.model = options.model ?? 'gen4_turbo';
		this.client =
			client ??
			new RunwayML({
				apiKey: options.apiKey,
				baseURL: options.baseURL,
				timeout: options.requestTimeoutMs ?? 60_000,
				maxRetries: options.maxRetries ?? 2
			});
	}

	async imageToVideo(request: VideoRequest): Promise<VideoResult> {
		// Runway takes an https URL or a data: URI (up to 5 MB); our own /media/ files are inlined.
		let promptImage: string;
		if (request.image.url && /^https:\/\//.test(request.image.url)) {
			promptImage = request.image.url;
		} else {
			const { bytes, contentType } = await resolveImageBytes(request.image, RUNWAY_PROVIDER);
			promptImage = toDataUrl(bytes, contentType);
		}
		const duration = request.durationSeconds >= 8 ? 10 : 5;
		const seed = request.seed % 4294967295;
		const body =
			this.model === 'gen4.5'
				? { model: 'gen4.5' as const, promptImage, promptText: truncateText(request.prompt, 1000), ratio: '960:960' as const, duration, seed }
				: { model: 'gen4_turbo' as const, promptImage, promptText: truncateText(request.prompt, 1000), ratio: '960:960' as const, duration, seed };

		let taskId: string | undefined;
		try {
			const created = await this.client.imageToVideo.create(body, { signal: request.signal });
			taskId = created.id;
			const deadline = Date.now() + (this.options.taskTimeoutMs ?? 10 * 60_000);
			const interval = this.options.pollIntervalMs ?? 5000;
			for (;;) {
				await sleep(interval, request.signal);
				const task = await this.client.tasks.retrieve(taskId, { signal: request.signal });
				if (task.status === 'SUCCEEDED') {
					const url = task.output[0];
					if (!url) throw new ProviderError(`Runway task ${taskId} succeeded without output`, { provider: RUNWAY_PROVIDER, model: this.model, kind: 'malformed', retryable: true });
					const { bytes, contentType } = await downloadMedia(url, { provider: RUNWAY_PROVIDER, model: this.model, signal: request.signal });
					const credits = task.cost?.credits ?? duration * CREDITS_PER_SECOND;
					return {
						bytes,
						contentType: (contentType && !/octet-stream/.test(contentType) ? contentType : contentTypeFromUrl(url)) ?? 'video/mp4',
						durationSeconds: duration,
						provider: RUNWAY_PROVIDER,
						model: this.model,
						sourceUrl: url,
						usage: { provider: RUNWAY_PROVIDER, model: this.model, operation: 'video', videoSeconds: duration, costUsd: Math.round(credits * USD_PER_CREDIT * 1e6) / 1e6 }
					};
				}
				if (task.status === 'FAILED') {
					const refused = /^SAFETY|moderation/i.test(`${task.failureCode ?? ''} ${task.failure}`);
					throw new ProviderError(`Runway task ${taskId} failed: ${task.failure}${task.failureCode ? ` (${task.failureCode})` : ''}`, {
						provider: RUNWAY_PROVIDER,
						model: this.model,
						kind: refused ? 'refusal' : 'job_failed',
						retryable: !refused && !/^INPUT_PREPROCESSING/.test(task.failureCode ?? '')
					});
				}
				if (task.status === 'CANCELLED') {
					throw new ProviderError(`Runway task ${taskId} was cancelled`, { provider: RUNWAY_PROVIDER, model: this.model, kind: 'job_failed', retryable: true });
				}
				if (Date.now() > deadline) {
					await this.client.tasks.delete(taskId).catch(() => undefined);
					throw new ProviderError(`Runway task ${taskId} did not finish within ${Math.round((this.options.taskTimeoutMs ?? 600_000) / 1000)} s (last status ${task.status})`, {
						provider: RUNWAY_PROVIDER,
						model: this.model,
						kind: 'timeout',
						retryable: true
					});
				}
			}
		} catch (error) {
			if (taskId && request.signal?.aborted) await this.client.tasks.delete(taskId).catch(() => undefined);
			throw toRunwayError(error, this.model, taskId);
		}
	}
}
