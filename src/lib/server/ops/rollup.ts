// The outcome rollup: per minute × job type, how many jobs succeeded, gave up (FAILED) or were
// cancelled, how many attempts failed, and histograms of wait time (due → started) and run time
// (started → finished); per hour the sum of its minutes. Queue health reads these rows instead of
// the jobs table, so it stays fast at a million jobs and keeps its history after retention prunes
// the jobs themselves.
//
// A minute is rolled up once it is a minute old (outcomes are stamped with the database's now()
// when written, so nothing lands in a minute after that) and recomputed from the jobs table, so
// running it twice, or from two processes, gives the same rows. A watermark remembers where it
// got to; retention never prunes past it.
import type pg from 'pg';
import type { Queryable } from '../jobs/types.ts';
import { withTransaction } from '../db/transaction.ts';
import { addInto, emptyHistogram, HISTOGRAM_BOUNDS_MS, HISTOGRAM_SIZE } from './histogram.ts';
import { getSetting, setSetting } from './settings.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** A minute is rolled up once this much time has passed since its end. */
export const ROLLUP_GRACE_MS = MINUTE;
/** Minute rows are kept this long; hour rows for good. A run covers at most this much (after a
 * long outage, or the first run, it starts this far back), so it is also the most one run reads. */
export const MINUTE_ROWS_KEPT_MS = 48 * HOUR;

const floorTo = (t: number, unit: number) => Math.floor(t / unit) * unit;
const iso = (d: Date) => d.toISOString().replace('Z', '');

interface Cell {
	bucket: Date;
	type: string;
	succeeded: number;
	failed: number;
	cancelled: number;
	failedAttempts: number;
	waitHist: number[];
	runHist: number[];
}

function cellOf(map: Map<string, Cell>, bucket: Date, type: string): Cell {
	const k = `${bucket.getTime()}/${type}`;
	let cell = map.get(k);
	if (!cell) {
		cell = { bucket, type, succeeded: 0, failed: 0, cancelled: 0, failedAttempts: 0, waitHist: emptyHistogram(), runHist: emptyHistogram() };
		map.set(k, cell);
	}
	return cell;
}

/**
 * The minute cells of [from, to), computed from the jobs table: three statements, one after
 * another on one connection (a transaction's).
 */
async function computeMinutes(q: Queryable, from: Date, to: Date): Promise<Cell[]> {
	const cells = new Map<string, Cell>();
	const bounds = [...HISTOGRAM_BOUNDS_MS];
	const finishedQ = () => q.query<{ minute: Date; type: string; status: string; n: number }>(
			`SELECT date_trunc('minute', "finishedAt") AS minute, type, status::text, count(*)::int AS n
			   FROM jobs WHERE "finishedAt" >= $1::timestamp(3) AND "finishedAt" < $2::timestamp(3)
			  GROUP BY 1, 2, 3`,
			[iso(from), iso(to)]
		);
	// Wait and run times of the jobs that ran to an end (cancelled-before-running ones have none).
	const histQ = () => q.query<{ minute: Date; type: string; kind: 'wait' | 'run'; b: number; n: number }>(
			`WITH f AS (
			   SELECT date_trunc('minute', "finishedAt") AS minute, type,
			          extract(epoch FROM ("startedAt" - "runAt")) * 1000 AS wait_ms,
			          extract(epoch FROM ("finishedAt" - "startedAt")) * 1000 AS run_ms
			     FROM jobs WHERE "finishedAt" >= $1::timestamp(3) AND "finishedAt" < $2::timestamp(3)
			      AND "startedAt" IS NOT NULL AND status IN ('SUCCEEDED', 'FAILED')
			 )
			 SELECT minute, type, 'wait' AS kind, width_bucket(greatest(wait_ms, 0), $3::float8[]) AS b, count(*)::int AS n FROM f GROUP BY 1, 2, 4
			 UNION ALL
			 SELECT minute, type, 'run', width_bucket(greatest(run_ms, 0), $3::float8[]), count(*)::int FROM f GROUP BY 1, 2, 4`,
			[iso(from), iso(to), bounds]
		);
	// Failed attempts, from the error history: of jobs finished since the window began, and of
	// jobs still pending (a failed attempt of a job that has not finished yet).
	const failuresQ = () => q.query<{ minute: Date; type: string; n: number }>(
			`WITH candidates AS (
			   SELECT type, errors FROM jobs WHERE "finishedAt" >= $1::timestamp(3) AND jsonb_array_length(errors) > 0
			   UNION ALL
			   -- Pending jobs, through their own partial indexes (claimable, running); the conditions
			   -- match those indexes' predicates exactly, so the planner can use them. (Not
			   -- "lastError" IS NOT NULL: that matches the index of every job with an error, and
			   -- the planner would AND a walk of all of them with the small pending set.)
			   SELECT type, errors FROM jobs WHERE status IN ('QUEUED', 'RETRY') AND jsonb_array_length(errors) > 0
			   UNION ALL
			   SELECT type, errors FROM jobs WHERE status = 'RUNNING' AND jsonb_array_length(errors) > 0
			 ), attempts AS (
			   SELECT type, ((e->>'at')::timestamptz AT TIME ZONE 'UTC') AS at FROM candidates, jsonb_array_elements(errors) e
			 )
			 SELECT date_trunc('minute', at) AS minute, type, count(*)::int AS n FROM attempts
			  WHERE at >= $1::timestamp(3) AND at < $2::timestamp(3) GROUP BY 1, 2`,
			[iso(from), iso(to)]
		);
	const finished = await finishedQ();
	const hist = await histQ();
	const failures = await failuresQ();
	for (const r of finished.rows) {
		const cell = cellOf(cells, r.minute, r.type);
		if (r.status === 'SUCCEEDED') cell.succeeded += r.n;
		else if (r.status === 'FAILED') cell.failed += r.n;
		else if (r.status === 'CANCELLED') cell.cancelled += r.n;
	}
	for (const r of hist.rows) {
		const cell = cellOf(cells, r.minute, r.type);
		(r.kind === 'wait' ? cell.waitHist : cell.runHist)[Math.min(HISTOGRAM_SIZE - 1, r.b)] += r.n;
	}
	for (const r of failures.rows) cellOf(cells, r.minute, r.type).failedAttempts += r.n;
	return [...cells.values()];
}

