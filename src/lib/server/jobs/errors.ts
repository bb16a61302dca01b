import { oneLine, truncateText } from '../../text/safe-text.ts';

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

/** The raw message of anything thrown (an Error's message, a string, or its JSON). */
/** Why a gate holds a job back (over budget, provider paused…): shown on the job while it waits. */
export class JobWaitError extends Error {
	override name = 'JobWaitError';
}

/** The raw message of anything thrown (an Error's message, a string, or its JSON). */
export function errorMessage(error: unknown): string {
	if (error instanceof Error) return error.message || error.name;
	if (typeof error === 'string') return error;
	try {
		return JSON.stringify(error) ?? String(error);
	} catch {
		return String(error);
	}
}

/** Longest `lastError` / error-history message, in UTF-16 code units. */
export const ERROR_SUMMARY_MAX = 500;
/** Longest stack (with the full message and causes) kept per failed attempt. */
export const ERROR_DETAILS_MAX = 8_000;

// Prisma's messages open with "Invalid `tx.post.create()` invocation in <file>:<line>", then a
// code frame, and only their last line says what went wrong.
const PRISMA_INVOCATION = /Invalid `([^`]+)` invocation/;

/**
 * One readable line for `lastError` and the dashboard: what went wrong, safe to store (no NUL or
 * other control characters, no broken characters) and at most ERROR_SUMMARY_MAX long. A Prisma
 * invocation error becomes "tx.post.create() failed: <its last line>"; anything else is its
 * message with line breaks collapsed. The full text goes to `errorDetails`.
 */
export function errorSummary(error: unknown): string {
	const raw = errorMessage(error);
	const prisma = PRISMA_INVOCATION.exec(raw);
	if (prisma) {
		const last = raw.trim().split('\n').map((l) => l.trim()).filter(Boolean).at(-1) ?? '';
		return oneLine(`${prisma[1]} failed: ${last}`, ERROR_SUMMARY_MAX);
	}
	return oneLine(raw, ERROR_SUMMARY_MAX) || (error instanceof Error ? error.name : 'Unknown error');
}

/**
 * Everything known about a failure, for the error history's `stack`: the stack (which starts with
 * the full message) and each `cause` in turn, cleaned and cut to ERROR_DETAILS_MAX. Null when there
 * is nothing beyond the summary.
 */
export function errorDetails(error: unknown): string | null {
	const parts: string[] = [];
	let current: unknown = error;
	for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
		if (current instanceof Error) parts.push((depth ? 'Caused by: ' : '') + (current.stack ?? `${current.name}: ${current.message}`));
		else if (depth) parts.push(`Caused by: ${errorMessage(current)}`);
		current = current instanceof Error ? current.cause : undefined;
	}
	return parts.length ? truncateText(parts.join('\n'), ERROR_DETAILS_MAX) : null;
}
