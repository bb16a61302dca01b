// The queue's public API.
import type { JobRegistry } from './registry.ts';
import { generatePostJob } from './handlers/generatePost.ts';
import { crewCommentJob } from './handlers/crewComment.ts';
import { recalcEngagementJob } from './handlers/recalcEngagement.ts';
import { botCycleJob } from './handlers/botCycle.ts';
import { botRespondJob } from './handlers/botRespond.ts';
import { botReflectJob } from './handlers/botReflect.ts';

/** Every job type Rudo runs: posting, crew comments, engagement, and the agent loop (agent/). */
export function defaultRegistry(): JobRegistry {
	return {
		GENERATE_POST: generatePostJob,
		CREW_COMMENT: crewCommentJob,
		RECALC_ENGAGEMENT: recalcEngagementJob,
		BOT_CYCLE: botCycleJob,
		BOT_RESPOND: botRespondJob,
		BOT_REFLECT: botReflectJob
	};
}

export { enqueueJob, enqueueJobs, hasPendingJob, InvalidJobPayloadError, NOTIFY_CHANNEL, type NewJob } from './enqueue.ts';
export { claimJobs, succeedJob, succeedJobs, failJob, heartbeat, releaseJobs, rescueExpiredJobs, completeJobInTransaction, LeaseLostError, DEFAULT_LEASE_MS, PRIORITY_AGEING_MS } from './claim.ts';
export { processJobs, newWorkerId, type ProcessSummary } from './process.ts';
export { Worker, type WorkerOptions } from './worker.ts';
export { runCronTick, type CronSummary } from './cron.ts';
export { retryJobs, cancelJobs, bulkRetry, bulkCancel, countMatching, pruneJobs, jobFilterSchema, type JobFilter } from './admin.ts';
export { queueStats, type QueueStats } from './stats.ts';
export { PermanentJobError, CancelJobError, SnoozeJobError } from './errors.ts';
export { retryDelayMs, DEFAULT_MAX_ATTEMPTS, MAX_RETRY_DELAY_MS } from './backoff.ts';
export { JOB_DEFAULTS, defaultMaxAttempts } from './defaults.ts';
export { defineJob, type JobDefinition, type JobRegistry, type JobContext } from './registry.ts';
export type { AnyJobType, ClaimedJob, JobErrorEntry, Queryable } from './types.ts';
