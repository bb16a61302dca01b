// One registry entry per job type: how to validate its payload, how long a worker may hold it
// without heartbeating (the lease), how many attempts it gets, and what runs it.
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import type { ClaimedJob, JobType } from './types.ts';
import { DEFAULT_MAX_ATTEMPTS } from './backoff.ts';

export interface JobContext {
	db: Db;
	job: ClaimedJob;
	/** Aborted when the worker is shutting down hard; long handlers should pass it on. */
	signal: AbortSignal;
}

export interface JobDefinition<P = unknown> {
	type: JobType;
	payload: z.ZodType<P>;
	leaseMs: number;
	maxAttempts: number;
	handler: (payload: P, ctx: JobContext) => Promise<unknown>;
}

// `any`: each definition is typed where it is written (defineJob infers P from its schema); the
// registry only routes, and runJob parses the payload with the definition's own schema first.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JobRegistry = { [K in JobType]?: JobDefinition<any> };

export function defineJob<P>(definition: Omit<JobDefinition<P>, 'maxAttempts'> & { maxAttempts?: number }): JobDefinition<P> {
	return { maxAttempts: DEFAULT_MAX_ATTEMPTS, ...definition };
}

/** The lease used when a type is not in the registry (rescue must still work for it). */
export const DEFAULT_LEASE_MS = 5 * 60_000;

export function leaseFor(registry: JobRegistry, type: JobType): number {
	return registry[type]?.leaseMs ?? DEFAULT_LEASE_MS;
}
