import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { getJob, statusCounts } from '../../helpers/jobs.ts';
import { makeBot, makeUser } from '../../helpers/factories.ts';
import { claimJobs, failJob, succeedJobs } from '../../../src/lib/server/jobs/claim.ts';
import { enqueueJob, enqueueJobs } from '../../../src/lib/server/jobs/enqueue.ts';
import { bulkCancel, bulkRetry, cancelJobs, countMatching, pruneJobs, retryJobs } from '../../../src/lib/server/jobs/admin.ts';
import { queueStats } from '../../../src/lib/server/jobs/stats.ts';
import { JOB_STATUSES, JOB_TYPES } from '../../../src/lib/schemas/enums.ts';

let db: TestDatabase;
beforeAll(async () => {
	db = await createTestDatabase();
});
afterAll(async () => db?.drop());
beforeEach(async () => db.truncate());

async function failedJob(message = 'provider down', attempts = 5) {
	const id = (await enqueueJob(db.pool, { type: 'CREW_COMMENT', maxAttempts: attempts }))!;
	for (let i = 0; i < attempts; i++) {
		await db.pool.query(`UPDATE jobs SET "runAt" = now() - interval '1 second' WHERE id = $1`, [id]);
		const [job] = await claimJobs(db.pool, 'w', 1);
		await failJob(db.pool, job, new Error(message));
	}
	return id;
}

