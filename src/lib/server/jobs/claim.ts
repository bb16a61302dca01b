// Taking jobs and recording what became of them. Every function here is ONE statement, so a job
// is never half-claimed or half-finished, whatever crashes when.
import type { ClaimedJob, JobType, Queryable } from './types.ts';
import { errorMessage, errorStack } from './errors.ts';
import { retryDelayMs } from './backoff.ts';

// The claim is ONE statement, rudo_claim_jobs() (prisma/migrations/*_claim_plpgsql):
//
//   WITH due AS (SELECT id FROM jobs WHERE status IN ('QUEUED','RETRY') AND "runAt" <= now()
//                ORDER BY priority, "runAt" LIMIT n FOR UPDATE SKIP LOCKED)
//   UPDATE jobs SET status = 'RUNNING', "lockedAt" = now(), "lockedBy" = $worker, attempts + 1 …
//   FROM due WHERE jobs.id = due.id RETURNING …
//
// SKIP LOCKED makes concurrent claimers pass over each other's rows instead of waiting, and the
// UPDATE marks exactly the selected rows in the same statement, so there is no window in which
// two workers could take the same job. It is wrapped in a function only to pin the plan
// and keep it cached per session (see the migration): an ordered walk of the partial claim
// index that stops after n rows.
const CLAIM_SQL = `SELECT id, type, "botId", payload, priority, "runAt", attempts, "maxAttempts", "lockedBy" FROM rudo_claim_jobs($1, $2, $3)`;

export async function claimJobs(q: Queryable, workerId: string, limit: number, types?: JobType[]): Promise<ClaimedJob[]> {
	if (limit <= 0) return [];
	const { rows } = await q.query<ClaimedJob>(CLAIM_SQL, [workerId, limit, types?.length ? types : null]);
	// RETURNING does not keep the CTE's order; run in priority order all the same.
	return rows.sort((a, b) => a.priority - b.priority || a.runAt.getTime() - b.runAt.getTime());
}

// Guarded by lockedBy + RUNNING: if this worker's lease expired and another worker took the job,
// the late result of the first is dropped instead of overwriting the second's.
export async function succeedJobs(q: Queryable, workerId: string, ids: string[]): Promise<number> {
	if (ids.length === 0) return 0;
	const { rowCount } = await q.query(
		`UPDATE jobs SET status = 'SUCCEEDED', "finishedAt" = now(), "lockedAt" = NULL, "lockedBy" = NULL, "updatedAt" = now()
		  WHERE id = ANY($1::uuid[]) AND status = 'RUNNING' AND "lockedBy" = $2`,
		[ids, workerId]
	);
	return rowCount ?? 0;
}

export async function succeedJob(q: Queryable, workerId: string, id: string): Promise<boolean> {
	return (await succeedJobs(q, workerId, [id])) === 1;
}

export type FailureKind = 'retry' | 'permanent' | 'cancel' | 'snooze';

export interface FailOutcome {
	status: 'RETRY' | 'FAILED' | 'CANCELLED' | 'QUEUED';
	runAt: Date;
	attempts: number;
}

/**
 * Record a failed attempt. `retry`: RETRY with backoff, or FAILED once attempts reach
 * maxAttempts. `permanent`: FAILED now. `cancel`: CANCELLED. `snooze`: back to QUEUED after
 * `delayMs` with the attempt given back. Every kind but snooze appends to the error history.
 */
