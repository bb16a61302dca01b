// Taking jobs and recording what became of them. Every function here is ONE statement, so a job
// is never half-claimed or half-finished, whatever crashes when. Each write that records an
// outcome is guarded by (status RUNNING, lockedBy, attempts): a worker that lost its lease (the
// job was rescued and maybe claimed again) cannot overwrite what the job's new owner does.
import type { ClaimedJob, Queryable } from './types.ts';
import { errorDetails, errorSummary } from './errors.ts';
import { retryDelayMs } from './backoff.ts';
import { cleanText } from '../../text/safe-text.ts';

// The claim is ONE statement, rudo_claim_jobs() (prisma/migrations/*_job_type_text):
//
//   WITH due AS (SELECT id FROM jobs WHERE status IN ('QUEUED','RETRY') AND "runAt" <= now()
//                ORDER BY "runAt" + priority * interval '10 seconds' LIMIT n FOR UPDATE SKIP LOCKED)
//   UPDATE jobs SET status = 'RUNNING', "lockedAt" = now(), "lockedBy" = $worker, attempts + 1 …
//   FROM due WHERE jobs.id = due.id RETURNING …
//
// SKIP LOCKED makes concurrent claimers pass over each other's rows instead of waiting, and the
// UPDATE marks exactly the selected rows in the same statement, so there is no window in which
// two workers could take the same job. The order is priority with linear ageing (see the
// migration): a due job is never passed over by a more urgent one that became due more than
// PRIORITY_AGEING_MS × (difference in priority) after it. The function pins the plan (an ordered
// walk of the partial claim index that stops after n rows) and keeps it cached per session.
const CLAIM_SQL = `SELECT id, type, "botId", payload, priority, "runAt", attempts, "maxAttempts", "lockedBy" FROM rudo_claim_jobs($1, $2, $3, $4)`;

/** One priority level is worth this much waiting (the claim orders by runAt + priority × this). */
export const PRIORITY_AGEING_MS = 10_000;

/** The lease when the caller sets none (JOB_LEASE_MS): renewed every lease/3 by the holder. */
export const DEFAULT_LEASE_MS = 30_000;

/**
 * Claims up to `limit` due jobs (QUEUED or RETRY with runAt ≤ now) for `workerId`, optionally
 * only of `types`, in ageing order, each leased for `leaseMs`. Returns them RUNNING with
 * `attempts` already counting this one.
 */
export async function claimJobs(q: Queryable, workerId: string, limit: number, types?: readonly string[], leaseMs = DEFAULT_LEASE_MS): Promise<ClaimedJob[]> {
	if (limit <= 0) return [];
	const { rows } = await q.query<ClaimedJob>(CLAIM_SQL, [workerId, limit, types?.length ? types : null, leaseMs]);
	// RETURNING does not keep the CTE's order; run in claim order all the same.
	const key = (j: ClaimedJob) => j.runAt.getTime() + j.priority * PRIORITY_AGEING_MS;
	return rows.sort((a, b) => key(a) - key(b));
}

/** Who may write a job's outcome: the worker holding it, for the attempt it is on. */
export type JobOwner = Pick<ClaimedJob, 'id' | 'attempts' | 'lockedBy'>;

/**
 * SUCCEEDED for each job still held by `workerId` (jobs it lost meanwhile are left alone).
 * Returns how many rows changed.
 */
export async function succeedJobs(q: Queryable, workerId: string, ids: string[]): Promise<number> {
	if (ids.length === 0) return 0;
	const { rowCount } = await q.query(
		`UPDATE jobs SET status = 'SUCCEEDED', "finishedAt" = now(), "lockedAt" = NULL, "lockedBy" = NULL, "leaseExpiresAt" = NULL, "updatedAt" = now()
		  WHERE id = ANY($1::uuid[]) AND status = 'RUNNING' AND "lockedBy" = $2`,
		[ids, workerId]
	);
	return rowCount ?? 0;
}

export async function succeedJob(q: Queryable, workerId: string, id: string): Promise<boolean> {
	return (await succeedJobs(q, workerId, [id])) === 1;
}

