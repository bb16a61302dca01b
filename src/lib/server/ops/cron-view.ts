// The Cron page: when the cron route (or a scheduler tick) last ran and what it returned, the bots
// due next, and a warning when no tick arrived for two expected intervals.
import type { Queryable } from '../jobs/types.ts';
import { recentCronRuns, type CronRun } from './cron-runs.ts';

export interface CronView {
	runs: CronRun[];
	lastRun: CronRun | null;
	lastRouteRun: CronRun | null;
	/** How often a tick is expected (CRON_INTERVAL_MS). */
	expectedIntervalMs: number;
	/** Set when nothing ran for two intervals. */
	warning: string | null;
	dueNext: { id: string; handle: string; nextPostAt: Date; postsPerDay: number }[];
}

export async function cronView(q: Queryable, expectedIntervalMs: number, now = new Date()): Promise<CronView> {
	const [runs, lastRoute, due] = await Promise.all([
		recentCronRuns(q, 20),
		q.query<CronRun>(`SELECT id, source, "startedAt", "finishedAt", ok, result, error FROM cron_runs WHERE source = 'cron-route' ORDER BY "startedAt" DESC LIMIT 1`),
		q.query<CronView['dueNext'][number]>(
			`SELECT b.id, b.handle, b."nextPostAt", b."postsPerDay" FROM bots b JOIN users u ON u.id = b."ownerId"
			  WHERE b."schedulingEnabled" AND b."isActive" AND u.status = 'ACTIVE' AND b."nextPostAt" IS NOT NULL
			  ORDER BY b."nextPostAt" LIMIT 10`
		)
	]);
	const lastRun = runs[0] ?? null;
	const silentFor = lastRun ? now.getTime() - lastRun.startedAt.getTime() : Infinity;
	const warning =
		silentFor > 2 * expectedIntervalMs
			? lastRun
				? `No cron tick for ${Math.round(silentFor / 60_000)} min (expected every ${Math.round(expectedIntervalMs / 1000)} s): due bots are not being queued. Check the cron caller or run a worker with a scheduler tick.`
				: 'No cron tick has run yet: due bots are not being queued. Call /api/cron/generate from a cron, or run a worker with a scheduler tick.'
			: null;
	return { runs, lastRun, lastRouteRun: lastRoute.rows[0] ?? null, expectedIntervalMs, warning, dueNext: due.rows };
}
