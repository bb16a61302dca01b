// Queue health: the stats of a window plus what deserves a warning now (judged on the last hour,
// whichever window the page shows), and what is paused.
import { queueStats, type QueueStats, type StatsWindow } from './stats.ts';
import type { Queryable } from './types.ts';
import { listPauses, type Pause } from '../ops/pause.ts';

export interface HealthWarning {
	kind: 'stuck' | 'failing' | 'backlog' | 'paused' | 'rollup';
	severity: 'critical' | 'warning';
	message: string;
}

export interface QueueHealth extends QueueStats {
	pauses: Pause[];
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

/** The warnings for a health snapshot, most serious first. */
export function healthWarnings(h: Pick<QueueHealth, 'stuckRunning' | 'oldestDueWaitSeconds' | 'lastHour' | 'pauses' | 'rollupBehind'>, t = HEALTH_THRESHOLDS): HealthWarning[] {
	const warnings: HealthWarning[] = [];
	if (h.stuckRunning > 0) {
		warnings.push({
			kind: 'stuck',
			severity: 'critical',
			message: `${plural(h.stuckRunning, 'running job has', 'running jobs have')} an expired lease: their worker stopped renewing it. The rescuer puts them back in the queue.`
		});
	}
	const rateHigh = h.lastHour.failureRate >= t.failureRate && h.lastHour.failedAttempts >= t.minFailedAttempts;
	if (rateHigh || h.lastHour.failedJobs >= t.failedJobs) {
		warnings.push({
			kind: 'failing',
			severity: 'critical',
			message: `Jobs are failing repeatedly: ${Math.round(h.lastHour.failureRate * 100)}% of attempts failed in the last hour (${plural(h.lastHour.failedAttempts, 'failed attempt')}, ${plural(h.lastHour.failedJobs, 'job')} gave up).`
		});
	}
	if (h.pauses.length > 0) {
		const all = h.pauses.find((p) => p.scope === '*');
		warnings.push({
			kind: 'paused',
			severity: 'warning',
			message: all
				? `The whole queue is paused (by ${all.pausedBy}): no job starts until it is resumed.`
				: `Paused: ${h.pauses.map((p) => p.scope).join(', ')}. Those jobs wait until they are resumed.`
		});
	} else if (h.oldestDueWaitSeconds >= t.backlogSeconds) {
		warnings.push({
			kind: 'backlog',
			severity: 'warning',
			message: `The oldest due job has waited ${Math.round(h.oldestDueWaitSeconds / 60)} minutes. Workers are behind or not running.`
		});
	}
	if (h.rollupBehind) {
		warnings.push({ kind: 'rollup', severity: 'warning', message: 'The outcome rollup is more than an hour behind: counts for older minutes may be missing. Is any worker or cron tick running?' });
	}
	return warnings;
}

/** Stats of `window` (default 1 h), the last hour's figures, pauses and warnings. */
export async function queueHealth(q: Queryable, options: { window?: StatsWindow; now?: Date } = {}): Promise<QueueHealth> {
	const window = options.window ?? '1h';
	const [stats, pauses] = await Promise.all([queueStats(q, { window, now: options.now }), listPauses(q)]);
	const base = { ...stats, pauses };
	return { ...base, warnings: healthWarnings(base) };
}
