// Running one claimed job: parse its payload, call its handler, and classify the outcome.
// Recording the outcome is the caller's business (processJobs records at once, the worker
// batches successes).
import type { Db } from '../db/client.ts';
import type { ClaimedJob } from './types.ts';
import type { JobRegistry } from './registry.ts';
import { CancelJobError, PermanentJobError, SnoozeJobError } from './errors.ts';
import type { FailureKind } from './claim.ts';

export type JobOutcome = { ok: true } | { ok: false; error: unknown; kind: FailureKind; delayMs?: number };

export async function runJob(db: Db, registry: JobRegistry, job: ClaimedJob, signal: AbortSignal): Promise<JobOutcome> {
	const definition = registry[job.type];
	if (!definition) return { ok: false, kind: 'permanent', error: new PermanentJobError(`No handler is registered for job type ${job.type}`) };
	const parsed = definition.payload.safeParse(job.payload);
	if (!parsed.success) {
		const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`).join('; ');
		return { ok: false, kind: 'permanent', error: new PermanentJobError(`Invalid payload for ${job.type}: ${detail}`) };
	}
	try {
		await definition.handler(parsed.data, { db, job, signal });
		return { ok: true };
	} catch (error) {
		if (error instanceof SnoozeJobError) return { ok: false, kind: 'snooze', error, delayMs: error.delayMs };
		if (error instanceof CancelJobError) return { ok: false, kind: 'cancel', error };
		if (error instanceof PermanentJobError) return { ok: false, kind: 'permanent', error };
		return { ok: false, kind: 'retry', error };
	}
}
