// Read side of the admin dashboard: the jobs list, one job's detail, and queue health with the
// warnings the overview shows. Raw SQL over the shared pool, like the rest of the queue.
import { z } from 'zod';
import { CANCELLABLE_STATUSES, filterSql, jobFilterSchema, RETRYABLE_STATUSES } from './admin.ts';
import { queueStats, type QueueStats } from './stats.ts';
import type { JobErrorEntry, JobStatus, JobType, Queryable } from './types.ts';

// ------------------------------------------------------------------------------------------------
// Jobs list
// ------------------------------------------------------------------------------------------------

export const JOB_SORTS = ['runAt-desc', 'runAt-asc'] as const;
export type JobSort = (typeof JOB_SORTS)[number];

export const jobListInputSchema = z.object({
	filter: jobFilterSchema.default({}),
	page: z.number().int().min(1).max(100_000).default(1),
	pageSize: z.number().int().min(1).max(100).default(25),
	sort: z.enum(JOB_SORTS).default('runAt-desc')
});
export type JobListInput = z.input<typeof jobListInputSchema>;

export interface JobListRow {
	id: string;
	type: JobType;
	status: JobStatus;
	botId: string | null;
	botHandle: string | null;
	attempts: number;
	maxAttempts: number;
	runAt: Date;
	createdAt: Date;
	finishedAt: Date | null;
	lastError: string | null;
}

export interface JobListPage {
	rows: JobListRow[];
	total: number;
	page: number;
	pageSize: number;
	pageCount: number;
	sort: JobSort;
}

/**
 * One page of jobs matching a filter, with the total for the pager. Offset pagination: admins
 * jump between pages and share links to them, and the history an admin pages through is bounded
 * by pruning. The filter runs on `jobs` alone (filterSql's columns are unqualified), and only
 * the page's rows are joined to their bot.
 */
export async function listJobs(q: Queryable, input: JobListInput = {}): Promise<JobListPage> {
	const { filter, page, pageSize, sort } = jobListInputSchema.parse(input);
	const { where, params } = filterSql(filter);
	const direction = sort === 'runAt-asc' ? 'ASC' : 'DESC';
	const n = params.length;
	const [rows, count] = await Promise.all([
		q.query<JobListRow>(
			`WITH page AS (
			   SELECT id, type, status, "botId", attempts, "maxAttempts", "runAt", "createdAt", "finishedAt", left("lastError", 300) AS "lastError"
			     FROM jobs WHERE ${where}
			    ORDER BY "runAt" ${direction}, id ${direction}
			    LIMIT $${n + 1} OFFSET $${n + 2}
			 )
			 SELECT page.*, b.handle AS "botHandle" FROM page LEFT JOIN bots b ON b.id = page."botId"
			  ORDER BY page."runAt" ${direction}, page.id ${direction}`,
			[...params, pageSize, (page - 1) * pageSize]
		),
		q.query<{ n: number }>(`SELECT count(*)::int AS n FROM jobs WHERE ${where}`, params)
	]);
	const total = count.rows[0].n;
	return { rows: rows.rows, total, page, pageSize, pageCount: Math.max(1, Math.ceil(total / pageSize)), sort };
}

/** Bots that have jobs, for the list's bot filter. */
export async function listJobBots(q: Queryable): Promise<{ id: string; handle: string }[]> {
	const { rows } = await q.query<{ id: string; handle: string }>(
		`SELECT b.id, b.handle FROM bots b WHERE EXISTS (SELECT 1 FROM jobs j WHERE j."botId" = b.id) ORDER BY b.handle LIMIT 1000`
	);
	return rows;
}

// ------------------------------------------------------------------------------------------------
// Job detail
// ------------------------------------------------------------------------------------------------

/** Any 8-4-4-4-12 hex string: what Postgres accepts as a uuid (jobs.id is UUIDv7). */
export const JOB_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const jobIdSchema = z.string().trim().regex(JOB_ID_PATTERN, 'Not a job id');

export type TimelineEvent =
	| { kind: 'created'; at: Date }
	| { kind: 'failed'; at: Date | null; attempt: number; message: string; stack: string | null }
	| { kind: 'running'; at: Date | null; attempt: number; lockedBy: string | null }
	| { kind: 'succeeded'; at: Date | null; attempt: number }
	| { kind: 'cancelled'; at: Date | null; reason: string | null };