describe('retry and cancel', () => {
	it('retry puts a FAILED job back in the queue now, with one more attempt and its history kept', async () => {
		const id = await failedJob('provider down', 2);
		expect(await retryJobs(db.pool, [id])).toEqual({ retried: [id], skipped: [] });
		const row = await getJob(db, id);
		expect(row).toMatchObject({ status: 'QUEUED', attempts: 2, maxAttempts: 3, finishedAt: null });
		expect(row.errors).toHaveLength(2);
		expect(row.runAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
		const [claimed] = await claimJobs(db.pool, 'w', 1);
		expect(claimed.id).toBe(id);
	});

	it('retry leaves QUEUED, RUNNING and SUCCEEDED jobs alone', async () => {
		const [queued, running, done] = await enqueueJobs(db.pool, [{ type: 'CREW_COMMENT' }, { type: 'CREW_COMMENT', priority: -1 }, { type: 'CREW_COMMENT', priority: -2 }]);
		await claimJobs(db.pool, 'w', 2);
		await succeedJobs(db.pool, 'w', [done]);
		expect(await retryJobs(db.pool, [queued, running, done])).toEqual({ retried: [], skipped: [] });
		expect((await getJob(db, running)).status).toBe('RUNNING');
	});

	it('retry of a bot’s old GENERATE_POST is refused while the bot has another pending one', async () => {
		const bot = await makeBot(db, (await makeUser(db)).id);
		const old = (await enqueueJob(db.pool, { type: 'GENERATE_POST', botId: bot.id, payload: { botId: bot.id } }))!;
		await db.pool.query(`UPDATE jobs SET status = 'FAILED' WHERE id = $1`, [old]);
		await enqueueJob(db.pool, { type: 'GENERATE_POST', botId: bot.id, payload: { botId: bot.id } });
		expect(await retryJobs(db.pool, [old])).toEqual({ retried: [], skipped: [{ id: old, reason: 'bot-has-pending-post' }] });
		expect((await bulkRetry(db.pool, { status: ['FAILED'] })).retried).toEqual([]);
	});

	it('cancel stops QUEUED and RETRY jobs but not running ones', async () => {
		const [a, b] = await enqueueJobs(db.pool, [{ type: 'CREW_COMMENT' }, { type: 'CREW_COMMENT', runAt: new Date(Date.now() + 60_000) }]);
		const c = (await enqueueJob(db.pool, { type: 'RECALC_ENGAGEMENT', priority: -1 }))!;
		await claimJobs(db.pool, 'w', 1);
		expect((await cancelJobs(db, [a, b, c], 'Cancelled by Ada')).cancelled.sort()).toEqual([a, b].sort());
		expect(await getJob(db, a)).toMatchObject({ status: 'CANCELLED', lastError: 'Cancelled by Ada' });
		expect((await getJob(db, c)).status).toBe('RUNNING');
		// A cancelled job can be retried.
		expect((await retryJobs(db.pool, [a])).retried).toEqual([a]);
	});
});

describe('bulk actions by filter', () => {
	it('counts, then retries exactly the jobs matching status, type and error text', async () => {
		await failedJob('fal.ai returned 503', 1);
		await failedJob('fal.ai returned 503', 1);
		await failedJob('OpenAI 429 Too Many Requests', 1);
		await enqueueJob(db.pool, { type: 'RECALC_ENGAGEMENT' });
		const filter = { status: ['FAILED' as const], errorText: 'FAL.AI' };
		expect(await countMatching(db.pool, filter, 'retry')).toBe(2);
		expect((await bulkRetry(db.pool, filter)).retried).toHaveLength(2);
		expect(await statusCounts(db)).toEqual({ QUEUED: 3, FAILED: 1 });
		expect(await countMatching(db.pool, { type: ['CREW_COMMENT'] }, 'cancel')).toBe(2);
		expect((await bulkCancel(db, { type: ['CREW_COMMENT'] })).cancelled).toHaveLength(2);
		expect(await statusCounts(db)).toEqual({ QUEUED: 1, FAILED: 1, CANCELLED: 2 });
	});

	it('error text is matched literally (LIKE wildcards in it are escaped)', async () => {
		await failedJob('100% broken', 1);
		await failedJob('1000 broken', 1);
		expect(await countMatching(db.pool, { errorText: '100%' }, 'retry')).toBe(1);
	});
});

describe('prune and stats', () => {
	it('prunes only finished jobs older than N days', async () => {
		const [old, recent, pending] = await enqueueJobs(db.pool, [{ type: 'CREW_COMMENT' }, { type: 'CREW_COMMENT' }, { type: 'CREW_COMMENT' }]);
		await db.pool.query(`UPDATE jobs SET status = 'SUCCEEDED', "finishedAt" = now() - interval '10 days' WHERE id = $1`, [old]);
		await db.pool.query(`UPDATE jobs SET status = 'FAILED', "finishedAt" = now() - interval '1 day' WHERE id = $1`, [recent]);
		expect(await pruneJobs(db.pool, 7)).toBe(1);
		const { rows } = await db.pool.query(`SELECT id FROM jobs ORDER BY id`);
		expect(rows.map((r) => r.id).sort()).toEqual([recent, pending].sort());
	});

	it('reports counts by status × type, per-minute flow, oldest wait and failure rate', async () => {
		await failedJob('boom', 1); // first: failedJob claims whatever is due
		await enqueueJobs(db.pool, [{ type: 'CREW_COMMENT', runAt: new Date(Date.now() - 90_000) }, { type: 'CREW_COMMENT' }]);
		const ok = await enqueueJobs(db.pool, Array.from({ length: 3 }, () => ({ type: 'RECALC_ENGAGEMENT' as const, priority: -1 })));
		await claimJobs(db.pool, 'w', 3, ['RECALC_ENGAGEMENT']);
		await succeedJobs(db.pool, 'w', ok);

		const stats = await queueStats(db.pool);
		const cell = (status: string, type: string) => stats.counts.find((c) => c.status === status && c.type === type)!.count;
		expect(stats.counts).toHaveLength(JOB_STATUSES.length * JOB_TYPES.length);
		expect(cell('QUEUED', 'CREW_COMMENT')).toBe(2);
		expect(cell('SUCCEEDED', 'RECALC_ENGAGEMENT')).toBe(3);
		expect(cell('FAILED', 'CREW_COMMENT')).toBe(1);
		expect(stats.series).toHaveLength(60);
		expect(stats.series.reduce((s, m) => s + m.succeeded, 0)).toBe(3);
		expect(stats.series.reduce((s, m) => s + m.failed, 0)).toBe(1);
		expect(stats.total).toMatchObject({ succeeded: 3, failed: 1, failedAttempts: 1 });
		// Run and wait times of the three that ran: measured, so percentiles exist.
		expect(stats.types.find((t) => t.type === 'RECALC_ENGAGEMENT')?.runP50Ms).not.toBeNull();
		expect(stats.oldestDueWaitSeconds).toBeGreaterThanOrEqual(89);
		expect(stats.failureRate).toBeCloseTo(1 / 4);
	});
});
