// Archiving, restoring and deleting bots through the real router (createCaller) on a throwaway
// database, with the real scheduler: what stops, what is cancelled, what is kept, what goes, and
// that nobody reaches someone else's bot.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { makeBot, makeUser } from '../helpers/factories.ts';
import { asSessionUser, callerAs, errorOf } from '../helpers/trpc.ts';
import { enqueueAgentCycles, enqueueScheduledBots } from '../../src/lib/server/scheduler.ts';
import { processJobs } from '../../src/lib/server/jobs/process.ts';
import { defaultRegistry } from '../../src/lib/server/jobs/index.ts';
import { makeAgent, scriptedProviders } from '../helpers/agent.ts';
import { AgentOffError, runCycle } from '../../src/lib/server/agent/cycle.ts';
import type { ProviderSet } from '../../src/lib/server/ai/providers/types.ts';

let db: TestDatabase;
beforeAll(async () => {
	db = await createTestDatabase();
});
afterAll(async () => {
	await db?.drop();
});

async function people() {
	const maya = await makeUser(db, { name: 'Maya' });
	const leo = await makeUser(db, { name: 'Leo' });
	const admin = await makeUser(db, { name: 'Ada', role: 'ADMIN' });
	return { maya, leo, asMaya: callerAs(db, asSessionUser(maya)), asLeo: callerAs(db, asSessionUser(leo)), asAdmin: callerAs(db, asSessionUser(admin)) };
}

async function job(botId: string, status: 'QUEUED' | 'RETRY' | 'RUNNING' | 'SUCCEEDED', type = 'GENERATE_POST'): Promise<string> {
	const running = status === 'RUNNING';
	const { rows } = await db.pool.query<{ id: string }>(
		`INSERT INTO jobs (type, status, "botId", payload, key, "lockedAt", "lockedBy", "leaseExpiresAt", "startedAt", "finishedAt", attempts)
		 VALUES ($1, $2, $3, jsonb_build_object('botId', $3::text), $4, $5, $6, $7, $5, $8, $9) RETURNING id`,
		[
			type,
			status,
			botId,
			type === 'BOT_CYCLE' ? `bot-cycle:${botId}` : null,
			running ? new Date() : null,
			running ? 'worker-1' : null,
			running ? new Date(Date.now() + 60_000) : null,
			status === 'SUCCEEDED' ? new Date() : null,
			running || status === 'SUCCEEDED' ? 1 : 0
		]
	);
	return rows[0].id;
}

const statusOf = async (id: string) => (await db.pool.query<{ status: string }>(`SELECT status FROM jobs WHERE id = $1`, [id])).rows[0]?.status;

async function post(botId: string, over: { mediaUrl?: string } = {}) {
	return db.prisma.post.create({
		data: { botId, type: 'IMAGE', caption: 'a post', mediaUrl: over.mediaUrl ?? null, moderationStatus: 'APPROVED', publishedAt: new Date() }
	});
}

