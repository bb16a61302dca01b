// What an admin can do to jobs. Each operation is one statement with the allowed source states
// in its WHERE clause, so a job that moved on meanwhile (e.g. started running) is left alone and
// reported as not changed rather than corrupted.
import { z } from 'zod';
import { JOB_STATUSES, JOB_TYPES } from '../../schemas/enums.ts';
import { safeString } from '../../schemas/safe-string.ts'; // NUL-safe inputs (security branch)
import type { Queryable } from './types.ts';
import { NOTIFY_CHANNEL } from './enqueue.ts';

export const RETRYABLE_STATUSES = ['FAILED', 'RETRY', 'CANCELLED'] as const;
export const CANCELLABLE_STATUSES = ['QUEUED', 'RETRY'] as const;

export const jobFilterSchema = z.object({
	status: z.array(z.enum(JOB_STATUSES)).max(JOB_STATUSES.length).optional(),
	type: z.array(z.enum(JOB_TYPES)).max(JOB_TYPES.length).optional(),
	botId: safeString().min(1).max(64).optional(),
	/** Case-insensitive substring of lastError. */
	errorText: safeString().trim().min(1).max(200).optional()
});
export type JobFilter = z.infer<typeof jobFilterSchema>;

/** WHERE clause + params for a filter, starting at $<offset+1>. */
export function filterSql(filter: JobFilter, offset = 0): { where: string; params: unknown[] } {
	const parts: string[] = [];
	const params: unknown[] = [];
	const add = (sql: (n: string) => string, value: unknown) => {
		params.push(value);
		parts.push(sql(`$${offset + params.length}`));
	};
	if (filter.status?.length) add((p) => `status = ANY(${p}::"JobStatus"[])`, filter.status);
	if (filter.type?.length) add((p) => `type = ANY(${p}::"JobType"[])`, filter.type);
	if (filter.botId) add((p) => `"botId" = ${p}`, filter.botId);
	if (filter.errorText) add((p) => `"lastError" ILIKE ${p}`, `%${filter.errorText.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
	return { where: parts.length ? parts.join(' AND ') : 'true', params };
}

const RETRY_SET = `status = 'QUEUED', "runAt" = now(), "finishedAt" = NULL, "lockedAt" = NULL, "lockedBy" = NULL,
	 "maxAttempts" = greatest("maxAttempts", attempts + 1), "updatedAt" = now()`;

/**
 * Retry now: FAILED, RETRY or CANCELLED → QUEUED, due immediately. A job that used all its
 * attempts gets one more (maxAttempts is raised to attempts + 1); its error history is kept.
 * Returns the ids that changed.
 */
export async function retryJobs(q: Queryable, ids: string[]): Promise<string[]> {
	if (ids.length === 0) return [];
	const { rows } = await q.query<{ id: string }>(
		`WITH changed AS (
		   UPDATE jobs SET ${RETRY_SET}
		    WHERE id = ANY($1::uuid[]) AND status IN ('FAILED', 'RETRY', 'CANCELLED')
		      -- a bot can have only one pending GENERATE_POST: skip a retry that would make two
		      AND NOT (type = 'GENERATE_POST' AND EXISTS (SELECT 1 FROM jobs o WHERE o."botId" = jobs."botId" AND o.type = 'GENERATE_POST'
		               AND o.status IN ('QUEUED', 'RUNNING') AND o.id <> jobs.id))
		   RETURNING id
		 ), wake AS (SELECT pg_notify('${NOTIFY_CHANNEL}', '') WHERE EXISTS (SELECT 1 FROM changed))
		 SELECT changed.id FROM changed LEFT JOIN wake ON true`,
		[ids]
	);
	return rows.map((r) => r.id);
}

/** Cancel: QUEUED or RETRY → CANCELLED. Running jobs are not interrupted. */
export async function cancelJobs(q: Queryable, ids: string[], reason = 'Cancelled by an admin'): Promise<string[]> {
	if (ids.length === 0) return [];
	const { rows } = await q.query<{ id: string }>(
		`UPDATE jobs SET status = 'CANCELLED', "finishedAt" = now(), "lastError" = $2, "updatedAt" = now()
		  WHERE id = ANY($1::uuid[]) AND status IN ('QUEUED', 'RETRY') RETURNING id`,
		[ids, reason]
	);
	return rows.map((r) => r.id);
}

/** How many jobs a bulk action on this filter would change (for the confirmation dialog). */
export async function countMatching(q: Queryable, filter: JobFilter, action: 'retry' | 'cancel'): Promise<number> {
	const { where, params } = filterSql(filter);
	const allowed = action === 'retry' ? RETRYABLE_STATUSES : CANCELLABLE_STATUSES;
	const { rows } = await q.query<{ n: number }>(
		`SELECT count(*)::int AS n FROM jobs WHERE ${where} AND status = ANY($${params.length + 1}::"JobStatus"[])`,
		[...params, allowed]
	);
	return rows[0].n;
}

export async function bulkRetry(q: Queryable, filter: JobFilter): Promise<number> {
	const { where, params } = filterSql(filter);
	const { rows } = await q.query<{ n: number }>(
		`WITH changed AS (
		   UPDATE jobs SET ${RETRY_SET}
		    WHERE ${where} AND status IN ('FAILED', 'RETRY', 'CANCELLED')
		      AND NOT (type = 'GENERATE_POST' AND EXISTS (SELECT 1 FROM jobs o WHERE o."botId" = jobs."botId" AND o.type = 'GENERATE_POST'
		               AND o.status IN ('QUEUED', 'RUNNING') AND o.id <> jobs.id))
		      -- several retryable GENERATE_POSTs of one bot: only the newest is revived
		      AND NOT (type = 'GENERATE_POST' AND EXISTS (SELECT 1 FROM jobs n WHERE n."botId" = jobs."botId" AND n.type = 'GENERATE_POST'
		               AND n.status IN ('FAILED', 'RETRY', 'CANCELLED') AND (n."createdAt", n.id) > (jobs."createdAt", jobs.id)))
		   RETURNING id
		 ), wake AS (SELECT pg_notify('${NOTIFY_CHANNEL}', '') WHERE EXISTS (SELECT 1 FROM changed))
		 SELECT count(*)::int AS n FROM changed LEFT JOIN wake ON true`,
		params
	);
	return rows[0].n;
}

export async function bulkCancel(q: Queryable, filter: JobFilter, reason = 'Cancelled by an admin'): Promise<number> {
	const { where, params } = filterSql(filter);
	const { rowCount } = await q.query(
		`UPDATE jobs SET status = 'CANCELLED', "finishedAt" = now(), "lastError" = $${params.length + 1}, "updatedAt" = now()
		  WHERE ${where} AND status IN ('QUEUED', 'RETRY')`,
		[...params, reason]
	);
	return rowCount ?? 0;
}

/** Delete SUCCEEDED, FAILED and CANCELLED jobs that finished more than `olderThanDays` ago. */
export async function pruneJobs(q: Queryable, olderThanDays: number): Promise<number> {
	if (!(olderThanDays >= 0)) throw new RangeError('olderThanDays must be ≥ 0');
	const { rowCount } = await q.query(
		`DELETE FROM jobs WHERE status IN ('SUCCEEDED', 'FAILED', 'CANCELLED') AND "finishedAt" < now() - $1::float8 * interval '1 day'`,
		[olderThanDays]
	);
	return rowCount ?? 0;
}