export interface JobDetail {
	id: string;
	type: JobType;
	status: JobStatus;
	payload: unknown;
	priority: number;
	key: string | null;
	runAt: Date;
	attempts: number;
	maxAttempts: number;
	lockedAt: Date | null;
	lockedBy: string | null;
	lastError: string | null;
	errors: JobErrorEntry[];
	finishedAt: Date | null;
	createdAt: Date;
	updatedAt: Date;
	bot: { id: string; handle: string; name: string; avatarUrl: string | null } | null;
	post: {
		id: string;
		type: string;
		caption: string;
		mediaUrl: string | null;
		thumbnailUrl: string | null;
		moderationStatus: string;
		publishedAt: Date | null;
		createdAt: Date;
	} | null;
	/** Oldest first: created, each failed attempt, then where the job is now. */
	timeline: TimelineEvent[];
	canRetry: boolean;
	canCancel: boolean;
}

const errorEntrySchema = z.object({
	attempt: z.number().int(),
	at: z.string(),
	message: z.string(),
	stack: z.string().nullable().optional()
});

/** The error history is jsonb written by SQL; read it defensively rather than trust its shape. */
export function parseErrorHistory(raw: unknown): JobErrorEntry[] {
	if (!Array.isArray(raw)) return [];
	return raw.map((entry, i) => {
		const parsed = errorEntrySchema.safeParse(entry);
		if (parsed.success) return { ...parsed.data, stack: parsed.data.stack ?? null };
		return { attempt: i + 1, at: '', message: typeof entry === 'string' ? entry : JSON.stringify(entry), stack: null };
	});
}

const dateOrNull = (iso: string) => {
	const d = new Date(iso);
	return Number.isNaN(d.getTime()) ? null : d;
};

function timelineOf(job: Omit<JobDetail, 'timeline' | 'canRetry' | 'canCancel' | 'bot' | 'post'>): TimelineEvent[] {
	const events: TimelineEvent[] = [{ kind: 'created', at: job.createdAt }];
	for (const e of job.errors) events.push({ kind: 'failed', at: dateOrNull(e.at), attempt: e.attempt, message: e.message, stack: e.stack });
	if (job.status === 'RUNNING') events.push({ kind: 'running', at: job.lockedAt, attempt: job.attempts, lockedBy: job.lockedBy });
	if (job.status === 'SUCCEEDED') events.push({ kind: 'succeeded', at: job.finishedAt, attempt: job.attempts });
	if (job.status === 'CANCELLED') events.push({ kind: 'cancelled', at: job.finishedAt, reason: job.lastError });
	return events;
}

/** One job with everything the detail page shows, or null when there is no such job. */
export async function getJobDetail(q: Queryable, id: string): Promise<JobDetail | null> {
	// A malformed id cannot name a job; answering null keeps Postgres' cast error (a 500) away.
	if (!JOB_ID_PATTERN.test(id)) return null;
	const { rows } = await q.query<Record<string, unknown>>(
		`SELECT j.id, j.type, j.status, j.payload, j.priority, j.key, j."runAt", j.attempts, j."maxAttempts", j."lockedAt", j."lockedBy",
		        j."lastError", j.errors, j."finishedAt", j."createdAt", j."updatedAt",
		        b.id AS "botId", b.handle AS "botHandle", b.name AS "botName", b."avatarUrl" AS "botAvatarUrl",
		        p.id AS "postId", p.type AS "postType", p.caption AS "postCaption", p."mediaUrl" AS "postMediaUrl",
		        p."thumbnailUrl" AS "postThumbnailUrl", p."moderationStatus" AS "postModerationStatus",
		        p."publishedAt" AS "postPublishedAt", p."createdAt" AS "postCreatedAt"
		   FROM jobs j
		   LEFT JOIN bots b ON b.id = j."botId"
		   LEFT JOIN posts p ON p."jobId" = j.id
		  WHERE j.id = $1::uuid`,
		[id]
	);
	const r = rows[0];
	if (!r) return null;
	const job = {
		id: r.id as string,
		type: r.type as JobType,
		status: r.status as JobStatus,
		payload: r.payload,
		priority: r.priority as number,
		key: r.key as string | null,
		runAt: r.runAt as Date,
		attempts: r.attempts as number,
		maxAttempts: r.maxAttempts as number,
		lockedAt: r.lockedAt as Date | null,
		lockedBy: r.lockedBy as string | null,
		lastError: r.lastError as string | null,
		errors: parseErrorHistory(r.errors),
		finishedAt: r.finishedAt as Date | null,
		createdAt: r.createdAt as Date,
		updatedAt: r.updatedAt as Date
	};
	return {
		...job,
		bot: r.botId ? { id: r.botId as string, handle: r.botHandle as string, name: r.botName as string, avatarUrl: r.botAvatarUrl as string | null } : null,
		post: r.postId
			? {
					id: r.postId as string,
					type: r.postType as string,
					caption: r.postCaption as string,
					mediaUrl: r.postMediaUrl as string | null,
					thumbnailUrl: r.postThumbnailUrl as string | null,
					moderationStatus: r.postModerationStatus as string,
					publishedAt: r.postPublishedAt as Date | null,
					createdAt: r.postCreatedAt as Date
				}
			: null,
		timeline: timelineOf(job),
		canRetry: (RETRYABLE_STATUSES as readonly string[]).includes(job.status),
		canCancel: (CANCELLABLE_STATUSES as readonly string[]).includes(job.status)
	};
}