describe('archive', () => {
	it('stops scheduling, cancels pending jobs, keeps posts and finished jobs, and hides the bot from the default list', async () => {
		const { maya, asMaya } = await people();
		const bot = await makeBot(db, maya.id, { schedulingEnabled: true, nextPostAt: new Date(Date.now() - 60_000) });
		const other = await makeBot(db, maya.id);
		const queued = await job(bot.id, 'QUEUED');
		const retry = await job(bot.id, 'RETRY', 'RECALC_ENGAGEMENT');
		const done = await job(bot.id, 'SUCCEEDED');
		const kept = await post(bot.id);

		const result = await asMaya.bots.archive({ id: bot.id });
		expect(result.cancelledJobs.sort()).toEqual([queued, retry].sort());
		expect(await statusOf(queued)).toBe('CANCELLED');
		expect(await statusOf(retry)).toBe('CANCELLED');
		expect(await statusOf(done)).toBe('SUCCEEDED');
		const row = await db.prisma.bot.findUniqueOrThrow({ where: { id: bot.id } });
		expect(row).toMatchObject({ schedulingEnabled: false, nextPostAt: null, nextCycleAt: null });
		expect(row.archivedAt).toBeInstanceOf(Date);
		expect(await db.prisma.post.findUnique({ where: { id: kept.id } })).not.toBeNull();

		// The scheduler does not queue a post for it.
		await enqueueScheduledBots(db);
		expect(await db.prisma.job.count({ where: { botId: bot.id, status: { in: ['QUEUED', 'RETRY', 'RUNNING'] } } })).toBe(0);

		// Hidden by default; shown with archived=include, alone with archived=only.
		expect((await asMaya.bots.list({})).map((b) => b.id)).toEqual([other.id]);
		expect((await asMaya.bots.list({ archived: 'include' })).map((b) => b.id).sort()).toEqual([bot.id, other.id].sort());
		expect((await asMaya.bots.list({ archived: 'only' })).map((b) => b.id)).toEqual([bot.id]);
		expect((await asMaya.bots.get({ id: bot.id })).archivedAt).toBeInstanceOf(Date);

		// Archiving again changes nothing.
		expect((await asMaya.bots.archive({ id: bot.id })).cancelledJobs).toEqual([]);
	});

	it('an archived bot cannot be scheduled (by the API or by a stray write) until it is restored', async () => {
		const { maya, asMaya } = await people();
		const bot = await makeBot(db, maya.id);
		await asMaya.bots.archive({ id: bot.id });
		const on = await errorOf(asMaya.bots.setScheduling({ id: bot.id, enabled: true }));
		expect(on.code).toBe('BAD_REQUEST');
		expect(on.message).toMatch(/archived — restore it/);
		expect((await errorOf(asMaya.bots.setAutonomy({ id: bot.id, mode: 'agent' }))).message).toMatch(/archived/);
		await expect(db.pool.query(`UPDATE bots SET "schedulingEnabled" = true WHERE id = $1`, [bot.id])).rejects.toThrow(/bots_archived_not_scheduled_check/);

		await asMaya.bots.restore({ id: bot.id });
		const restored = await db.prisma.bot.findUniqueOrThrow({ where: { id: bot.id } });
		expect(restored).toMatchObject({ archivedAt: null, schedulingEnabled: false });
		expect((await asMaya.bots.list({})).map((b) => b.id)).toContain(bot.id);
		expect((await asMaya.bots.setScheduling({ id: bot.id, enabled: true })).schedulingEnabled).toBe(true);
	});

	it("an archived agent bot gets no more cycles; its pending cycle is cancelled", async () => {
		const { maya, asMaya } = await people();
		const bot = await makeBot(db, maya.id);
		await asMaya.bots.setAutonomy({ id: bot.id, mode: 'agent' });
		const pending = await job(bot.id, 'QUEUED', 'BOT_CYCLE');
		await asMaya.bots.archive({ id: bot.id });
		expect(await statusOf(pending)).toBe('CANCELLED');
		expect((await enqueueAgentCycles(db)).enqueued).toBe(0);
		// Even a row that were somehow archived and due (a restore from an old backup, a hand edit)
		// is skipped by both scans: the CHECK is lifted in this throwaway database to make one.
		const timer = await makeBot(db, maya.id);
		await asMaya.bots.archive({ id: timer.id });
		await db.pool.query(`ALTER TABLE bots DROP CONSTRAINT bots_archived_not_scheduled_check`);
		try {
			await db.pool.query(`UPDATE bots SET "schedulingEnabled" = true, "nextCycleAt" = now() - interval '1 minute' WHERE id = $1`, [bot.id]);
			await db.pool.query(`UPDATE bots SET "schedulingEnabled" = true, "nextPostAt" = now() - interval '1 minute' WHERE id = $1`, [timer.id]);
			expect((await enqueueAgentCycles(db)).enqueued).toBe(0);
			expect((await enqueueScheduledBots(db)).enqueued).toBe(0);
			expect(await db.prisma.job.count({ where: { botId: { in: [bot.id, timer.id] }, status: 'QUEUED' } })).toBe(0);
		} finally {
			await db.pool.query(`UPDATE bots SET "schedulingEnabled" = false, "nextPostAt" = NULL, "nextCycleAt" = NULL WHERE id = ANY($1::text[])`, [[bot.id, timer.id]]);
			await db.pool.query(
				`ALTER TABLE bots ADD CONSTRAINT bots_archived_not_scheduled_check CHECK ("archivedAt" IS NULL OR (NOT "schedulingEnabled" AND "nextPostAt" IS NULL AND "nextCycleAt" IS NULL))`
			);
		}
		expect(await db.prisma.job.count({ where: { botId: bot.id, type: 'BOT_CYCLE', status: 'QUEUED' } })).toBe(0);
	});
});

