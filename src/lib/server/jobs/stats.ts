// Queue health for the admin dashboard: what waits and runs now (live, from the small partial
// indexes on pending jobs), and what finished over a window of 1 h, 24 h or 7 d (from the
// rollup, ops/rollup.ts, plus the few minutes it has not covered yet, read live). Nothing here
// reads finished history from the jobs table, so a call stays fast with a million jobs in it,
// and history survives retention.
import { JOB_STATUSES, JOB_TYPES } from '../../schemas/enums.ts';
import type { JobStatus, Queryable } from './types.ts';
import { addInto, emptyHistogram, quantile } from '../ops/histogram.ts';
import { liveMinutes, type StatCell } from '../ops/rollup.ts';

export const STATS_WINDOWS = ['1h', '24h', '7d'] as const;
export type StatsWindow = (typeof STATS_WINDOWS)[number];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
// 1 h: one point a minute, from minute rows. 24 h and 7 d: one point an hour, from hour rows, plus
// the minute rows of the hour under way (its hour row is not complete yet).
const WINDOW: Record<StatsWindow, { spanMs: number; pointMs: number }> = {
	'1h': { spanMs: HOUR, pointMs: MINUTE },
	'24h': { spanMs: 24 * HOUR, pointMs: HOUR },
	'7d': { spanMs: 7 * 24 * HOUR, pointMs: HOUR }
};
/** The live tail (minutes the rollup has not covered) is read from the jobs table up to this far back. */
const MAX_LIVE_TAIL_MS = 60 * MINUTE;

export interface TypeSummary {
	/** A job type, or "*" for all of them. */
	type: string;
	succeeded: number;
	/** Jobs that gave up (FAILED). */
	failed: number;
	cancelled: number;
	failedAttempts: number;
	/** Successes per hour over the window. */
	perHour: number;
	/** Due → started and started → finished, ms (estimated from histograms, see ops/histogram.ts); null without data. */
	waitP50Ms: number | null;
	waitP95Ms: number | null;
	runP50Ms: number | null;
	runP95Ms: number | null;
}

export interface SeriesPoint {
	at: Date;
	succeeded: number;
	/** Failed attempts. */
	failed: number;
	byType: Record<string, { succeeded: number; failed: number }>;
}

export interface QueueStats {
	window: StatsWindow;
	from: Date;
	to: Date;
	pointMs: number;
	/** Status × type, every cell: pending statuses as they are now, finished ones within the window. */
	counts: { status: JobStatus; type: string; count: number }[];
	series: SeriesPoint[];
	types: TypeSummary[];
	total: TypeSummary;
	/** Seconds the oldest due QUEUED/RETRY job has been waiting past its runAt (0 if none). */
	oldestDueWaitSeconds: number;
	/** Failed attempts / (failed attempts + successes) over the window, 0..1. */
	failureRate: number;
	/** RUNNING jobs whose lease has run out (their worker went silent; the rescuer takes them). */
	stuckRunning: number;
	/** True when the rollup is far behind and the window's tail could not all be read live. */
	rollupBehind: boolean;
	/** The last hour, whatever the window: for the warnings and the tiles. */
	lastHour: { succeeded: number; failedJobs: number; failedAttempts: number; failureRate: number };
	generatedAt: Date;
}

function summarise(type: string, cells: StatCell[], spanMs: number): TypeSummary {
	const wait = emptyHistogram();
	const run = emptyHistogram();
	let succeeded = 0, failed = 0, cancelled = 0, failedAttempts = 0; // prettier-ignore
	for (const c of cells) {
		succeeded += c.succeeded;
		failed += c.failed;
		cancelled += c.cancelled;
		failedAttempts += c.failedAttempts;
		addInto(wait, c.waitHist);
		addInto(run, c.runHist);
	}
	const round = (n: number | null) => (n === null ? null : Math.round(n));
	return {
		type,
		succeeded,
		failed,
		cancelled,
		failedAttempts,
		perHour: Math.round((succeeded / (spanMs / 3_600_000)) * 10) / 10,
		waitP50Ms: round(quantile(wait, 0.5)),
		waitP95Ms: round(quantile(wait, 0.95)),
		runP50Ms: round(quantile(run, 0.5)),
		runP95Ms: round(quantile(run, 0.95))
	};
}

// The rolled-up rows of a window, by database and bounds: the same bounds (same watermark) mean the
// same rows, since the rollup never rewrites a minute before its watermark.
const rolledCache = new WeakMap<object, Map<string, Promise<{ rows: StatCell[] }>>>();

/** Forgets the cached rolled-up rows (benchmarks measure the first call after the rollup moved on). */
export function clearRolledStatsCache(q: Queryable): void {
	rolledCache.delete(q);
}

function cachedRolled(q: Queryable, params: string[], load: () => Promise<{ rows: StatCell[] }>): Promise<{ rows: StatCell[] }> {
	let byKey = rolledCache.get(q);
	if (!byKey) rolledCache.set(q, (byKey = new Map()));
	const key = params.join('|');
	let hit = byKey.get(key);
	if (!hit) {
		if (byKey.size > 12) byKey.clear();
		hit = load().catch((error) => {
			byKey.delete(key);
			throw error;
		});
		byKey.set(key, hit);
	}
	return hit;
}

