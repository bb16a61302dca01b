// The queue's settings from the environment (validated in env.ts), for the app's own callers:
// the worker script, the in-process worker, the cron and worker routes and the admin buttons.
import { env } from '../env.ts';

export interface QueueSettings {
	/** JOB_LEASE_MS: a claimed job stays its worker's this long without a renewal (renewed every third). */
	leaseMs: number;
	/** JOB_RESCUE_INTERVAL_MS: how often workers look for expired leases. */
	rescueIntervalMs: number;
}

export function queueSettings(): QueueSettings {
	const config = env();
	return { leaseMs: config.JOB_LEASE_MS, rescueIntervalMs: config.JOB_RESCUE_INTERVAL_MS };
}
