// Errors a handler can throw to steer the queue (after River's JobCancel / JobSnooze).
// Any other error is an ordinary failure: retried with backoff until maxAttempts.

/** Do not retry: the job can never succeed (bad payload, bot deleted…). Goes straight to FAILED. */
export class PermanentJobError extends Error {
	override name = 'PermanentJobError';
}

/** Stop this job for good without counting it as a failure. Goes to CANCELLED. */
export class CancelJobError extends Error {
	override name = 'CancelJobError';
}

/** Run again later without spending an attempt (e.g. a provider asked us to wait). */
export class SnoozeJobError extends Error {
	override name = 'SnoozeJobError';
	constructor(
		readonly delayMs: number,
		message = `snoozed for ${Math.round(delayMs / 1000)} s`
	) {
		super(message);
	}
}

export function errorMessage(error: unknown): string {
	if (error instanceof Error) return error.message || error.name;
	return typeof error === 'string' ? error : JSON.stringify(error);
}

export function errorStack(error: unknown): string | null {
	return error instanceof Error && error.stack ? error.stack.slice(0, 8_000) : null;
}