/**
 * The rolled-up rows of [from, hourTo) as hour rows and [hourTo, to) as minute rows
 * (`params` = [from, hourTo, to], ISO without zone): one cell per row with its counts for the chart,
 * and one cell per type without a bucket carrying that type's histograms added up. Histograms
 * travel as text ("1,0,3,…"): node-postgres parses int[] columns several times slower than
 * splitting a string (a week is ~700 rows × 2 histograms).
 */
async function loadRolled(q: Queryable, params: string[]): Promise<{ rows: StatCell[] }> {
	const { rows } = await q.query<Omit<StatCell, 'waitHist' | 'runHist'> & { wait: string; run: string }>(
		`SELECT bucket, type, succeeded, failed, cancelled, "failedAttempts",
		        array_to_string("waitHist", ',') AS wait, array_to_string("runHist", ',') AS run FROM job_stats
		  WHERE (granularity = 'hour' AND bucket >= $1::timestamp(3) AND bucket < $2::timestamp(3))
		     OR (granularity = 'minute' AND bucket >= $2::timestamp(3) AND bucket < $3::timestamp(3))`,
		params
	);
	const hists = new Map<string, { wait: number[]; run: number[] }>();
	const addText = (into: number[], text: string) => {
		let i = 0;
		for (const v of text.split(',')) if (i < into.length) into[i++] += Number(v) || 0;
	};
	const cells: StatCell[] = [];
	for (const { wait, run, ...r } of rows) {
		let h = hists.get(r.type);
		if (!h) hists.set(r.type, (h = { wait: emptyHistogram(), run: emptyHistogram() }));
		addText(h.wait, wait);
		addText(h.run, run);
		cells.push({ ...r, waitHist: [], runHist: [] });
	}
	for (const [type, h] of hists) {
		cells.push({ bucket: null as unknown as Date, type, succeeded: 0, failed: 0, cancelled: 0, failedAttempts: 0, waitHist: h.wait, runHist: h.run });
	}
	return { rows: cells };
}

