import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { getJob, makeDue } from '../../helpers/jobs.ts';
import { claimJobs, failJob, heartbeat, releaseJobs, succeedJob, succeedJobs } from '../../../src/lib/server/jobs/claim.ts';
import { enqueueJob, enqueueJobs } from '../../../src/lib/server/jobs/enqueue.ts';

let db: TestDatabase;
beforeAll(async () => {
	db = await createTestDatabase();
});
afterAll(async () => db?.drop());
beforeEach(async () => db.truncate());

describe('claimJobs', () => {
	it('marks claimed jobs RUNNING with lockedAt, lockedBy and the attempt counted', async () => {
		const id = (await enqueueJob(db.pool, { type: 'RECALC_ENGAGEMENT' }))!;
		const [job] = await claimJobs(db.pool, 'w1', 10);
		expect(job).toMatchObject({ id, type: 'RECALC_ENGAGEMENT', attempts: 1, maxAttempts: 3, lockedBy: 'w1' });
		const row = await getJob(db, id);
		expect(row.status).toBe('RUNNING');
		expect(row.lockedBy).toBe('w1');
		expect(Math.abs(row.lockedAt!.getTime() - Date.now())).toBeLessThan(5_000);
		expect(await claimJobs(db.pool, 'w2', 10)).toEqual([]); // nobody else gets it
	});

	it('takes only due jobs, in priority then runAt order, up to the limit', async () => {
		const past = (s: number) => new Date(Date.now() - s * 1000);
		const [late, early, urgent] = await enqueueJobs(db.pool, [
			{ type: 'CREW_COMMENT', runAt: past(10) },
			{ type: 'CREW_COMMENT', runAt: past(60) },
			// 10 levels more urgent: worth 100 s of waiting, so it passes the job due 60 s ago
			{ type: 'CREW_COMMENT', runAt: past(1), priority: -10 }
		]);
		await enqueueJob(db.pool, { type: 'CREW_COMMENT', runAt: new Date(Date.now() + 60_000) }); // future
		const claimed = await claimJobs(db.pool, 'w', 2);
		expect(claimed.map((j) => j.id)).toEqual([urgent, early]);
		const rest = await claimJobs(db.pool, 'w', 10);
		expect(rest.map((j) => j.id)).toEqual([late]);
	});

	it('a job enqueued "now" is due at once: a claim right after it always gets it', async () => {
		// now() stored at millisecond precision is rounded, up half the time: untruncated, a job
		// could sit half a millisecond in the future, missed by a worker woken by its NOTIFY.
		for (let i = 0; i < 200; i++) {
			const id = (await enqueueJob(db.pool, { type: 'RECALC_ENGAGEMENT' }))!;
			const [job] = await claimJobs(db.pool, 'w', 1);
			expect(job?.id).toBe(id);
			await succeedJob(db.pool, 'w', id);
		}
		const { rows } = await db.pool.query<{ ahead: number }>(`SELECT count(*)::int AS ahead FROM jobs WHERE "runAt" > "createdAt" + interval '1 millisecond'`);
		expect(rows[0].ahead).toBe(0);
	});

	it('claims only the requested types', async () => {
		await enqueueJobs(db.pool, [{ type: 'CREW_COMMENT' }, { type: 'RECALC_ENGAGEMENT' }]);
		const claimed = await claimJobs(db.pool, 'w', 10, ['RECALC_ENGAGEMENT']);
		expect(claimed.map((j) => j.type)).toEqual(['RECALC_ENGAGEMENT']);
	});

	it('gives concurrent claimers disjoint jobs (SKIP LOCKED)', async () => {
		await enqueueJobs(db.pool, Array.from({ length: 200 }, () => ({ type: 'CREW_COMMENT' as const })));
		const results = await Promise.all(Array.from({ length: 8 }, (_, i) => claimJobs(db.pool, `w${i}`, 40)));
		const ids = results.flat().map((j) => j.id);
		expect(ids).toHaveLength(200);
		expect(new Set(ids).size).toBe(200);
	});
});

