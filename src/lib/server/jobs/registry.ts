// One registry entry per job type: how to validate its payload, how many attempts it gets, and
// what runs it. (How long a worker may hold a job without renewing its lease is the worker's
// setting, JOB_LEASE_MS, stored on each job it claims.) Rudo's own types are
// in defaultRegistry() (index.ts); a worker can load more from modules (modules.ts), which is how
// the chaos suite runs a test-only type without adding it to production.
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import type { AnyJobType, ClaimedJob, Queryable } from './types.ts';
import { JOB_DEFAULTS } from './defaults.ts';
import { DEFAULT_MAX_ATTEMPTS } from './backoff.ts';

export interface JobContext {
	db: Db;
	job: ClaimedJob;
	/** Aborted when the worker is shutting down hard; long handlers should pass it on. */
	signal: AbortSignal;
	/**
	 * Marks the job SUCCEEDED inside the handler's own transaction (River's JobCompleteTx), so a
	 * database side effect and the job's completion commit together or not at all. Throws
	 * LeaseLostError (rolling the transaction back) when this attempt no longer owns the job, e.g.
	 * it was rescued meanwhile: the side effect is then left to the attempt that owns it.
	 */
	completeInTransaction(tx: Queryable): Promise<void>;
}

/** A job may not start before `until`, for `reason` (e.g. "over @maya's daily budget"). */
export interface JobWait {
	until: Date;
	reason: string;
}

/**
 * Checked before the handler runs; a wait snoozes the job (its attempt given back) with the
 * reason shown on it. For conditions outside the job: a budget spent, a provider paused.
 */
export type JobGate<P = unknown> = (payload: P, ctx: JobContext) => Promise<JobWait | null>;

export interface JobDefinition<P = unknown> {
	type: AnyJobType;
	payload: z.ZodType<P>;
	maxAttempts: number;
	/** Checked in order before each attempt; the first wait wins. */
	gates?: JobGate<P>[];
	/**
	 * The key of a job with this payload when the enqueuer gives none (River's unique jobs, Oban's
	 * `unique`): at most one pending job per key, a duplicate is skipped. E.g. one pending cycle
	 * per bot. Applied wherever the registry is passed to enqueue (admin trigger and replay).
	 */
	pendingKey?: (payload: P) => string | null;
	handler: (payload: P, ctx: JobContext) => Promise<unknown>;
}

// `any`: each definition is typed where it is written (defineJob infers P from its schema); the
// registry only routes, and runJob parses the payload with the definition's own schema first.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JobRegistry = { [type: string]: JobDefinition<any> | undefined };

/** A definition; maxAttempts defaults to the type's entry in JOB_DEFAULTS (else 5). */
export function defineJob<P>(definition: Omit<JobDefinition<P>, 'maxAttempts'> & { maxAttempts?: number }): JobDefinition<P> {
	const defaults = (JOB_DEFAULTS as Record<string, { maxAttempts: number } | undefined>)[definition.type];
	return { maxAttempts: defaults?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, ...definition };
}