async function upsert(q: Queryable, granularity: 'minute' | 'hour', cells: Cell[]): Promise<void> {
	if (cells.length === 0) return;
	await q.query(
		`INSERT INTO job_stats (granularity, bucket, type, succeeded, failed, cancelled, "failedAttempts", "waitHist", "runHist")
		 SELECT $1, c.bucket, c.type, c.s, c.f, c.c, c.fa, c.wh::int[], c.rh::int[]
		   FROM unnest($2::timestamp(3)[], $3::text[], $4::int[], $5::int[], $6::int[], $7::int[], $8::text[], $9::text[])
		        AS c(bucket, type, s, f, c, fa, wh, rh)
		 ON CONFLICT (granularity, bucket, type) DO UPDATE SET
		   succeeded = excluded.succeeded, failed = excluded.failed, cancelled = excluded.cancelled,
		   "failedAttempts" = excluded."failedAttempts", "waitHist" = excluded."waitHist", "runHist" = excluded."runHist"`,
		[
			granularity,
			cells.map((c) => iso(c.bucket)),
			cells.map((c) => c.type),
			cells.map((c) => c.succeeded),
			cells.map((c) => c.failed),
			cells.map((c) => c.cancelled),
			cells.map((c) => c.failedAttempts),
			cells.map((c) => `{${c.waitHist.join(',')}}`),
			cells.map((c) => `{${c.runHist.join(',')}}`)
		]
	);
}

/** Recomputes the hour rows of the hours that contain [from, to) from their minute rows. */
async function rollupHours(q: Queryable, from: Date, to: Date): Promise<void> {
	const start = new Date(floorTo(from.getTime(), HOUR));
	const end = new Date(floorTo(to.getTime() - 1, HOUR) + HOUR);
	const { rows } = await q.query<Cell>(
		`SELECT bucket, type, succeeded, failed, cancelled, "failedAttempts", "waitHist", "runHist" FROM job_stats
		  WHERE granularity = 'minute' AND bucket >= $1::timestamp(3) AND bucket < $2::timestamp(3)`,
		[iso(start), iso(end)]
	);
	const hours = new Map<string, Cell>();
	for (const m of rows) {
		const cell = cellOf(hours, new Date(floorTo(m.bucket.getTime(), HOUR)), m.type);
		cell.succeeded += m.succeeded;
		cell.failed += m.failed;
		cell.cancelled += m.cancelled;
		cell.failedAttempts += m.failedAttempts;
		addInto(cell.waitHist, m.waitHist);
		addInto(cell.runHist, m.runHist);
	}
	await upsert(q, 'hour', [...hours.values()]);
}