export async function failJob(
	q: Queryable,
	job: Pick<ClaimedJob, 'id' | 'attempts' | 'lockedBy'>,
	error: unknown,
	options: { kind?: FailureKind; delayMs?: number } = {}
): Promise<FailOutcome | null> {
	const kind = options.kind ?? 'retry';
	const message = errorMessage(error).slice(0, 4_000);
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
		                   THEN now() + $5::int * interval '1 millisecond' ELSE "runAt" END,
		    "finishedAt" = CASE WHEN $4 IN ('cancel', 'permanent') OR ($4 = 'retry' AND attempts >= "maxAttempts") THEN now() END,
		    "lastError" = CASE WHEN $4 = 'snooze' THEN "lastError" ELSE $2 END,
		    errors = CASE WHEN $4 = 'snooze' THEN errors
		                  ELSE errors || jsonb_build_array(jsonb_build_object('attempt', attempts, 'at', now(), 'message', $2::text, 'stack', $3::text)) END,
		    "lockedAt" = NULL, "lockedBy" = NULL, "updatedAt" = now()
		  WHERE id = $1 AND status = 'RUNNING' AND "lockedBy" = $6
		RETURNING status, "runAt", attempts`,
		[job.id, message, errorStack(error), kind, delayMs, job.lockedBy]
	);
	return rows[0] ?? null;
}

/** A live worker renews the lease on the jobs it holds so the rescuer leaves them alone. */
export async function heartbeat(q: Queryable, workerId: string, ids: string[]): Promise<number> {
	if (ids.length === 0) return 0;
	const { rowCount } = await q.query(`UPDATE jobs SET "lockedAt" = now() WHERE id = ANY($1::uuid[]) AND status = 'RUNNING' AND "lockedBy" = $2`, [ids, workerId]);
	return rowCount ?? 0;
}

/** Give back claimed jobs that were never started (worker shutting down), attempt not spent. */
export async function releaseJobs(q: Queryable, workerId: string, ids: string[]): Promise<number> {
	if (ids.length === 0) return 0;
	const { rowCount } = await q.query(
		`UPDATE jobs SET status = (CASE WHEN attempts > 1 THEN 'RETRY' ELSE 'QUEUED' END)::"JobStatus", attempts = attempts - 1,
		        "lockedAt" = NULL, "lockedBy" = NULL, "updatedAt" = now()
		  WHERE id = ANY($1::uuid[]) AND status = 'RUNNING' AND "lockedBy" = $2`,
		[ids, workerId]
	);
	return rowCount ?? 0;
}

/**
 * Rescue jobs whose worker died: RUNNING with a lock older than the type's lease. The attempt
 * they were on counts (it was counted at claim); they go to RETRY, due now, or FAILED when that
 * was the last attempt. Returns the rescued ids.
 */
export async function rescueExpiredJobs(q: Queryable, leases: Record<JobType, number>): Promise<{ id: string; status: string }[]> {
	const types = Object.keys(leases) as JobType[];
	const { rows } = await q.query<{ id: string; status: string }>(
		`WITH lease AS (SELECT * FROM unnest($1::"JobType"[], $2::int[]) AS l(type, ms)),
		 expired AS (
		   SELECT j.id FROM jobs j JOIN lease l ON l.type = j.type
		    WHERE j.status = 'RUNNING' AND j."lockedAt" < now() - l.ms * interval '1 millisecond'
		    FOR UPDATE OF j SKIP LOCKED
		 )
		 UPDATE jobs j SET
		    status = (CASE WHEN j.attempts >= j."maxAttempts" THEN 'FAILED' ELSE 'RETRY' END)::"JobStatus",
		    "runAt" = now(),
		    "finishedAt" = CASE WHEN j.attempts >= j."maxAttempts" THEN now() END,
		    "lastError" = 'Lease expired: worker ' || coalesce(j."lockedBy", '?') || ' stopped renewing its lock during attempt ' || j.attempts,
		    errors = j.errors || jsonb_build_array(jsonb_build_object('attempt', j.attempts, 'at', now(),
		              'message', 'Lease expired: worker ' || coalesce(j."lockedBy", '?') || ' stopped renewing its lock', 'stack', NULL)),
		    "lockedAt" = NULL, "lockedBy" = NULL, "updatedAt" = now()
		   FROM expired WHERE j.id = expired.id
		 RETURNING j.id, j.status`,
		[types, types.map((t) => Math.round(leases[t]))]
	);
	return rows;
}
