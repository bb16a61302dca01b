// What the queue holds now, for the metrics scrape. Prometheus asks every 15-60 s from every
// process, so this must stay cheap however long the finished history grows: it reads pending
// jobs only, through the partial indexes the queue keeps for its own hot paths —
// jobs_claim_idx (status IN ('QUEUED','RETRY')) and jobs_running_lease_idx (status = 'RUNNING').
// Each half of the UNION repeats its index's predicate exactly so the planner can use it;
// finished rows (SUCCEEDED, FAILED, CANCELLED) are never visited.
import type pg from 'pg';

export const QUEUE_DEPTH_STATUSES = ['QUEUED', 'RUNNING', 'RETRY'] as const;

export interface QueueDepthRow {
	type: string;
	status: (typeof QUEUE_DEPTH_STATUSES)[number];
	/** Jobs of this type in this status. */
	jobs: number;
	/** Of those, how many are due (run time passed): waiting for a worker. 0 for RUNNING. */
	due: number;
	/** Seconds the longest-waiting due one has waited past its run time; 0 when none. */
	oldestDueSeconds: number;
}

export const QUEUE_DEPTH_SQL = `
SELECT "type", "status", count(*)::int AS jobs,
       count(*) FILTER (WHERE "runAt" <= now())::int AS due,
       COALESCE(EXTRACT(EPOCH FROM now() - min("runAt") FILTER (WHERE "runAt" <= now())), 0)::float8 AS oldest_due_seconds
  FROM "jobs"
 WHERE "status" IN ('QUEUED', 'RETRY')
 GROUP BY "type", "status"
UNION ALL
SELECT "type", 'RUNNING', count(*)::int, 0, 0
  FROM "jobs"
 WHERE "status" = 'RUNNING'
 GROUP BY "type"`;

/** Pending jobs by type and status, with how many are due and how late the oldest is. */
export async function readQueueDepth(q: Pick<pg.Pool, 'query'>): Promise<QueueDepthRow[]> {
	const { rows } = await q.query<{ type: string; status: QueueDepthRow['status']; jobs: number; due: number; oldest_due_seconds: number }>(QUEUE_DEPTH_SQL);
	return rows.map((r) => ({ type: r.type, status: r.status, jobs: r.jobs, due: r.due, oldestDueSeconds: Math.max(0, r.oldest_due_seconds) }));
}