describe('an archived bot posts no more', () => {
	it('a post job an admin starts by hand for it fails at once with the reason and writes nothing; the Overview does not count it', async () => {
		const { maya, asMaya, asAdmin } = await people();
		const bot = await makeBot(db, maya.id, { handle: 'archived_poster' });
		const before = (await asMaya.overview.counts()).bots;
		await asMaya.bots.archive({ id: bot.id });
		expect((await asMaya.overview.counts()).bots).toBe(before - 1);
		const { jobId } = await asAdmin.ops.trigger({ type: 'GENERATE_POST', payload: { botId: bot.id } });
		await processJobs(db, defaultRegistry());
		const row = (await db.pool.query(`SELECT status, attempts, "lastError" FROM jobs WHERE id = $1`, [jobId])).rows[0];
		expect(row).toMatchObject({ status: 'FAILED', attempts: 1 });
		expect(row.lastError).toMatch(/@archived_poster is archived: restore it to post again/);
		expect(await db.prisma.post.count({ where: { botId: bot.id } })).toBe(0);
		expect(await db.prisma.usageEvent.count({ where: { botId: bot.id } })).toBe(0);
	});
});

describe('archived while busy', () => {
	it('a cycle that was thinking when its bot was archived does nothing: no post job, no cycle recorded', async () => {
		const agent = await makeAgent(db);
		const scripted = scriptedProviders(() => ({ action: 'POST', topic: 'fermentation', reason: 'My jars are ready.' }));
		// The creator archives the bot while the model decides.
		const providers: ProviderSet = {
			...scripted,
			text: {
				...scripted.text,
				async generateJson(request) {
					if (request.task.kind === 'decision') await callerAs(db, asSessionUser(await db.prisma.user.findUniqueOrThrow({ where: { id: agent.ownerId } }))).bots.archive({ id: agent.id });
					return scripted.text.generateJson(request);
				}
			}
		};
		await expect(runCycle(db, agent.id, { key: 'archived-mid-cycle', providers })).rejects.toThrow(AgentOffError);
		expect(await db.prisma.job.count({ where: { botId: agent.id, type: 'GENERATE_POST' } })).toBe(0);
		expect(await db.prisma.agentCycle.count({ where: { botId: agent.id } })).toBe(0);
	});

	it("an admin's retry does not revive the jobs archiving cancelled; the reason says why", async () => {
		const { maya, asMaya, asAdmin } = await people();
		const bot = await makeBot(db, maya.id);
		const queued = await job(bot.id, 'QUEUED');
		await asMaya.bots.archive({ id: bot.id });
		expect(await statusOf(queued)).toBe('CANCELLED');
		const result = await asAdmin.queue.actOnSelected({ action: 'retry', ids: [queued] });
		expect(JSON.stringify(result)).toMatch(/its bot is archived \(restore the bot first\)/);
		expect(await statusOf(queued)).toBe('CANCELLED');
	});
});

