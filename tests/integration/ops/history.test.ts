// History that survives pruning (issue 11): the per-minute and per-hour rollup of outcomes with
// wait and run histograms, retention that only prunes what the rollup has counted, and queue
// health windows read from the rollup.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { rollupJobStats, rollupWatermark } from '../../../src/lib/server/ops/rollup.ts';
import { pruneFinishedJobs } from '../../../src/lib/server/ops/retention.ts';
import { queueStats } from '../../../src/lib/server/jobs/stats.ts';
import { bucketOf } from '../../../src/lib/server/ops/histogram.ts';

let db: TestDatabase;
beforeAll(async () => {
	db = await createTestDatabase();
});
afterAll(async () => db?.drop());
beforeEach(async () => db.truncate());

const MINUTE = 60_000;
const iso = (d: Date) => d.toISOString().replace('Z', '');

/** A finished job: due at `due`, started `waitMs` later, finished `runMs` after that. */
async function finished(type: string, status: 'SUCCEEDED' | 'FAILED' | 'CANCELLED', finishedAt: Date, waitMs = 1_000, runMs = 2_000, errors: Date[] = []) {
	const started = new Date(finishedAt.getTime() - runMs);
	const due = new Date(started.getTime() - waitMs);
	await db.pool.query(
		`INSERT INTO jobs (type, status, "runAt", "startedAt", "finishedAt", attempts, errors, "lastError")
		 VALUES ($1, $2::"JobStatus", $3::timestamp(3), $4::timestamp(3), $5::timestamp(3), $6, $7::jsonb, $8)`,
		[type, status, iso(due), iso(started), iso(finishedAt), errors.length + 1, JSON.stringify(errors.map((at, i) => ({ attempt: i + 1, at: at.toISOString(), message: 'x', stack: null }))), errors.length ? 'x' : null]
	);
}

describe('the outcome rollup', () => {
	it('counts outcomes and failed attempts per minute and hour × type, with wait and run histograms, idempotently', async () => {
		const now = new Date(Math.floor(Date.now() / MINUTE) * MINUTE);
		const m = (ago: number) => new Date(now.getTime() - ago * MINUTE + 10_000);
		await finished('TYPE_A', 'SUCCEEDED', m(5), 500, 1_500);
		await finished('TYPE_A', 'SUCCEEDED', m(5), 600, 40_000);
		await finished('TYPE_A', 'FAILED', m(4), 100, 3_000, [m(6), m(5)]);
		await finished('TYPE_B', 'CANCELLED', m(3));
		await rollupJobStats(db.pool, now);
		const again = await rollupJobStats(db.pool, now);
		expect(again.cells).toBe(0); // nothing new: the watermark moved

		const { rows } = await db.pool.query<{ bucket: Date; type: string; succeeded: number; failed: number; cancelled: number; failedAttempts: number; runHist: number[] }>(
			`SELECT bucket, type, succeeded, failed, cancelled, "failedAttempts", "runHist" FROM job_stats WHERE granularity = 'minute' ORDER BY bucket, type`
		);
		const at = (ago: number, type: string) => rows.find((r) => r.bucket.getTime() === now.getTime() - ago * MINUTE && r.type === type);
		expect(at(5, 'TYPE_A')).toMatchObject({ succeeded: 2, failedAttempts: 1 });
		expect(at(6, 'TYPE_A')).toMatchObject({ failedAttempts: 1 });
		expect(at(4, 'TYPE_A')).toMatchObject({ failed: 1 });
		expect(at(3, 'TYPE_B')).toMatchObject({ cancelled: 1 });
		expect(at(5, 'TYPE_A')!.runHist[bucketOf(1_500)]).toBe(1);
		expect(at(5, 'TYPE_A')!.runHist[bucketOf(40_000)]).toBe(1);

		const hours = await db.pool.query<{ type: string; succeeded: number; failedAttempts: number }>(`SELECT type, sum(succeeded)::int AS succeeded, sum("failedAttempts")::int AS "failedAttempts" FROM job_stats WHERE granularity = 'hour' GROUP BY type ORDER BY type`);
		expect(hours.rows).toEqual([
			{ type: 'TYPE_A', succeeded: 2, failedAttempts: 2 },
			{ type: 'TYPE_B', succeeded: 0, failedAttempts: 0 }
		]);
		expect((await rollupWatermark(db.pool))!.getTime()).toBe(now.getTime() - MINUTE);
	});
});

