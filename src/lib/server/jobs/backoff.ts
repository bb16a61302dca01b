// Retry backoff: after failed attempt n a job waits min(30 s · 2^(n−1), 1 h): 30, 60, 120, 240 s …,
// then never more than an hour. Exponential backoff as in graphile-worker and River; the cap keeps
// the wait meaningful for jobs with many attempts (and for jobs an admin keeps retrying, each
// retry granting one more attempt), and keeps the delay within what the database stores.
export const BASE_RETRY_DELAY_MS = 30_000;
/** The longest wait between two attempts. */
export const MAX_RETRY_DELAY_MS = 60 * 60_000;
export const DEFAULT_MAX_ATTEMPTS = 5;

/**
 * Milliseconds to wait after failed attempt `failedAttempt` (1-based) before the next one:
 * `min(BASE_RETRY_DELAY_MS · 2^(n−1), MAX_RETRY_DELAY_MS)`. Any attempt number, however large,
 * gives a finite delay of at most an hour. Throws RangeError for anything but a positive integer.
 */
export function retryDelayMs(failedAttempt: number): number {
	if (!Number.isInteger(failedAttempt) || failedAttempt < 1) throw new RangeError(`attempt must be a positive integer, got ${failedAttempt}`);
	// 2^(n−1) passes the cap long before it could overflow a double (n = 8 already gives 64 min).
	return Math.min(MAX_RETRY_DELAY_MS, BASE_RETRY_DELAY_MS * 2 ** Math.min(failedAttempt - 1, 30));
}

/**
 * What a failure does to a job: retry after the backoff, or give up once `attempts` (the attempt
 * that just failed, counted at claim) reaches `maxAttempts`. No delay is computed for a final
 * attempt.
 */
export function nextStateAfterFailure(attempts: number, maxAttempts: number, now: Date): { status: 'RETRY' | 'FAILED'; runAt: Date | null } {
	if (attempts >= maxAttempts) return { status: 'FAILED', runAt: null };
	return { status: 'RETRY', runAt: new Date(now.getTime() + retryDelayMs(attempts)) };
}