describe('recording outcomes', () => {
	it('succeedJob finishes a job; a worker that lost the lock cannot finish it', async () => {
		const id = (await enqueueJob(db.pool, { type: 'CREW_COMMENT' }))!;
		await claimJobs(db.pool, 'w1', 1);
		expect(await succeedJob(db.pool, 'someone-else', id)).toBe(false);
		expect(await succeedJob(db.pool, 'w1', id)).toBe(true);
		const row = await getJob(db, id);
		expect(row).toMatchObject({ status: 'SUCCEEDED', lockedBy: null, lockedAt: null });
		expect(row.finishedAt).toBeInstanceOf(Date);
	});

	it('a failed attempt goes to RETRY after 30 s with the error kept; the 5th failure is FAILED', async () => {
		const id = (await enqueueJob(db.pool, { type: 'CREW_COMMENT' }))!;
		const delays: number[] = [];
		for (let attempt = 1; attempt <= 5; attempt++) {
			await makeDue(db, id);
			const [job] = await claimJobs(db.pool, 'w', 1);
			expect(job.attempts).toBe(attempt);
			const before = Date.now();
			const outcome = await failJob(db.pool, job, new Error(`boom ${attempt}`));
			if (attempt < 5) {
				expect(outcome!.status).toBe('RETRY');
				delays.push(Math.round((outcome!.runAt.getTime() - before) / 1000));
			} else {
				expect(outcome!.status).toBe('FAILED');
			}
		}
		// 30, 60, 120, 240 s (± a second for the clock between the call and now()).
		delays.forEach((d, i) => expect(Math.abs(d - 30 * 2 ** i)).toBeLessThanOrEqual(1));
		const row = await getJob(db, id);
		expect(row.status).toBe('FAILED');
		expect(row.finishedAt).toBeInstanceOf(Date);
		expect(row.lastError).toBe('boom 5');
		expect(row.errors.map((e) => [e.attempt, e.message])).toEqual([1, 2, 3, 4, 5].map((n) => [n, `boom ${n}`]));
		expect(row.errors[0].stack).toContain('boom 1');
		expect(await claimJobs(db.pool, 'w', 1)).toEqual([]);
	});

	it('permanent failures skip the retries; cancel and snooze steer the job', async () => {
		const [p, c, s] = await enqueueJobs(db.pool, [{ type: 'CREW_COMMENT' }, { type: 'CREW_COMMENT' }, { type: 'CREW_COMMENT' }]);
		const jobs = await claimJobs(db.pool, 'w', 3);
		const byId = new Map(jobs.map((j) => [j.id, j]));
		expect((await failJob(db.pool, byId.get(p)!, new Error('bad payload'), { kind: 'permanent' }))!.status).toBe('FAILED');
		expect((await failJob(db.pool, byId.get(c)!, new Error('not needed'), { kind: 'cancel' }))!.status).toBe('CANCELLED');
		const snoozed = (await failJob(db.pool, byId.get(s)!, new Error('later'), { kind: 'snooze', delayMs: 5_000 }))!;
		expect(snoozed.status).toBe('QUEUED');
		expect(snoozed.attempts).toBe(0); // the attempt is given back
		const row = await getJob(db, s);
		expect(row.errors).toEqual([]);
		expect(row.runAt.getTime()).toBeGreaterThan(Date.now() + 3_000);
		expect((await getJob(db, p)).errors).toHaveLength(1);
	});

	it('heartbeat renews only the caller’s own locks; release gives unstarted jobs back unspent', async () => {
		const [a, b] = await enqueueJobs(db.pool, [{ type: 'CREW_COMMENT' }, { type: 'CREW_COMMENT' }]);
		await claimJobs(db.pool, 'w1', 2);
		await db.pool.query(`UPDATE jobs SET "leaseExpiresAt" = now() - interval '1 hour'`);
		expect(await heartbeat(db.pool, 'w2', [a, b], 60_000)).toBe(0);
		expect(await heartbeat(db.pool, 'w1', [a], 60_000)).toBe(1);
		const { rows } = await db.pool.query<{ ms: number }>(`SELECT (extract(epoch FROM "leaseExpiresAt" - now()) * 1000)::float8 AS ms FROM jobs WHERE id = $1`, [a]);
		expect(rows[0].ms).toBeGreaterThan(50_000);
		expect(await releaseJobs(db.pool, 'w1', [b])).toBe(1);
		expect(await getJob(db, b)).toMatchObject({ status: 'QUEUED', attempts: 0, lockedBy: null });
		expect(await succeedJobs(db.pool, 'w1', [a, b])).toBe(1);
	});
});
