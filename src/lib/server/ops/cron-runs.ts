// The record of cron ticks (the cron route, a worker's scheduler tick, an admin's button): when
// each ran, how long, what it returned, so the Cron page can say when the last one came and warn
// when none arrived for two intervals.
import type { Queryable } from '../jobs/types.ts';
import { cleanJson, oneLine } from '../../text/safe-text.ts';
import { errorMessage } from '../jobs/errors.ts';

export type CronSource = 'cron-route' | 'scheduler-tick' | 'admin';

export interface CronRun {
	id: string;
	source: CronSource;
	startedAt: Date;
	finishedAt: Date | null;
	ok: boolean | null;
	result: unknown;
	error: string | null;
}

/** Runs `tick` and records it (start, end, result or error); rethrows the tick's error. */
export async function recordCronRun<T>(q: Queryable, source: CronSource, tick: () => Promise<T>): Promise<T> {
	const { rows } = await q.query<{ id: string }>(`INSERT INTO cron_runs (id, source) VALUES (gen_random_uuid()::text, $1) RETURNING id`, [source]);
	const id = rows[0].id;
	try {
		const result = await tick();
		await q.query(`UPDATE cron_runs SET "finishedAt" = now(), ok = true, result = $2::jsonb WHERE id = $1`, [id, JSON.stringify(cleanJson(result ?? null))]).catch(() => {});
		return result;
	} catch (error) {
		await q.query(`UPDATE cron_runs SET "finishedAt" = now(), ok = false, error = $2 WHERE id = $1`, [id, oneLine(errorMessage(error), 1000)]).catch(() => {});
		throw error;
	}
}

/** The latest runs, newest first. */
export async function recentCronRuns(q: Queryable, limit = 20): Promise<CronRun[]> {
	const { rows } = await q.query<CronRun>(`SELECT id, source, "startedAt", "finishedAt", ok, result, error FROM cron_runs ORDER BY "startedAt" DESC LIMIT $1`, [limit]);
	return rows;
}

/** Keeps the record short: runs older than `days` go. */
export async function pruneCronRuns(q: Queryable, days = 7): Promise<number> {
	const { rowCount } = await q.query(`DELETE FROM cron_runs WHERE "startedAt" < now() - $1::float8 * interval '1 day'`, [days]);
	return rowCount ?? 0;
}
