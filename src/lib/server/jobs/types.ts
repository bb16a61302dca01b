// The queue's vocabulary. Rows come from raw SQL (the hot paths are single statements), so these
// types mirror the `jobs` table; payloads stay `unknown` until the job type's schema parses them.
import type { JobStatusName, JobTypeName } from '../../schemas/enums.ts';

export type { JobStatusName as JobStatus, JobTypeName as JobType };

/**
 * Any job type the queue can hold: Rudo's own (`JobType`) or one registered by an extension or a
 * test (jobs.type is text; a CHECK keeps it UPPER_SNAKE, at most 64 characters).
 */
export type AnyJobType = JobTypeName | (string & {});

/** What jobs.type accepts (the CHECK constraint's pattern). */
export const JOB_TYPE_PATTERN = /^[A-Z][A-Z0-9_]{0,63}$/;

/** A job as a worker holds it after claiming. */
export interface ClaimedJob {
	id: string;
	type: AnyJobType;
	botId: string | null;
	payload: unknown;
	priority: number;
	runAt: Date;
	/** Already counts the attempt in progress. */
	attempts: number;
	maxAttempts: number;
	lockedBy: string;
}

/** One entry of a job's error history, appended on every failed attempt. */
export interface JobErrorEntry {
	attempt: number;
	at: string;
	message: string;
	stack: string | null;
}

export const PENDING_STATUSES = ['QUEUED', 'RUNNING', 'RETRY'] as const satisfies readonly JobStatusName[];

/** Anything that runs parameterised SQL: a pg.Pool, a checked-out client inside the caller's
 * transaction, or a Prisma transaction through `prismaQueryable`. */
export interface Queryable {
	query<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: R[]; rowCount: number | null }>;
}

/** Lets enqueue join a Prisma interactive transaction (`db.prisma.$transaction(async (tx) => …)`). */
export function prismaQueryable(tx: { $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T> }): Queryable {
	return {
		async query<R>(text: string, values: unknown[] = []) {
			const rows = await tx.$queryRawUnsafe<R[]>(text, ...values);
			return { rows, rowCount: rows.length };
		}
	};
}