describe('delete', () => {
	it('says what goes, then removes the bot and all of it in one go; counters of other posts stay exact', async () => {
		const { maya, leo, asMaya } = await people();
		const bot = await makeBot(db, maya.id);
		const neighbour = await makeBot(db, leo.id);
		await db.prisma.bot.update({ where: { id: bot.id }, data: { avatarUrl: '/media/2026/11/' + 'a'.repeat(64) + '.png' } });
		const p1 = await post(bot.id, { mediaUrl: '/media/2026/11/' + 'b'.repeat(64) + '.png' });
		await post(bot.id, { mediaUrl: '/media/2026/11/' + 'c'.repeat(64) + '.png' });
		const theirs = await db.prisma.post.update({ where: { id: (await post(neighbour.id)).id }, data: { likeCount: 3, commentCount: 2 } });
		// The neighbour comments on our post; we comment on theirs and they reply to us; we like theirs.
		await db.prisma.comment.create({ data: { postId: p1.id, botId: neighbour.id, text: 'nice', moderationStatus: 'APPROVED' } });
		const ours = await db.prisma.comment.create({ data: { postId: theirs.id, botId: bot.id, text: 'love it', moderationStatus: 'APPROVED' } });
		await db.prisma.comment.create({ data: { postId: theirs.id, botId: neighbour.id, text: 'thanks', moderationStatus: 'APPROVED', parentId: ours.id, depth: 1 } });
		await db.prisma.postLike.create({ data: { postId: theirs.id, botId: bot.id } });
		await db.prisma.usageEvent.create({ data: { provider: 'local', model: 'x', operation: 'caption', costUsd: 0.01, botId: bot.id } });
		const queued = await job(bot.id, 'QUEUED');
		const running = await job(bot.id, 'RUNNING', 'RECALC_ENGAGEMENT');

		const summary = await asMaya.bots.deletionSummary({ id: bot.id });
		expect(summary).toEqual({ posts: 2, comments: 3, pendingJobs: 1, runningJobs: 1, mediaFiles: 3 });

		expect(await asMaya.bots.delete({ id: bot.id })).toEqual(summary);
		expect(await db.prisma.bot.findUnique({ where: { id: bot.id } })).toBeNull();
		expect(await db.prisma.post.count({ where: { botId: bot.id } })).toBe(0);
		expect(await db.prisma.comment.count({ where: { OR: [{ botId: bot.id }, { parentId: ours.id }] } })).toBe(0);
		expect(await statusOf(queued)).toBe('CANCELLED');
		expect(await statusOf(running)).toBe('RUNNING');
		// Their post lost our comment and the reply under it, and our like.
		expect(await db.prisma.post.findUniqueOrThrow({ where: { id: theirs.id } })).toMatchObject({ likeCount: 2, commentCount: 0 });
		// Spend stays in the ledger, without the bot.
		expect(await db.prisma.usageEvent.count({ where: { botId: null, operation: 'caption' } })).toBeGreaterThanOrEqual(1);
		expect((await errorOf(asMaya.bots.get({ id: bot.id }))).code).toBe('NOT_FOUND');
	});

	it("nobody archives, restores, counts or deletes another creator's bot: NOT_FOUND and nothing changes; an admin can", async () => {
		const { maya, asLeo, asAdmin } = await people();
		const bot = await makeBot(db, maya.id, { schedulingEnabled: true, nextPostAt: new Date(Date.now() + 3_600_000) });
		const queued = await job(bot.id, 'QUEUED');
		// One call at a time: a started call whose rejection is not awaited yet is an unhandled rejection.
		for (const call of [() => asLeo.bots.archive({ id: bot.id }), () => asLeo.bots.restore({ id: bot.id }), () => asLeo.bots.deletionSummary({ id: bot.id }), () => asLeo.bots.delete({ id: bot.id })]) {
			expect((await errorOf(call())).code).toBe('NOT_FOUND');
		}
		expect(await db.prisma.bot.findUniqueOrThrow({ where: { id: bot.id } })).toMatchObject({ archivedAt: null, schedulingEnabled: true });
		expect(await statusOf(queued)).toBe('QUEUED');
		// The same answer as for a bot that does not exist.
		expect((await errorOf(asLeo.bots.delete({ id: 'no-such-bot' }))).message).toBe((await errorOf(asLeo.bots.delete({ id: bot.id }))).message);

		expect((await asAdmin.bots.delete({ id: bot.id })).pendingJobs).toBe(1);
		expect(await db.prisma.bot.findUnique({ where: { id: bot.id } })).toBeNull();
	});

	it('a delete that fails part-way leaves everything as it was (one transaction)', async () => {
		const { maya, asMaya } = await people();
		const bot = await makeBot(db, maya.id);
		const queued = await job(bot.id, 'QUEUED');
		await post(bot.id);
		// A trigger that refuses deleting this bot stands in for any failure after the jobs were cancelled.
		await db.pool.query(`CREATE FUNCTION refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$`);
		await db.pool.query(`CREATE TRIGGER refuse_delete BEFORE DELETE ON bots FOR EACH ROW WHEN (OLD.id = '${bot.id}') EXECUTE FUNCTION refuse_delete()`);
		try {
			await expect(asMaya.bots.delete({ id: bot.id })).rejects.toThrow();
		} finally {
			await db.pool.query(`DROP TRIGGER refuse_delete ON bots; DROP FUNCTION refuse_delete()`);
		}
		expect(await statusOf(queued)).toBe('QUEUED');
		expect(await db.prisma.post.count({ where: { botId: bot.id } })).toBe(1);
		expect(await db.prisma.bot.findUnique({ where: { id: bot.id } })).not.toBeNull();
	});
});
