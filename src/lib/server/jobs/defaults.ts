// Per-type settings of Rudo's own job types. The registry's definitions take them (defineJob
// applies them), and the enqueue paths that have no registry at hand (the scheduler's
// one-statement insert, enqueueJob called without one) read them here: a type's maxAttempts is
// the same however its jobs were enqueued.
import type { JobType } from './types.ts';
import { DEFAULT_MAX_ATTEMPTS } from './backoff.ts';

export interface JobTypeDefaults {
	/** Attempts before FAILED (each failure waits the capped backoff, see backoff.ts). */
	maxAttempts: number;
}

export const JOB_DEFAULTS: Readonly<Record<JobType, JobTypeDefaults>> = {
	GENERATE_POST: { maxAttempts: DEFAULT_MAX_ATTEMPTS },
	CREW_COMMENT: { maxAttempts: DEFAULT_MAX_ATTEMPTS },
	// Recomputed every 15 minutes anyway: three tries is plenty.
	RECALC_ENGAGEMENT: { maxAttempts: 3 },
	// A cycle that keeps failing is replaced by the next one (every cycleMinutes): three tries.
	BOT_CYCLE: { maxAttempts: 3 },
	// A reply is worth a few tries; after that the conversation has moved on.
	BOT_RESPOND: { maxAttempts: 3 },
	BOT_REFLECT: { maxAttempts: 3 }
};

/** The default maxAttempts of a type: its registry entry's, else Rudo's default for it, else 5. */
export function defaultMaxAttempts(type: string, registry?: { [type: string]: { maxAttempts: number } | undefined }): number {
	return registry?.[type]?.maxAttempts ?? (JOB_DEFAULTS as Record<string, JobTypeDefaults | undefined>)[type]?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
}