/** This attempt no longer owns its job (rescued, cancelled or handed back meanwhile). */
export class LeaseLostError extends Error {
	override name = 'LeaseLostError';
}

/**
 * River's JobCompleteTx: marks the job SUCCEEDED through `tx`, the handler's own transaction, so
 * the job's side effect and its completion commit together or not at all. Throws LeaseLostError
 * when this attempt does not own the job any more, which rolls the caller's transaction back.
 */
export async function completeJobInTransaction(tx: Queryable, job: JobOwner): Promise<void> {
	const { rows } = await tx.query<{ id: string }>(
		`UPDATE jobs SET status = 'SUCCEEDED', "finishedAt" = now(), "lockedAt" = NULL, "lockedBy" = NULL, "leaseExpiresAt" = NULL, "updatedAt" = now()
		  WHERE id = $1::uuid AND status = 'RUNNING' AND "lockedBy" = $2 AND attempts = $3
		RETURNING id`,
		[job.id, job.lockedBy, job.attempts]
	);
	if (rows.length === 0) throw new LeaseLostError(`Job ${job.id} is no longer held by ${job.lockedBy} (attempt ${job.attempts}); its transaction was rolled back`);
}

export type FailureKind = 'retry' | 'permanent' | 'cancel' | 'snooze';

export interface FailOutcome {
	status: 'RETRY' | 'FAILED' | 'CANCELLED' | 'QUEUED';
	runAt: Date;
	attempts: number;
}

/**
 * Records a failed attempt. `retry`: RETRY after the capped backoff, or FAILED once attempts
 * reach maxAttempts (no delay is computed for a final attempt). `permanent`: FAILED now.
 * `cancel`: CANCELLED. `snooze`: back to QUEUED after `delayMs` with the attempt given back.
 * Every kind but snooze appends {attempt, at, message, stack} to the error history and sets
 * lastError to one readable line; all text is cleaned (no NUL, no broken characters) first.
 * Returns null when this attempt no longer owns the job.
 */
export async function failJob(
	q: Queryable,
	job: JobOwner,
	error: unknown,
	options: { kind?: FailureKind; delayMs?: number } = {}
): Promise<FailOutcome | null> {
	const kind = options.kind ?? 'retry';
	const message = errorSummary(error);
	const details = errorDetails(error);
	const delayMs = kind === 'snooze' ? Math.max(0, options.delayMs ?? 0) : kind === 'retry' ? retryDelayMs(Math.max(1, job.attempts)) : 0;
	const { rows } = await q.query<FailOutcome>(
		`UPDATE jobs SET
		    status = (CASE
		      WHEN $4 = 'cancel' THEN 'CANCELLED'
		      WHEN $4 = 'snooze' THEN 'QUEUED'
		      WHEN $4 = 'permanent' OR attempts >= "maxAttempts" THEN 'FAILED'
		      ELSE 'RETRY' END)::"JobStatus",
		    attempts = CASE WHEN $4 = 'snooze' THEN greatest(attempts - 1, 0) ELSE attempts END,
		    "runAt" = CASE WHEN $4 IN ('retry', 'snooze') AND NOT ($4 = 'retry' AND attempts >= "maxAttempts")
		                   THEN now() + $5::float8 * interval '1 millisecond' ELSE "runAt" END,
		    "finishedAt" = CASE WHEN $4 IN ('cancel', 'permanent') OR ($4 = 'retry' AND attempts >= "maxAttempts") THEN now() END,
		    "lastError" = CASE WHEN $4 = 'snooze' THEN "lastError" ELSE $2 END,
		    -- A snoozed job shows why it waits (a gate's reason: over budget, provider paused…).
		    "waitReason" = CASE WHEN $4 = 'snooze' THEN $2 END,
		    errors = CASE WHEN $4 = 'snooze' THEN errors
		                  ELSE errors || jsonb_build_array(jsonb_build_object('attempt', attempts, 'at', now(), 'message', $2::text, 'stack', $3::text)) END,
		    "lockedAt" = NULL, "lockedBy" = NULL, "leaseExpiresAt" = NULL, "updatedAt" = now()
		  WHERE id = $1 AND status = 'RUNNING' AND "lockedBy" = $6 AND attempts = $7
		RETURNING status, "runAt", attempts`,
		[job.id, message, details, kind, delayMs, job.lockedBy, job.attempts]
	);
	return rows[0] ?? null;
}

