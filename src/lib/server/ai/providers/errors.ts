// How adapters fail: one error class with a kind and whether retrying can help, and the parsing of
// the wait a provider asked for (Retry-After). The queue and the provider breakers read these fields.
import type { UsageRecord } from './usage.ts';

export type ProviderErrorKind =
	| 'rate_limit'
	| 'timeout'
	| 'server'
	| 'network'
	| 'auth'
	/** The account cannot pay for more calls (OpenAI insufficient_quota): an admin must act. */
	| 'quota'
	/** Not called: the provider's circuit breaker is open (ops/breakers.ts) until `retryAfterMs` from now. */
	| 'paused'
	| 'bad_request'
	| 'refusal'
	| 'malformed'
	| 'job_failed'
	| 'unsupported';

/**
 * Every adapter failure surfaces as a ProviderError. `retryable` tells the job queue whether trying
 * again later can help (rate limits, outages, flaky JSON) or not (bad key, content refused).
 */
export class ProviderError extends Error {
	override name = 'ProviderError';
	readonly provider: string;
	readonly model: string | undefined;
	readonly kind: ProviderErrorKind;
	readonly retryable: boolean;
	readonly status: number | undefined;
	/** Calls that were billed before the failure (e.g. malformed JSON attempts). */
	readonly usage: UsageRecord[];
	/** How long the provider asked us to wait (Retry-After), or how long it is paused, in ms. */
	readonly retryAfterMs: number | undefined;

	constructor(
		message: string,
		details: {
			provider: string;
			model?: string;
			kind: ProviderErrorKind;
			retryable: boolean;
			status?: number;
			usage?: UsageRecord[];
			retryAfterMs?: number;
			cause?: unknown;
		}
	) {
		super(message, details.cause === undefined ? undefined : { cause: details.cause });
		this.provider = details.provider;
		this.model = details.model;
		this.kind = details.kind;
		this.retryable = details.retryable;
		this.status = details.status;
		this.usage = details.usage ?? [];
		this.retryAfterMs = details.retryAfterMs;
	}
}

/** Seconds or an HTTP date → milliseconds; null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | null {
	if (!value) return null;
	const seconds = Number(value);
	if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
	const date = Date.parse(value);
	return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** The wait a response asked for: `retry-after-ms` (OpenAI, Runway), else `retry-after`. */
export function retryAfterFromHeaders(headers: { get(name: string): string | null } | undefined | null): number | undefined {
	if (!headers) return undefined;
	const ms = Number(headers.get('retry-after-ms'));
	if (Number.isFinite(ms) && ms > 0) return ms;
	return parseRetryAfter(headers.get('retry-after')) ?? undefined;
}
