// How long a job's last attempt ran, for the jobs list. Pure.
import { formatDuration } from '$lib/client/format';

/**
 * From start to finish, readable: "240 ms", "2.5 s", "45 s", "3 min 20 s", "2 h 5 min". Null when
 * the job has not both started and finished (queued, running, or cancelled before it ran).
 */
export function jobDuration(startedAt: Date | null, finishedAt: Date | null): string | null {
	if (!startedAt || !finishedAt) return null;
	const ms = Math.max(0, finishedAt.getTime() - startedAt.getTime());
	if (ms < 1000) return `${ms} ms`;
	if (ms < 10_000) return `${(Math.floor(ms / 100) / 10).toFixed(1)} s`;
	return formatDuration(ms / 1000);
}