describe('retention', () => {
	it('prunes only finished jobs past the age that the rollup has counted, and queue health keeps them', async () => {
		const now = new Date(Math.floor(Date.now() / MINUTE) * MINUTE);
		const old = new Date(now.getTime() - 3 * 3_600_000);
		for (let i = 0; i < 5; i++) await finished('TYPE_A', 'SUCCEEDED', old, 1_000, 5_000);
		await rollupJobStats(db.pool, now);
		await finished('TYPE_A', 'SUCCEEDED', old); // finished "before the watermark" but written after the rollup: not counted yet…
		await db.pool.query(`INSERT INTO jobs (type, status) VALUES ('TYPE_A', 'QUEUED')`);
		const before = await queueStats(db.pool, { window: '24h', now });
		expect(before.total.succeeded).toBe(5);

		const pruned = await pruneFinishedJobs(db.pool, { olderThanDays: 1 / 24, now });
		// …so it would be lost if pruned: the cut-off is the watermark or the age, whichever is earlier,
		// and both are past it. It goes, with the five counted ones; the pending job stays.
		expect(pruned.deleted).toBe(6);
		const { rows } = await db.pool.query(`SELECT status FROM jobs`);
		expect(rows).toEqual([{ status: 'QUEUED' }]);
		const after = await queueStats(db.pool, { window: '24h', now });
		expect(after.total.succeeded).toBe(5);
		expect(after.types.find((t) => t.type === 'TYPE_A')).toMatchObject({ succeeded: 5, runP50Ms: expect.any(Number) });
	});

	it('keeps recent jobs and jobs the rollup has not reached yet', async () => {
		const now = new Date(Math.floor(Date.now() / MINUTE) * MINUTE);
		await finished('TYPE_A', 'SUCCEEDED', new Date(now.getTime() - 30 * 86_400_000));
		// No rollup yet: without a watermark nothing younger than 48 h may go.
		await finished('TYPE_A', 'SUCCEEDED', new Date(now.getTime() - 3 * 3_600_000));
		const pruned = await pruneFinishedJobs(db.pool, { olderThanDays: 0.01, now });
		expect(pruned.deleted).toBe(1);
		expect((await db.pool.query(`SELECT count(*)::int AS n FROM jobs`)).rows[0].n).toBe(1);
	});
});

describe('queue health windows', () => {
	it('1 h has a point a minute, 24 h and 7 d a point an hour, with the same totals where they overlap', async () => {
		const now = new Date();
		await finished('TYPE_A', 'SUCCEEDED', new Date(now.getTime() - 20 * MINUTE));
		await finished('TYPE_A', 'SUCCEEDED', new Date(now.getTime() - 3 * 3_600_000));
		await finished('TYPE_A', 'SUCCEEDED', new Date(now.getTime() - 3 * 86_400_000));
		await rollupJobStats(db.pool, now);
		// One more after the rollup: read live.
		await finished('TYPE_A', 'SUCCEEDED', new Date(now.getTime() - 10_000));
		const [h, d, w] = await Promise.all(['1h', '24h', '7d'].map((window) => queueStats(db.pool, { window: window as '1h', now })));
		expect(h.series).toHaveLength(60);
		expect(h.total.succeeded).toBe(2);
		expect(d.series.length).toBeGreaterThanOrEqual(24);
		expect(d.total.succeeded).toBe(3);
		expect(d.lastHour.succeeded).toBe(2);
		expect(w.total.succeeded).toBe(3); // the 3-day-old job was never rolled up (before the 48 h minute window)
		expect(w.series.reduce((s, p) => s + p.succeeded, 0)).toBe(w.total.succeeded);
	});
});
