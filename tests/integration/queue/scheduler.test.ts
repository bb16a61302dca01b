import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { makeBot, makeUser } from '../../helpers/factories.ts';
import { claimJobs, failJob } from '../../../src/lib/server/jobs/claim.ts';
import { enqueueJob } from '../../../src/lib/server/jobs/enqueue.ts';
import { disableScheduling, enableScheduling, enqueueScheduledBots, recordBotPosted, skipToNextSlot } from '../../../src/lib/server/scheduler.ts';

let db: TestDatabase;
beforeAll(async () => {
	db = await createTestDatabase({ max: 20 });
});
afterAll(async () => db?.drop());
beforeEach(async () => db.truncate());

const past = new Date(Date.now() - 60_000);
const future = new Date(Date.now() + 3_600_000);

async function jobsOf(type: string) {
	const { rows } = await db.pool.query(`SELECT * FROM jobs WHERE type = $1`, [type]);
	return rows;
}

describe('enqueueScheduledBots', () => {
	it('enqueues one GENERATE_POST per due, enabled, active bot of an active owner', async () => {
		const owner = await makeUser(db);
		const suspended = await makeUser(db, { status: 'SUSPENDED' });
		const due = await makeBot(db, owner.id, { schedulingEnabled: true, nextPostAt: past });
		await makeBot(db, owner.id, { schedulingEnabled: true, nextPostAt: future }); // not yet
		await makeBot(db, owner.id, { schedulingEnabled: false, nextPostAt: past }); // disabled
		await makeBot(db, owner.id, { schedulingEnabled: true, nextPostAt: past, isActive: false }); // inactive
		await makeBot(db, suspended.id, { schedulingEnabled: true, nextPostAt: past }); // owner suspended

		expect(await enqueueScheduledBots(db)).toEqual({ processed: 1, enqueued: 1, skipped: 0 });
		const jobs = await jobsOf('GENERATE_POST');
		expect(jobs).toHaveLength(1);
		expect(jobs[0]).toMatchObject({ botId: due.id, status: 'QUEUED', payload: { botId: due.id } });
		// Posts were queued, so crew comments follow; engagement is recalculated on its interval.
		expect(await jobsOf('CREW_COMMENT')).toHaveLength(1);
		expect(await jobsOf('RECALC_ENGAGEMENT')).toHaveLength(1);
	});

	it('skips bots that already have a pending job, and enqueues again once it is finished', async () => {
		const owner = await makeUser(db);
		await makeBot(db, owner.id, { schedulingEnabled: true, nextPostAt: past });
		expect(await enqueueScheduledBots(db)).toEqual({ processed: 1, enqueued: 1, skipped: 0 });
		expect(await enqueueScheduledBots(db)).toEqual({ processed: 1, enqueued: 0, skipped: 1 });
		// RUNNING and RETRY still count as pending.
		const [job] = await claimJobs(db.pool, 'w', 10, ['GENERATE_POST']);
		expect(await enqueueScheduledBots(db)).toMatchObject({ enqueued: 0, skipped: 1 });
		await failJob(db.pool, job, new Error('x'));
		expect(await enqueueScheduledBots(db)).toMatchObject({ enqueued: 0, skipped: 1 });
		await db.pool.query(`UPDATE jobs SET status = 'FAILED' WHERE type = 'GENERATE_POST'`);
		expect(await enqueueScheduledBots(db)).toMatchObject({ enqueued: 1, skipped: 0 });
	});

	it('twenty concurrent cron calls create exactly one job per due bot', async () => {
		const owner = await makeUser(db);
		const bots = await Promise.all(Array.from({ length: 12 }, () => makeBot(db, owner.id, { schedulingEnabled: true, nextPostAt: past })));
		const results = await Promise.all(Array.from({ length: 20 }, () => enqueueScheduledBots(db)));
		expect(results.reduce((s, r) => s + r.enqueued, 0)).toBe(12);
		const jobs = await jobsOf('GENERATE_POST');
		expect(jobs).toHaveLength(12);
		expect(new Set(jobs.map((j) => j.botId))).toEqual(new Set(bots.map((b) => b.id)));
		expect(await jobsOf('CREW_COMMENT')).toHaveLength(1);
		expect(await jobsOf('RECALC_ENGAGEMENT')).toHaveLength(1);
	});

	it('the database refuses a second pending GENERATE_POST for a bot even without the scheduler', async () => {
		const bot = await makeBot(db, (await makeUser(db)).id);
		expect(await enqueueJob(db.pool, { type: 'GENERATE_POST', botId: bot.id, payload: { botId: bot.id } })).not.toBeNull();
		expect(await enqueueJob(db.pool, { type: 'GENERATE_POST', botId: bot.id, payload: { botId: bot.id } })).toBeNull();
		await expect(db.pool.query(`INSERT INTO jobs (type, "botId") VALUES ('GENERATE_POST', $1)`, [bot.id])).rejects.toThrow(/jobs_one_pending_generate_post_per_bot/);
	});
});

describe('scheduling a bot', () => {
	it('enable sets a near slot, disable clears it, a post spaces the next one by the daily rate', async () => {
		const bot = await makeBot(db, (await makeUser(db)).id, { postsPerDay: 4 });
		await enableScheduling(db, bot.id);
		let row = await db.prisma.bot.findUniqueOrThrow({ where: { id: bot.id } });
		expect(row.schedulingEnabled).toBe(true);
		expect(row.nextPostAt!.getTime()).toBeGreaterThan(Date.now());
		const now = new Date();
		const next = await recordBotPosted(db.prisma, bot.id, now);
		const hours = (next!.getTime() - now.getTime()) / 3_600_000;
		expect(hours).toBeGreaterThanOrEqual(6 * 0.9);
		expect(hours).toBeLessThanOrEqual(6 * 1.1);
		row = await db.prisma.bot.findUniqueOrThrow({ where: { id: bot.id } });
		expect(row.lastPostedAt).toEqual(now);
		// Giving up on a post moves the slot on but does not count as posting.
		const later = new Date(now.getTime() + 1000);
		await skipToNextSlot(db.prisma, bot.id, later);
		row = await db.prisma.bot.findUniqueOrThrow({ where: { id: bot.id } });
		expect(row.lastPostedAt).toEqual(now);
		expect(row.nextPostAt!.getTime()).toBeGreaterThan(later.getTime() + 5 * 3_600_000);
		await disableScheduling(db, bot.id);
		row = await db.prisma.bot.findUniqueOrThrow({ where: { id: bot.id } });
		expect(row).toMatchObject({ schedulingEnabled: false, nextPostAt: null });
	});
});
