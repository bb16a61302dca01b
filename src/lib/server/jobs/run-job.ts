// Running one claimed job: parse its payload, call its handler, and classify the outcome.
// Recording the outcome is the caller's business (outcomes.ts), so that a failed write never
// loses what the handler did.
import type { Db } from '../db/client.ts';
import type { ClaimedJob } from './types.ts';
import type { JobContext, JobRegistry } from './registry.ts';
import { CancelJobError, JobWaitError, PermanentJobError, SnoozeJobError } from './errors.ts';
import { completeJobInTransaction, type FailureKind } from './claim.ts';
import { runAsJob } from './job-context.ts';

export type JobOutcome =
	| { ok: true; /** The handler completed the job inside its own transaction. */ completedInTransaction: boolean }
	| { ok: false; error: unknown; kind: FailureKind; delayMs?: number };

/**
 * Runs `job`'s handler and says how it ended. Never throws: a missing handler or a payload its
 * schema refuses is a permanent failure, PermanentJobError / CancelJobError / SnoozeJobError
 * steer the queue, anything else is an ordinary failure retried with backoff.
 */
export async function runJob(db: Db, registry: JobRegistry, job: ClaimedJob, signal: AbortSignal): Promise<JobOutcome> {
	try {
		const definition = registry[job.type];
		if (!definition) return { ok: false, kind: 'permanent', error: new PermanentJobError(`No handler is registered for job type ${job.type}`) };
		const parsed = definition.payload.safeParse(job.payload);
		if (!parsed.success) {
			const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`).join('; ');
			return { ok: false, kind: 'permanent', error: new PermanentJobError(`Invalid payload for ${job.type}: ${detail}`) };
		}
		let completedInTransaction = false;
		const ctx: JobContext = {
			db,
			job,
			signal,
			async completeInTransaction(tx) {
				await completeJobInTransaction(tx, job);
				completedInTransaction = true;
			}
		};
		return await runAsJob({ jobId: job.id, type: job.type, attempt: job.attempts, workerId: job.lockedBy }, async () => {
			// Gates (a budget, a provider breaker…) can hold the job back before it spends anything:
			// it waits, its attempt given back, with the reason on the job.
			for (const gate of definition.gates ?? []) {
				const wait = await gate(parsed.data, ctx);
				if (wait) return { ok: false, kind: 'snooze', error: new JobWaitError(wait.reason), delayMs: Math.max(0, wait.until.getTime() - Date.now()) } satisfies JobOutcome;
			}
			await definition.handler(parsed.data, ctx);
			return { ok: true, completedInTransaction } satisfies JobOutcome;
		});
	} catch (error) {
		if (error instanceof SnoozeJobError) return { ok: false, kind: 'snooze', error, delayMs: error.delayMs };
		if (error instanceof CancelJobError) return { ok: false, kind: 'cancel', error };
		if (error instanceof PermanentJobError) return { ok: false, kind: 'permanent', error };
		return { ok: false, kind: 'retry', error };
	}
}

/** What one attempt came to, for metrics and logs: emitted when its handler returns. */
export interface JobAttemptEvent {
	job: ClaimedJob;
	/** succeeded; failed (will retry or has given up); snoozed (waits, attempt given back); cancelled. */
	result: 'succeeded' | 'failed' | 'snoozed' | 'cancelled';
	/** Handler time in milliseconds (gates included). */
	durationMs: number;
	error?: unknown;
}

/** The event for an outcome of runJob. */
export function attemptEvent(job: ClaimedJob, outcome: JobOutcome, durationMs: number): JobAttemptEvent {
	if (outcome.ok) return { job, result: 'succeeded', durationMs };
	const result = outcome.kind === 'snooze' ? 'snoozed' : outcome.kind === 'cancel' ? 'cancelled' : 'failed';
	return { job, result, durationMs, error: outcome.error };
}
