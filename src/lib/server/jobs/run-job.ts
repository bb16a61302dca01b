// Running one claimed job: parse its payload, call its handler, and classify the outcome.
// Recording the outcome is the caller's business (outcomes.ts), so that a failed write never
// loses what the handler did.
import type { Db } from '../db/client.ts';
import type { ClaimedJob } from './types.ts';
import type { JobRegistry } from './registry.ts';
import { CancelJobError, PermanentJobError, SnoozeJobError } from './errors.ts';
import { completeJobInTransaction, type FailureKind } from './claim.ts';

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
		await definition.handler(parsed.data, {
			db,
			job,
			signal,
			async completeInTransaction(tx) {
				await completeJobInTransaction(tx, job);
				completedInTransaction = true;
			}
		});
		return { ok: true, completedInTransaction };
	} catch (error) {
		if (error instanceof SnoozeJobError) return { ok: false, kind: 'snooze', error, delayMs: error.delayMs };
		if (error instanceof CancelJobError) return { ok: false, kind: 'cancel', error };
		if (error instanceof PermanentJobError) return { ok: false, kind: 'permanent', error };
		return { ok: false, kind: 'retry', error };
	}
}
