// What a process does with each job attempt's event (the queue's `onAttempt` option): count it
// in the metrics and write one log line carrying the job's id, so `jobId` finds every line of a
// job — those its handler wrote (the logger's mixin) and this closing one.
import type { JobAttemptEvent } from '../jobs/run-job.ts';
import { logLines, rootLogger, type Logger } from '../log.ts';
import { processMetrics, type RudoMetrics } from './registry.ts';

/**
 * An `onAttempt` handler for Worker and processJobs. Never throws (the queue's contract): a
 * failing metric or log write is swallowed rather than allowed to disturb the job's outcome.
 */
export function jobAttemptObserver(metrics: RudoMetrics, logger: Logger): (event: JobAttemptEvent) => void {
	return (event) => {
		try {
			metrics.observeAttempt(event);
			const fields = {
				jobId: event.job.id,
				jobType: event.job.type,
				attempt: event.job.attempts,
				workerId: event.job.lockedBy,
				result: event.result,
				durationMs: Math.round(event.durationMs)
			};
			if (event.result === 'failed') logger.warn({ ...fields, err: event.error }, `job ${event.result}`);
			else logger.info(event.error ? { ...fields, reason: errorText(event.error) } : fields, `job ${event.result}`);
		} catch {
			// Observability must never break the queue.
		}
	};
}

function errorText(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

/**
 * The hooks a batch run inside a web request takes (the cron route, the worker route, the queue
 * page's buttons): attempts counted in this process's /metrics with a log line each, and the
 * batch's own messages on the structured log, under `component`.
 */
export function batchHooks(component: string): { onAttempt: (event: JobAttemptEvent) => void; log: (message: string) => void } {
	const logger = rootLogger().child({ component });
	return { onAttempt: jobAttemptObserver(processMetrics(), logger), log: logLines(logger) };
}