// ------------------------------------------------------------------------------------------------
// Queue health: the stats plus what deserves a warning
// ------------------------------------------------------------------------------------------------

export interface HealthWarning {
	kind: 'stuck' | 'failing' | 'backlog';
	severity: 'critical' | 'warning';
	message: string;
}

export interface QueueHealth extends QueueStats {
	/** Jobs that gave up (reached FAILED) in the last hour. */
	failedJobsLastHour: number;
	succeededLastHour: number;
	failedAttemptsLastHour: number;
	warnings: HealthWarning[];
}

/** Thresholds for the warnings; exported so tests and the page can name them. */
export const HEALTH_THRESHOLDS = {
	/** Failure rate over the last hour that counts as "failing repeatedly"… */
	failureRate: 0.5,
	/** …once at least this many attempts failed (one failure in two attempts is noise). */
	minFailedAttempts: 5,
	/** Jobs giving up for good within an hour. */
	failedJobs: 3,
	/** Oldest due job waiting longer than this means workers are not keeping up (or not running). */
	backlogSeconds: 5 * 60
};

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function healthWarnings(h: Omit<QueueHealth, 'warnings'>, t = HEALTH_THRESHOLDS): HealthWarning[] {
	const warnings: HealthWarning[] = [];
	if (h.stuckRunning > 0) {
		warnings.push({
			kind: 'stuck',
			severity: 'critical',
			message: `${plural(h.stuckRunning, 'job has', 'jobs have')} been running for over 10 minutes without finishing. Their worker may have died; they are rescued when their lease expires.`
		});
	}
	const rateHigh = h.failureRate >= t.failureRate && h.failedAttemptsLastHour >= t.minFailedAttempts;
	if (rateHigh || h.failedJobsLastHour >= t.failedJobs) {
		warnings.push({
			kind: 'failing',
			severity: 'critical',
			message: `Jobs are failing repeatedly: ${Math.round(h.failureRate * 100)}% of attempts failed in the last hour (${plural(h.failedAttemptsLastHour, 'failed attempt')}, ${plural(h.failedJobsLastHour, 'job')} gave up).`
		});
	}
	if (h.oldestDueWaitSeconds >= t.backlogSeconds) {
		warnings.push({
			kind: 'backlog',
			severity: 'warning',
			message: `The oldest due job has waited ${Math.round(h.oldestDueWaitSeconds / 60)} minutes. Workers are behind or not running.`
		});
	}
	return warnings;
}

export async function queueHealth(q: Queryable): Promise<QueueHealth> {
	const [stats, failed] = await Promise.all([
		queueStats(q),
		// jobs_finishedAt_idx (partial) serves this.
		q.query<{ n: number }>(`SELECT count(*)::int AS n FROM jobs WHERE status = 'FAILED' AND "finishedAt" >= now() - interval '1 hour'`)
	]);
	const base = {
		...stats,
		failedJobsLastHour: failed.rows[0].n,
		succeededLastHour: stats.perMinute.reduce((sum, m) => sum + m.succeeded, 0),
		failedAttemptsLastHour: stats.perMinute.reduce((sum, m) => sum + m.failed, 0)
	};
	return { ...base, warnings: healthWarnings(base) };
}
