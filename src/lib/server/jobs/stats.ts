// Queue health for the admin dashboard: what is waiting, what flows, what fails.
import { JOB_STATUSES, JOB_TYPES } from '../../schemas/enums.ts';
import type { JobStatus, JobType, Queryable } from './types.ts';

export interface QueueStats {
	counts: { status: JobStatus; type: JobType; count: number }[];
	/** Last 60 minutes, oldest first, one entry per minute (zeros included). */
	perMinute: { minute: Date; succeeded: number; failed: number }[];
	/** Seconds the oldest due QUEUED/RETRY job has been waiting past its runAt (0 if none). */
	oldestDueWaitSeconds: number;
	/** Failed attempts / (failed attempts + successes) over the last hour, 0..1. */
	failureRate: number;
	stuckRunning: number;
	generatedAt: Date;
}

export async function queueStats(q: Queryable, options: { stuckAfterMs?: number } = {}): Promise<QueueStats> {
	const [counts, perMinute, wait, failures, stuck] = await Promise.all([
		q.query<{ status: JobStatus; type: JobType; count: number }>(`SELECT status, type, count(*)::int AS count FROM jobs GROUP BY status, type`),
		// Successes from finishedAt; failures from each attempt in the error history (a job
		// that failed twice and then succeeded shows all three events).
		q.query<{ minute: Date; succeeded: number; failed: number }>(
			`WITH minutes AS (
			   SELECT generate_series(date_trunc('minute', now()) - interval '59 minutes', date_trunc('minute', now()), interval '1 minute') AS minute
			 ), ok AS (
			   SELECT date_trunc('minute', "finishedAt") AS minute, count(*)::int AS n FROM jobs
			    WHERE status = 'SUCCEEDED' AND "finishedAt" >= date_trunc('minute', now()) - interval '59 minutes' GROUP BY 1
			 ), bad AS (
			   SELECT date_trunc('minute', (e->>'at')::timestamptz AT TIME ZONE 'UTC') AS minute, count(*)::int AS n
			     FROM jobs, jsonb_array_elements(errors) e
			    WHERE "updatedAt" >= now() - interval '61 minutes' AND jsonb_array_length(errors) > 0
			      AND (e->>'at')::timestamptz AT TIME ZONE 'UTC' >= date_trunc('minute', now()) - interval '59 minutes'
			    GROUP BY 1
			 )
			 SELECT m.minute, coalesce(ok.n, 0) AS succeeded, coalesce(bad.n, 0) AS failed
			   FROM minutes m LEFT JOIN ok USING (minute) LEFT JOIN bad USING (minute) ORDER BY m.minute`
		),
		q.query<{ seconds: number | null }>(
			`SELECT extract(epoch FROM now() - min("runAt"))::float8 AS seconds FROM jobs WHERE status IN ('QUEUED', 'RETRY') AND "runAt" <= now()`
		),
		q.query<{ failed: number; succeeded: number }>(
			`SELECT
			   (SELECT count(*)::int FROM jobs, jsonb_array_elements(errors) e
			     WHERE "updatedAt" >= now() - interval '61 minutes' AND (e->>'at')::timestamptz AT TIME ZONE 'UTC' >= now() - interval '1 hour') AS failed,
			   (SELECT count(*)::int FROM jobs WHERE status = 'SUCCEEDED' AND "finishedAt" >= now() - interval '1 hour') AS succeeded`
		),
		q.query<{ n: number }>(`SELECT count(*)::int AS n FROM jobs WHERE status = 'RUNNING' AND "lockedAt" < now() - $1::int * interval '1 millisecond'`, [
			options.stuckAfterMs ?? 10 * 60_000
		])
	]);
	const f = failures.rows[0];
	const attempts = f.failed + f.succeeded;
	// Every status × type cell, zeros included, so the dashboard grid never shifts.
	const byKey = new Map(counts.rows.map((r) => [`${r.status}/${r.type}`, r.count]));
	return {
		counts: JOB_STATUSES.flatMap((status) => JOB_TYPES.map((type) => ({ status, type, count: byKey.get(`${status}/${type}`) ?? 0 }))),
		perMinute: perMinute.rows,
		oldestDueWaitSeconds: Math.max(0, wait.rows[0]?.seconds ?? 0),
		failureRate: attempts ? f.failed / attempts : 0,
		stuckRunning: stuck.rows[0].n,
		generatedAt: new Date()
	};
}
