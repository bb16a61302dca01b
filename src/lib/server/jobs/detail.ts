// One job with everything its page shows: payload, attempt timeline with errors and stacks, the
// lease and the worker holding it, why it waits, its bot and the post it produced.
import { z } from 'zod';
import { CANCELLABLE_STATUSES, RETRYABLE_STATUSES } from './admin.ts';
import type { JobErrorEntry, JobStatus, Queryable } from './types.ts';


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
	type: string;
	status: JobStatus;
	payload: unknown;
	priority: number;
	key: string | null;
	runAt: Date;
	attempts: number;
	maxAttempts: number;
	lockedAt: Date | null;
	lockedBy: string | null;
	/** While RUNNING: when the rescuer takes it unless its worker renews the lease. */
	leaseExpiresAt: Date | null;
	/** When the latest attempt started. */
	startedAt: Date | null;
	/** Why a due job waits (a budget, a paused provider), while it does. */
	waitReason: string | null;
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
		        j."leaseExpiresAt", j."startedAt", j."waitReason",
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
		type: r.type as string,
		status: r.status as JobStatus,
		payload: r.payload,
		priority: r.priority as number,
		key: r.key as string | null,
		runAt: r.runAt as Date,
		attempts: r.attempts as number,
		maxAttempts: r.maxAttempts as number,
		lockedAt: r.lockedAt as Date | null,
		lockedBy: r.lockedBy as string | null,
		leaseExpiresAt: r.leaseExpiresAt as Date | null,
		startedAt: r.startedAt as Date | null,
		waitReason: r.waitReason as string | null,
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
