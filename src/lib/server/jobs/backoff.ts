// Retry backoff: after failed attempt n the job waits 30 s · 2^(n−1) — 30, 60, 120, 240 s.
export const BASE_RETRY_DELAY_MS = 30_000;
export const DEFAULT_MAX_ATTEMPTS = 5;

export function retryDelayMs(failedAttempt: number): number {
	if (!Number.isInteger(failedAttempt) || failedAttempt < 1) throw new RangeError(`attempt must be a positive integer, got ${failedAttempt}`);
	return BASE_RETRY_DELAY_MS * 2 ** (failedAttempt - 1);
}

/** What a failure does to a job: retry later, or give up. */
export function nextStateAfterFailure(attempts: number, maxAttempts: number, now: Date): { status: 'RETRY' | 'FAILED'; runAt: Date | null } {
	if (attempts >= maxAttempts) return { status: 'FAILED', runAt: null };
	return { status: 'RETRY', runAt: new Date(now.getTime() + retryDelayMs(attempts)) };
}
