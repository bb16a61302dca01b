// The OpenAI SDK client Rudo uses (OPENAI_BASE_URL reaches any OpenAI-compatible server: Ollama,
// vLLM, LM Studio…), and how its errors become ProviderErrors.
//
// Retries: the SDK itself retries 408/409/429/5xx and connection errors `maxRetries` times, waiting
// what Retry-After / retry-after-ms say (up to 60 s; beyond that it uses its own backoff), and
// applies `timeout` per attempt, except for an account out of quota (see fetchWithoutQuotaRetries).
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
import { ProviderError, retryAfterFromHeaders, type UsageRecord } from '../types.ts';

export const OPENAI_PROVIDER = 'openai';

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