/** Everything Queue health shows for `window` (default 1 h). Two round trips to the database. */
export async function queueStats(q: Queryable, options: { window?: StatsWindow; now?: Date } = {}): Promise<QueueStats> {
	const window = options.window ?? '1h';
	const { spanMs, pointMs } = WINDOW[window];
	const now = options.now ?? new Date();
	const to = new Date(Math.ceil(now.getTime() / MINUTE) * MINUTE);
	const from = new Date(Math.floor((to.getTime() - spanMs) / pointMs) * pointMs);
	const hourAgo = new Date(to.getTime() - HOUR);
	const iso = (d: Date) => d.toISOString().replace('Z', '');

	// What is pending now, and where the rollup got to. Each pending branch's condition is exactly a
	// partial index's predicate (claimable, running), so the planner reads those small indexes;
	// one IN over all three statuses would scan the table.
	const { rows: nowRows } = await q.query<{ status: JobStatus | null; type: string | null; count: number; seconds: number | null; stuck: number | null; watermark: string | null }>(
		`SELECT status, type, count(*)::int AS count, NULL::float8 AS seconds, NULL::int AS stuck, NULL AS watermark
		   FROM jobs WHERE status IN ('QUEUED', 'RETRY') GROUP BY status, type
		 UNION ALL
		 SELECT status, type, count(*)::int, NULL, NULL, NULL FROM jobs WHERE status = 'RUNNING' GROUP BY status, type
		 UNION ALL
		 SELECT NULL, NULL, 0,
		        (SELECT extract(epoch FROM now() - min("runAt"))::float8 FROM jobs WHERE status IN ('QUEUED', 'RETRY') AND "runAt" <= now()),
		        (SELECT count(*)::int FROM jobs WHERE status = 'RUNNING' AND "leaseExpiresAt" < now()),
		        (SELECT (value #>> '{}') || '|' || "updatedAt"::text FROM ops_settings WHERE key = 'rollup.watermark')`
	);
	const pendingRows = nowRows.filter((r) => r.status !== null) as { status: JobStatus; type: string; count: number }[];
	const meta = nowRows.find((r) => r.status === null)!;
	// "<watermark>|<when it was written>": the second half keys the cache of rolled rows below, so a
	// backfill (which rewrites old rows and touches the watermark) or a wiped table is seen at once.
	const [markValue, markWritten = 'never'] = meta.watermark?.split('|') ?? [];
	const watermark = markValue ? new Date(`${markValue}Z`) : null;

	// The rolled-up part ends at the watermark (or at `from` if the rollup never ran); the rest is live.
	const rolledTo = new Date(Math.min(to.getTime(), Math.max(from.getTime(), watermark?.getTime() ?? from.getTime())));
	const liveFrom = new Date(Math.max(rolledTo.getTime(), to.getTime() - MAX_LIVE_TAIL_MS));
	const hourRolledTo = new Date(Math.max(hourAgo.getTime(), Math.min(rolledTo.getTime(), to.getTime())));

	const rolledParams = [iso(from), iso(pointMs === HOUR ? new Date(Math.floor(rolledTo.getTime() / HOUR) * HOUR) : from), iso(rolledTo)];
	const [rolled, live, lastHourRolled] = await Promise.all([
		// Whole hours from hour rows (24 h, 7 d), minutes from minute rows (1 h, and the hour under
		// way). These rows change only when the rollup moves on (once a minute), so they are kept per
		// process until then.
		cachedRolled(q, [...rolledParams, markWritten], () => loadRolled(q, rolledParams)),
		liveFrom < to ? liveMinutes(q, liveFrom, to) : Promise.resolve([]),
		// The last hour's totals for the warnings, whatever the window (minute rows, no histograms).
		window === '1h'
			? Promise.resolve(null)
			: q.query<{ succeeded: number; failed: number; failedAttempts: number }>(
					`SELECT coalesce(sum(succeeded), 0)::int AS succeeded, coalesce(sum(failed), 0)::int AS failed, coalesce(sum("failedAttempts"), 0)::int AS "failedAttempts"
					   FROM job_stats WHERE granularity = 'minute' AND bucket >= $1::timestamp(3) AND bucket < $2::timestamp(3)`,
					[iso(hourAgo), iso(hourRolledTo)]
				)
	]);
	const pending = { rows: pendingRows };
	const wait = { rows: [{ seconds: meta.seconds }] };
	const stuck = { rows: [{ n: meta.stuck ?? 0 }] };
	// Rolled-up rows count minutes before the watermark, the live tail minutes from it: no overlap.
	const cells = [...rolled.rows, ...live];

	const points = new Map<number, SeriesPoint>();
	for (let t = from.getTime(); t < to.getTime(); t += pointMs) points.set(t, { at: new Date(t), succeeded: 0, failed: 0, byType: {} });
	const byType = new Map<string, StatCell[]>();
	for (const c of cells) {
		// Rows without a bucket carry a type's histograms for the whole rolled-up part.
		const point = c.bucket ? points.get(Math.floor(c.bucket.getTime() / pointMs) * pointMs) : undefined;
		if (point) {
			point.succeeded += c.succeeded;
			point.failed += c.failedAttempts;
			const t = (point.byType[c.type] ??= { succeeded: 0, failed: 0 });
			t.succeeded += c.succeeded;
			t.failed += c.failedAttempts;
		}
		byType.set(c.type, [...(byType.get(c.type) ?? []), c]);
	}

	const types = [...new Set([...JOB_TYPES, ...byType.keys(), ...pending.rows.map((r) => r.type)])];
	const summaries = types.map((t) => summarise(t, byType.get(t) ?? [], spanMs));
	const total = summarise('*', cells, spanMs);
	const live_ = new Map(pending.rows.map((r) => [`${r.status}/${r.type}`, r.count]));
	const finishedCount = (status: JobStatus, s: TypeSummary) => (status === 'SUCCEEDED' ? s.succeeded : status === 'FAILED' ? s.failed : status === 'CANCELLED' ? s.cancelled : 0);
	const counts = JOB_STATUSES.flatMap((status) =>
		summaries.map((s) => ({ status, type: s.type, count: ['QUEUED', 'RUNNING', 'RETRY'].includes(status) ? (live_.get(`${status}/${s.type}`) ?? 0) : finishedCount(status, s) }))
	);
	const attempts = total.failedAttempts + total.succeeded;
	// The last hour: the window's own totals for 1 h; else minute rows plus the live tail's last hour.
	const liveHour = live.filter((c) => c.bucket >= hourAgo);
	const hour = lastHourRolled?.rows[0] ?? null;
	const lastHourSucceeded = hour ? hour.succeeded + liveHour.reduce((s, c) => s + c.succeeded, 0) : total.succeeded;
	const lastHourFailedAttempts = hour ? hour.failedAttempts + liveHour.reduce((s, c) => s + c.failedAttempts, 0) : total.failedAttempts;
	const lastHour = {
		succeeded: lastHourSucceeded,
		failedJobs: hour ? hour.failed + liveHour.reduce((s, c) => s + c.failed, 0) : total.failed,
		failedAttempts: lastHourFailedAttempts,
		failureRate: lastHourSucceeded + lastHourFailedAttempts ? lastHourFailedAttempts / (lastHourSucceeded + lastHourFailedAttempts) : 0
	};
	return {
		lastHour,
		window,
		from,
		to,
		pointMs,
		counts,
		series: [...points.values()],
		types: summaries,
		total,
		oldestDueWaitSeconds: Math.max(0, wait.rows[0]?.seconds ?? 0),
		failureRate: attempts ? total.failedAttempts / attempts : 0,
		stuckRunning: stuck.rows[0].n,
		rollupBehind: rolledTo.getTime() < to.getTime() - MAX_LIVE_TAIL_MS,
		generatedAt: new Date()
	};
}