/**
 * A live worker renews the lease on the jobs it holds (leaseExpiresAt = now + leaseMs) so the
 * rescuer leaves them alone. Run it on the worker's own connection (control-connection.ts), never
 * behind handler work in the pool. Returns how many jobs it still holds.
 */
export async function heartbeat(q: Queryable, workerId: string, ids: string[], leaseMs = DEFAULT_LEASE_MS): Promise<number> {
	if (ids.length === 0) return 0;
	const { rowCount } = await q.query(
		`UPDATE jobs SET "leaseExpiresAt" = now() + $3::float8 * interval '1 millisecond'
		  WHERE id = ANY($1::uuid[]) AND status = 'RUNNING' AND "lockedBy" = $2`,
		[ids, workerId, leaseMs]
	);
	return rowCount ?? 0;
}

/**
 * Hands back jobs this worker holds without spending the attempt: claimed but never started
 * (shutdown), or cut short by shutdown. They are due again at once (QUEUED, or RETRY when an
 * earlier attempt failed), with `note` kept in lastError when given.
 */
export async function releaseJobs(q: Queryable, workerId: string, ids: string[], note?: string): Promise<number> {
	if (ids.length === 0) return 0;
	const { rowCount } = await q.query(
		`UPDATE jobs SET status = (CASE WHEN attempts > 1 THEN 'RETRY' ELSE 'QUEUED' END)::"JobStatus", attempts = greatest(attempts - 1, 0),
		        "runAt" = least("runAt", now()), "lastError" = coalesce($3, "lastError"),
		        "lockedAt" = NULL, "lockedBy" = NULL, "leaseExpiresAt" = NULL, "updatedAt" = now()
		  WHERE id = ANY($1::uuid[]) AND status = 'RUNNING' AND "lockedBy" = $2`,
		[ids, workerId, note === undefined ? null : cleanText(note)]
	);
	return rowCount ?? 0;
}

/**
 * Rescues jobs whose worker died: RUNNING past `leaseExpiresAt`. A live worker renews every
 * lease/3 on its own connection, so only a worker that stopped (crashed, killed, cut off from the
 * database for a whole lease) loses its jobs. The lease travels with the job (set by its holder),
 * so any process can rescue without agreeing on a lease setting. The attempt they were on counts;
 * they go to RETRY, due now, or FAILED when it was the last. Returns the rescued ids with their
 * new status.
 */
export async function rescueExpiredJobs(q: Queryable): Promise<{ id: string; status: string }[]> {
	const { rows } = await q.query<{ id: string; status: string }>(
		`WITH expired AS (
		   SELECT id FROM jobs WHERE status = 'RUNNING' AND "leaseExpiresAt" < now()
		    FOR UPDATE SKIP LOCKED
		 )
		 UPDATE jobs j SET
		    status = (CASE WHEN j.attempts >= j."maxAttempts" THEN 'FAILED' ELSE 'RETRY' END)::"JobStatus",
		    "runAt" = now(),
		    "finishedAt" = CASE WHEN j.attempts >= j."maxAttempts" THEN now() END,
		    "lastError" = 'Lease expired: worker ' || coalesce(j."lockedBy", '?') || ' stopped renewing its lock during attempt ' || j.attempts,
		    errors = j.errors || jsonb_build_array(jsonb_build_object('attempt', j.attempts, 'at', now(),
		              'message', 'Lease expired: worker ' || coalesce(j."lockedBy", '?') || ' stopped renewing its lock', 'stack', NULL)),
		    "lockedAt" = NULL, "lockedBy" = NULL, "leaseExpiresAt" = NULL, "updatedAt" = now()
		   FROM expired WHERE j.id = expired.id
		 RETURNING j.id, j.status`
	);
	return rows;
}
