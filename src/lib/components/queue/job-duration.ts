// How long a job's last attempt ran, for the jobs list. Pure.

/**
 * From start to finish, readable: "240 ms", "2.5 s", "45 s", "3 min 20 s", "2 h 5 min". Null when
 * the job has not both started and finished (queued, running, or cancelled before it ran).
 */
export function jobDuration(startedAt: Date | null, finishedAt: Date | null): string | null {
	if (!startedAt || !finishedAt) return null;
	const ms = Math.max(0, finishedAt.getTime() - startedAt.getTime());
	if (ms < 1000) return `${ms} ms`;
	if (ms < 10_000) return `${(Math.floor(ms / 100) / 10).toFixed(1)} s`;
	const s = Math.round(ms / 1000);
	if (s < 60) return `${s} s`;
	const minutes = Math.floor(s / 60);
	if (minutes < 60) return s % 60 ? `${minutes} min ${s % 60} s` : `${minutes} min`;
	const hours = Math.floor(minutes / 60);
	if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
	return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}
