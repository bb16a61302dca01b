// What an admin can do to jobs. Each operation is one statement with the allowed source states
// in its WHERE clause, so a job that moved on meanwhile (e.g. started running) is left alone and
// reported as not changed rather than corrupted.
import { z } from 'zod';
import { JOB_STATUSES } from '../../schemas/enums.ts';
import { JOB_TYPE_PATTERN } from './types.ts';
import { safeString } from '../../schemas/safe-string.ts'; // NUL-safe inputs (security branch)
import type { Queryable } from './types.ts';
import type { Db } from '../db/client.ts';
import { withTransaction } from '../db/transaction.ts';
import { moveDueSlotsOn } from '../scheduler.ts';
import { NOTIFY_CHANNEL } from './enqueue.ts';
import { cleanText } from '../../text/safe-text.ts';

export const RETRYABLE_STATUSES = ['FAILED', 'RETRY', 'CANCELLED'] as const;
export const CANCELLABLE_STATUSES = ['QUEUED', 'RETRY'] as const;

/** A job id, the 8 characters the dashboard shows (`#0648f240`, its end), or the first 4+ characters. */
export const jobIdQuerySchema = z
	.string()
	.trim()
	.toLowerCase()
	.transform((v) => v.replace(/^#/, ''))
	.pipe(z.string().regex(/^[0-9a-f-]{4,36}$/, 'Enter a job id, its first characters, or the 8 shown after #'));

export const jobFilterSchema = z.object({
	status: z.array(z.enum(JOB_STATUSES)).max(JOB_STATUSES.length).optional(),
	/** Any job type, Rudo's own or an extension's. */
	type: z.array(z.string().regex(JOB_TYPE_PATTERN, 'Not a job type')).max(50).optional(),
	/** Find a job by id: the whole id, the short id shown in lists, or its first characters. */
	id: jobIdQuerySchema.optional(),
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
	// One value is written as `=`: the planner can then walk an index on (type, id) in id order.
	if (filter.status?.length === 1) add((p) => `status = ${p}::"JobStatus"`, filter.status[0]);
	else if (filter.status?.length) add((p) => `status = ANY(${p}::"JobStatus"[])`, filter.status);
	if (filter.type?.length === 1) add((p) => `type = ${p}`, filter.type[0]);
	else if (filter.type?.length) add((p) => `type = ANY(${p}::text[])`, filter.type);
	if (filter.botId) add((p) => `"botId" = ${p}`, filter.botId);
	// "lastError IS NOT NULL" lets the planner walk the small partial index of jobs that have one.
	if (filter.errorText) add((p) => `"lastError" IS NOT NULL AND "lastError" ILIKE ${p}`, `%${filter.errorText.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
	if (filter.id) {
		const id = filter.id;
		if (JOB_ID_FULL.test(id)) add((p) => `id = ${p}::uuid`, id);
		else {
			// The ids are gathered first, each way through its own index (an OR of them would walk
			// the whole table): the short id the lists show is the id's end (the partial index of
			// finished jobs, and the few pending ones), and anything else is read as the id's start.
			const short = /^[0-9a-f]{8}$/.test(id);
			params.push(...idPrefixRange(id));
			const range = offset + params.length;
			let byEnd = '';
			if (short) {
				params.push(id);
				const n = offset + params.length;
				byEnd = ` UNION ALL SELECT id FROM jobs WHERE right(id::text, 8) = $${n} AND "finishedAt" IS NOT NULL
				          UNION ALL SELECT id FROM jobs WHERE status IN ('QUEUED', 'RETRY') AND right(id::text, 8) = $${n}
				          UNION ALL SELECT id FROM jobs WHERE status = 'RUNNING' AND right(id::text, 8) = $${n}`;
			}
			parts.push(`id = ANY(ARRAY(SELECT id FROM jobs WHERE id BETWEEN $${range - 1}::uuid AND $${range}::uuid${byEnd} LIMIT 1000))`);
		}
	}
	return { where: parts.length ? parts.join(' AND ') : 'true', params };
}

const JOB_ID_FULL = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The lowest and highest uuid starting with `prefix` (hex digits, dashes optional). */
export function idPrefixRange(prefix: string): [string, string] {
	const hex = prefix.replace(/-/g, '').slice(0, 32);
	const shape = (h: string) => `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
	return [shape(hex.padEnd(32, '0')), shape(hex.padEnd(32, 'f'))];
}

// "Due now" truncated to the column's millisecond precision: a rounded-up now() would leave the
// job half a millisecond in the future for a claim woken by this statement's NOTIFY.
const RETRY_SET = `status = 'QUEUED', "runAt" = date_trunc('milliseconds', now()), "finishedAt" = NULL, "lockedAt" = NULL, "lockedBy" = NULL, "leaseExpiresAt" = NULL,
	 "maxAttempts" = greatest("maxAttempts", attempts + 1), "updatedAt" = now()`;

/** Why a job was not retried: reviving it would make a second pending job where one is allowed. */
export type RetrySkipReason = 'bot-archived' | 'bot-has-pending-post' | 'key-pending' | 'newer-post-retried' | 'newer-key-retried';

export const RETRY_SKIP_REASONS: Record<RetrySkipReason, string> = {
	'bot-archived': 'its bot is archived (restore the bot first)',
	'bot-has-pending-post': 'the bot already has a pending post job',
	'key-pending': 'a job with the same key is already pending',
	'newer-post-retried': "a newer post job of the same bot was retried instead",
	'newer-key-retried': 'a newer job with the same key was retried instead'
};

export interface RetryResult {
	/** Ids now QUEUED and due. */
	retried: string[];
	/** Ids left as they were, with why. */
	skipped: { id: string; reason: RetrySkipReason }[];
}

// One statement over the candidates (the selection's FAILED, RETRY and CANCELLED jobs, locked):
// a verdict per job, then the UPDATE of those without a reason to skip. A job of an archived bot
// stays as it is (archiving cancelled it; reviving it would make the bot act). A RETRY job is pending
// already, so making it due now can never create a second pending job. A FAILED or CANCELLED one
// is skipped when its bot already has a pending GENERATE_POST (the partial unique index allows
// one) or its key a pending job; among several such candidates of one bot or key, only the newest
// is revived. Rows outside the selection that are pending count, so do RETRY rows inside it.
function retrySql(selection: string): string {
	return `
	WITH cand AS (
	   SELECT id, type, "botId", key, status, "createdAt" FROM jobs
	    WHERE ${selection} AND status IN ('FAILED', 'RETRY', 'CANCELLED')
	    FOR UPDATE
	 ), verdict AS (
	   SELECT c.id, CASE
	     WHEN c.status = 'RETRY' THEN NULL
	     WHEN c."botId" IS NOT NULL AND EXISTS (SELECT 1 FROM bots b WHERE b.id = c."botId" AND b."archivedAt" IS NOT NULL) THEN 'bot-archived'
	     WHEN c.type = 'GENERATE_POST' AND EXISTS (SELECT 1 FROM jobs o WHERE o.type = 'GENERATE_POST' AND o."botId" = c."botId"
	          AND o.status IN ('QUEUED', 'RUNNING', 'RETRY') AND o.id <> c.id) THEN 'bot-has-pending-post'
	     WHEN c.key IS NOT NULL AND EXISTS (SELECT 1 FROM jobs o WHERE o.key = c.key
	          AND o.status IN ('QUEUED', 'RUNNING', 'RETRY') AND o.id <> c.id) THEN 'key-pending'
	     WHEN c.type = 'GENERATE_POST' AND EXISTS (SELECT 1 FROM cand n WHERE n.type = 'GENERATE_POST' AND n."botId" = c."botId"
	          AND n.status <> 'RETRY' AND (n."createdAt", n.id) > (c."createdAt", c.id)) THEN 'newer-post-retried'
	     WHEN c.key IS NOT NULL AND EXISTS (SELECT 1 FROM cand n WHERE n.key = c.key
	          AND n.status <> 'RETRY' AND (n."createdAt", n.id) > (c."createdAt", c.id)) THEN 'newer-key-retried'
	   END AS skip
	   FROM cand c
	 ), changed AS (
	   UPDATE jobs SET ${RETRY_SET} FROM verdict v WHERE jobs.id = v.id AND v.skip IS NULL RETURNING jobs.id
	 ), wake AS (SELECT pg_notify('${NOTIFY_CHANNEL}', '') WHERE EXISTS (SELECT 1 FROM changed))
	 SELECT v.id, v.skip FROM verdict v LEFT JOIN wake ON true`;
}

async function runRetry(q: Queryable, selection: string, params: unknown[]): Promise<RetryResult> {
	// The verdicts see the table as of the statement's start: a job enqueued by someone else in
	// the same instant can still collide with the unique index. Then the verdicts are simply
	// taken again (they now see that job).
	for (let attempt = 1; ; attempt++) {
		try {
			const { rows } = await q.query<{ id: string; skip: RetrySkipReason | null }>(retrySql(selection), params);
			return {
				retried: rows.filter((r) => !r.skip).map((r) => r.id),
				skipped: rows.filter((r) => r.skip).map((r) => ({ id: r.id, reason: r.skip! }))
			};
		} catch (error) {
			if ((error as { code?: string }).code !== '23505' || attempt >= 5) throw error;
		}
	}
}

/**
 * Retry now: FAILED, RETRY or CANCELLED → QUEUED, due immediately. A job that used all its
 * attempts gets one more (maxAttempts is raised to attempts + 1); its error history is kept. A
 * retry that would make a second pending job (another pending post job of the same bot, another
 * pending job with the same key) is skipped and reported with its reason; the others go through.
 * Ids that are not retryable (running, succeeded, unknown) appear in neither list.
 */
export async function retryJobs(q: Queryable, ids: string[]): Promise<RetryResult> {
	if (ids.length === 0) return { retried: [], skipped: [] };
	return runRetry(q, 'id = ANY($1::uuid[])', [ids]);
}

/** Bulk retry of everything matching `filter`, with the same rules as retryJobs. */
export async function bulkRetry(q: Queryable, filter: JobFilter): Promise<RetryResult> {
	const { where, params } = filterSql(filter);
	return runRetry(q, `(${where})`, params);
}

/**
 * "3 retried, 1 skipped: the bot already has a pending post job" — what a retry did, in one
 * sentence for the toast (skips grouped by reason).
 */
export function describeRetry(result: RetryResult): string {
	const head = `${result.retried.length} retried`;
	if (result.skipped.length === 0) return head;
	const byReason = new Map<RetrySkipReason, number>();
	for (const s of result.skipped) byReason.set(s.reason, (byReason.get(s.reason) ?? 0) + 1);
	const reasons = [...byReason].map(([reason, n]) => (byReason.size > 1 ? `${n}: ${RETRY_SKIP_REASONS[reason]}` : RETRY_SKIP_REASONS[reason]));
	return `${head}, ${result.skipped.length} skipped: ${reasons.join('; ')}`;
}

export interface CancelResult {
	cancelled: string[];
	/** Bots whose due slot moved on because their post job was cancelled (else the scheduler would enqueue it again). */
	movedSlots: { botId: string; handle: string; nextPostAt: Date }[];
}

// A cancelled GENERATE_POST of a bot whose slot is due would be enqueued again by the next
// scheduler tick: cancelling moves that slot on, as giving up on a post does (skipToNextSlot).
// Both happen in one transaction, so a cancel never leaves a due slot behind.
async function cancelWhere(db: Db, selection: string, params: unknown[], reason: string): Promise<CancelResult> {
	return withTransaction(db.pool, async (tx) => {
		const { rows } = await tx.query<{ id: string; type: string; botId: string | null }>(
			`UPDATE jobs SET status = 'CANCELLED', "finishedAt" = now(), "lastError" = $${params.length + 1}, "updatedAt" = now()
			  WHERE ${selection} AND status IN ('QUEUED', 'RETRY') RETURNING id, type, "botId"`,
			[...params, cleanText(reason)]
		);
		const botIds = [...new Set(rows.filter((r) => r.type === 'GENERATE_POST' && r.botId).map((r) => r.botId!))];
		const movedSlots = await moveDueSlotsOn(tx, botIds);
		return { cancelled: rows.map((r) => r.id), movedSlots };
	});
}

/**
 * "2 cancelled. @maya_cooks's next post moves to its next slot." — what a cancel did, for the
 * toast and the job page.
 */
export function describeCancel(result: CancelResult): string {
	const head = `${result.cancelled.length} cancelled.`;
	if (result.movedSlots.length === 0) return head;
	const handles = result.movedSlots.map((m) => `@${m.handle}`);
	const who = handles.length <= 3 ? handles.join(', ') : `${handles.slice(0, 3).join(', ')} and ${handles.length - 3} more`;
	return `${head} The next post of ${who} moves on to the following slot, so the scheduler does not queue it again.`;
}

/** Cancel: QUEUED or RETRY → CANCELLED (running jobs are not interrupted); due slots of their bots move on. */
export async function cancelJobs(db: Db, ids: string[], reason = 'Cancelled by an admin'): Promise<CancelResult> {
	if (ids.length === 0) return { cancelled: [], movedSlots: [] };
	return cancelWhere(db, 'id = ANY($1::uuid[])', [ids], reason);
}

/** Bulk cancel of everything matching `filter`, with the same slot rule as cancelJobs. */
export async function bulkCancel(db: Db, filter: JobFilter, reason = 'Cancelled by an admin'): Promise<CancelResult> {
	const { where, params } = filterSql(filter);
	return cancelWhere(db, `(${where})`, params, reason);
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

/** Delete SUCCEEDED, FAILED and CANCELLED jobs that finished more than `olderThanDays` ago. */
export async function pruneJobs(q: Queryable, olderThanDays: number): Promise<number> {
	if (!(olderThanDays >= 0)) throw new RangeError('olderThanDays must be ≥ 0');
	const { rowCount } = await q.query(
		`DELETE FROM jobs WHERE status IN ('SUCCEEDED', 'FAILED', 'CANCELLED') AND "finishedAt" < now() - $1::float8 * interval '1 day'`,
		[olderThanDays]
	);
	return rowCount ?? 0;
}