export interface RollupResult {
	/** The minutes covered by this run: [from, to). Null when there was nothing to do or another process was at it. */
	from: Date | null;
	to: Date | null;
	cells: number;
}

/**
 * Rolls up every closed minute since the watermark (at most MINUTE_ROWS_KEPT_MS back), then their hours,
 * and drops minute rows older than MINUTE_ROWS_KEPT_MS. One process at a time (an advisory lock;
 * the others return at once).
 */
export async function rollupJobStats(pool: pg.Pool, now = new Date()): Promise<RollupResult> {
	return withTransaction(pool, async (tx) => {
		const { rows } = await tx.query<{ locked: boolean }>(`SELECT pg_try_advisory_xact_lock(hashtext('rudo_job_stats_rollup')) AS locked`);
		if (!rows[0].locked) return { from: null, to: null, cells: 0 };
		const end = floorTo(now.getTime() - ROLLUP_GRACE_MS, MINUTE);
		const mark = await getSetting(tx, 'rollup.watermark');
		let start = mark ? new Date(`${mark}Z`).getTime() : end - MINUTE_ROWS_KEPT_MS;
		start = Math.max(start, end - MINUTE_ROWS_KEPT_MS); // never further back than minutes are kept
		if (start >= end) return { from: null, to: null, cells: 0 };
		const from = new Date(start);
		const to = new Date(end);
		const cells = await computeMinutes(tx, from, to);
		await upsert(tx, 'minute', cells);
		await rollupHours(tx, from, to);
		await tx.query(`DELETE FROM job_stats WHERE granularity = 'minute' AND bucket < $1::timestamp(3)`, [iso(new Date(end - MINUTE_ROWS_KEPT_MS))]);
		await setSetting(tx, 'rollup.watermark', iso(to));
		return { from, to, cells: cells.length };
	});
}

/**
 * Rolls up an arbitrary past range [from, to) a day at a time (hours kept; minutes only within
 * MINUTE_ROWS_KEPT_MS), e.g. history that existed before the rollup did, and moves the watermark
 * to `to` if it was behind. Holds the same lock as rollupJobStats.
 */
export async function backfillJobStats(pool: pg.Pool, from: Date, to: Date, now = new Date()): Promise<number> {
	let cells = 0;
	for (let start = floorTo(from.getTime(), HOUR); start < to.getTime(); start += 24 * HOUR) {
		const end = new Date(Math.min(to.getTime(), start + 24 * HOUR));
		cells += await withTransaction(pool, async (tx) => {
			await tx.query(`SELECT pg_advisory_xact_lock(hashtext('rudo_job_stats_rollup'))`);
			const day = await computeMinutes(tx, new Date(start), end);
			await upsert(tx, 'minute', day);
			await rollupHours(tx, new Date(start), end);
			await tx.query(`DELETE FROM job_stats WHERE granularity = 'minute' AND bucket < $1::timestamp(3)`, [iso(new Date(floorTo(now.getTime(), MINUTE) - MINUTE_ROWS_KEPT_MS))]);
			const mark = await getSetting(tx, 'rollup.watermark');
			// Written even when unchanged: its updatedAt tells queue health's cache these rows changed.
			await setSetting(tx, 'rollup.watermark', !mark || new Date(`${mark}Z`) < end ? iso(end) : mark);
			return day.length;
		});
	}
	return cells;
}

/** Where the rollup has got to: every finished job before this is counted in job_stats. */
export async function rollupWatermark(q: Queryable): Promise<Date | null> {
	const mark = await getSetting(q, 'rollup.watermark');
	return mark ? new Date(`${mark}Z`) : null;
}

/**
 * The minute cells of [from, to) straight from the jobs table, for the minutes not rolled up yet
 * (a minute or two: queue health calls it on every poll). On a pool it runs in a short read-only
 * transaction with parallel query off: the planner would start parallel workers for the scan of
 * pending jobs, which costs more than that scan (10 ms against 2 on the 1,000,000-job bench).
 */
export async function liveMinutes(q: Queryable | pg.Pool, from: Date, to: Date): Promise<Cell[]> {
	if (!('totalCount' in q)) return computeMinutes(q, from, to);
	return withTransaction(q, async (tx) => {
		await tx.query(`SET TRANSACTION READ ONLY`);
		await tx.query(`SET LOCAL max_parallel_workers_per_gather = 0`);
		return computeMinutes(tx, from, to);
	});
}

export type { Cell as StatCell };
