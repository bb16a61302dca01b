// Retry or cancel the jobs an admin ticked on the jobs list: the same domain operations as a job's
// own page and the "all matching" actions (retryJobs, cancelJobs), with their rules — a retry that
// would make a second pending job is skipped with its reason, a cancel leaves running jobs alone —
// and one sentence saying what happened to every id ("3 retried, 1 skipped: …").
import type { Db } from '../db/client.ts';
import { cancelJobs, describeCancel, describeRetry, RETRY_SKIP_REASONS, retryJobs, type RetrySkipReason } from './admin.ts';

export const SELECTED_ACTIONS = ['retry', 'cancel'] as const;
export type SelectedAction = (typeof SELECTED_ACTIONS)[number];

/** The most ids one call takes: a few pages of selection, and one cheap statement. */
export const MAX_SELECTED = 500;

export interface SelectedResult {
	action: SelectedAction;
	/** Ids retried (now QUEUED, due) or cancelled. */
	changed: string[];
	/** Retry only: ids left alone because reviving them would make a second pending job. */
	skipped: { id: string; reason: RetrySkipReason; text: string }[];
	/** Ids in a state the action does not apply to (running, finished, already pending, gone). */
	unchanged: string[];
	/** For the toast: "3 retried, 1 skipped: the bot already has a pending post job. 1 left as it was (…)". */
	message: string;
}

const NOT_APPLICABLE: Record<SelectedAction, string> = {
	retry: 'only FAILED, RETRY and CANCELLED jobs can be retried',
	cancel: 'only QUEUED and RETRY jobs can be cancelled'
};

function untouched(ids: string[], accounted: string[]): string[] {
	const seen = new Set(accounted.map((id) => id.toLowerCase()));
	return [...new Set(ids.map((id) => id.toLowerCase()))].filter((id) => !seen.has(id));
}

/**
 * Apply `action` to the given job ids (1–MAX_SELECTED, checked by the caller's schema). Every id
 * ends up in exactly one of changed, skipped or unchanged. `cancelledBy` becomes the cancelled
 * jobs' lastError ("Cancelled by Ada Admin").
 */
export async function actOnSelected(db: Db, action: SelectedAction, ids: string[], cancelledBy: string): Promise<SelectedResult> {
	if (action === 'retry') {
		const result = await retryJobs(db.pool, ids);
		const unchanged = untouched(ids, [...result.retried, ...result.skipped.map((s) => s.id)]);
		return {
			action,
			changed: result.retried,
			skipped: result.skipped.map((s) => ({ ...s, text: RETRY_SKIP_REASONS[s.reason] })),
			unchanged,
			message: withUnchanged(describeRetry(result), unchanged.length, action)
		};
	}
	const result = await cancelJobs(db, ids, cancelledBy);
	const unchanged = untouched(ids, result.cancelled);
	return { action, changed: result.cancelled, skipped: [], unchanged, message: withUnchanged(describeCancel(result), unchanged.length, action) };
}

function withUnchanged(sentence: string, unchanged: number, action: SelectedAction): string {
	if (unchanged === 0) return sentence;
	const head = sentence.endsWith('.') ? sentence : `${sentence}.`;
	return `${head} ${unchanged} left as ${unchanged === 1 ? 'it was' : 'they were'} (${NOT_APPLICABLE[action]}).`;
}
