import { TRPCError } from '@trpc/server';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { makeBot, makeUser } from '../helpers/factories.ts';
import { asSessionUser, callerAs } from '../helpers/trpc.ts';
import { resetEnvCache } from '../../src/lib/server/env.ts';
import { resetProviders } from '../../src/lib/server/ai/providers.ts';
import { canReadMedia } from '../../src/lib/server/media/access.ts';

let db: TestDatabase;
beforeAll(async () => {
	process.env.RUDO_DATA_DIR = mkdtempSync(join(tmpdir(), 'rudo-media-'));
	resetEnvCache();
	resetProviders();
	db = await createTestDatabase();
});
afterAll(async () => db?.drop());
beforeEach(async () => db.truncate());

async function codeOf(p: Promise<unknown>) {
	try {
		await p;
	} catch (e) {
		if (e instanceof TRPCError) return e.code;
		throw e;
	}
	return 'OK';
}

async function setup() {
	const maya = await makeUser(db);
	const leo = await makeUser(db);
	const admin = await makeUser(db, { role: 'ADMIN' });
	const bot = await makeBot(db, maya.id, { tier: 'NOVA', artStyle: 'WATERCOLOR', schedulingEnabled: true });
	return { maya: callerAs(db, asSessionUser(maya)), leo: callerAs(db, asSessionUser(leo)), admin: callerAs(db, asSessionUser(admin)), anon: callerAs(db, null), bot };
}

describe('post previews', () => {
	it('generates without publishing, shows the verdict and cost, then publishes exactly once', async () => {
		const { maya, bot } = await setup();
		const created = await maya.posts.previewCreate({ botId: bot.id, postType: 'IMAGE' });
		expect(created).toMatchObject({ status: 'GENERATING', stage: null });
		const done = await maya.posts.previewRun({ draftId: created.id });
		expect(done.status).toBe('READY');
		const result = done.result as { caption: string; mediaUrl: string; moderation: { status: string; scores: Record<string, number> }; costUsd: number; providers: Record<string, string> };
		expect(result.caption.length).toBeGreaterThan(5);
		expect(result.mediaUrl).toMatch(/^\/media\//);
		expect(result.moderation.status).toBe('APPROVED');
		expect(Object.keys(result.moderation.scores).length).toBeGreaterThan(3);
		expect(result.providers.image).toMatch(/^local:/);
		expect(await db.prisma.post.count()).toBe(0); // nothing published yet
		expect(await db.prisma.usageEvent.count({ where: { draftId: created.id } })).toBe(4);

		// Running it again does not generate twice.
		await maya.posts.previewRun({ draftId: created.id });
		expect(await db.prisma.usageEvent.count({ where: { draftId: created.id } })).toBe(4);

		const published = await maya.posts.previewPublish({ draftId: created.id });
		expect(published.published).toBe(true);
		const post = await db.prisma.post.findUniqueOrThrow({ where: { id: published.postId } });
		expect(post).toMatchObject({ caption: result.caption, mediaUrl: result.mediaUrl, moderationStatus: 'APPROVED' });
		expect(await db.prisma.usageEvent.count({ where: { postId: post.id } })).toBe(4);
		// Publishing again returns the same post; the feed shows it once.
		expect(await maya.posts.previewPublish({ draftId: created.id })).toEqual(published);
		expect((await maya.posts.feed({ limit: 10 })).posts.map((p) => p.id)).toEqual([post.id]);
		expect(await codeOf(maya.posts.previewDiscard({ draftId: created.id }))).toBe('CONFLICT');
	});

	it('discarded previews cannot be published', async () => {
		const { maya, bot } = await setup();
		const d = await maya.posts.previewCreate({ botId: bot.id, postType: 'TEXT' });
		await maya.posts.previewRun({ draftId: d.id });
		await maya.posts.previewDiscard({ draftId: d.id });
		expect(await codeOf(maya.posts.previewPublish({ draftId: d.id }))).toBe('CONFLICT');
		expect(await db.prisma.post.count()).toBe(0);
	});

	it('only the owner (or an admin) can preview a bot; others get NOT_FOUND; signed out is UNAUTHORIZED', async () => {
		const { maya, leo, admin, anon, bot } = await setup();
		expect(await codeOf(leo.posts.previewCreate({ botId: bot.id }))).toBe('NOT_FOUND');
		expect(await codeOf(anon.posts.previewCreate({ botId: bot.id }))).toBe('UNAUTHORIZED');
		const d = await maya.posts.previewCreate({ botId: bot.id, postType: 'TEXT' });
		// Each call is handed to codeOf at once: a rejection must never wait unobserved.
		const codes = await Promise.all(
			[leo.posts.previewStatus({ draftId: d.id }), leo.posts.previewRun({ draftId: d.id }), leo.posts.previewPublish({ draftId: d.id }), leo.posts.previewDiscard({ draftId: d.id })].map(codeOf)
		);
		expect(codes).toEqual(['NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND']);
		expect((await admin.posts.previewStatus({ draftId: d.id })).id).toBe(d.id);
	});

	it('validates input and tier: bad ids and a video for a SPARK bot are refused clearly', async () => {
		const { maya } = await setup();
		const spark = await makeBot(db, (await db.prisma.user.findFirstOrThrow({ where: { role: 'CREATOR' } })).id, { tier: 'SPARK' });
		expect(await codeOf(maya.posts.previewCreate({ botId: '' }))).toBe('BAD_REQUEST');
		expect(await codeOf(maya.posts.previewCreate({ botId: spark.id, postType: 'GIF' as 'TEXT' }))).toBe('BAD_REQUEST');
		const owner = callerAs(db, asSessionUser(await db.prisma.user.findUniqueOrThrow({ where: { id: spark.ownerId } })));
		await expect(owner.posts.previewCreate({ botId: spark.id, postType: 'VIDEO' })).rejects.toThrow(/cannot post video/);
	});
});

describe('held posts and cost', () => {
	it('admins list held posts and approve (publishes) or reject them; creators cannot', async () => {
		const { maya, admin, bot } = await setup();
		const held = await db.prisma.post.create({ data: { botId: bot.id, type: 'TEXT', caption: 'borderline', moderationStatus: 'REVIEW' } });
		const held2 = await db.prisma.post.create({ data: { botId: bot.id, type: 'TEXT', caption: 'worse', moderationStatus: 'REVIEW' } });
		expect(await codeOf(maya.posts.held())).toBe('FORBIDDEN');
		expect(await codeOf(maya.posts.moderate({ postId: held.id, decision: 'APPROVE' }))).toBe('FORBIDDEN');
		expect((await admin.posts.held()).map((p) => p.id)).toEqual([held.id, held2.id]);
		await admin.posts.moderate({ postId: held.id, decision: 'APPROVE' });
		await admin.posts.moderate({ postId: held2.id, decision: 'REJECT' });
		expect((await db.prisma.post.findUniqueOrThrow({ where: { id: held.id } })).publishedAt).toBeInstanceOf(Date);
		expect(await db.prisma.post.findUniqueOrThrow({ where: { id: held2.id } })).toMatchObject({ moderationStatus: 'REJECTED', publishedAt: null });
		expect(await codeOf(admin.posts.moderate({ postId: held.id, decision: 'REJECT' }))).toBe('NOT_FOUND');
		expect(await admin.posts.held()).toEqual([]);
		// The moderator's reasons stay; who decided is recorded beside them.
		expect(await db.prisma.post.findUniqueOrThrow({ where: { id: held2.id } })).toMatchObject({ decidedBy: 'Test User', decidedAt: expect.any(Date) });
	});

	it('a post page shows any post in scope: held ones to their creator and admins, never to others', async () => {
		const { maya, leo, admin, bot } = await setup();
		const held = await heldPost(bot.id, 'REVIEW');
		expect((await maya.posts.get({ id: held.id })).moderationStatus).toBe('REVIEW');
		expect((await admin.posts.get({ id: held.id })).id).toBe(held.id);
		expect(await codeOf(leo.posts.get({ id: held.id }))).toBe('NOT_FOUND');
	});

	it('cost per day: the bot’s owner and admins see it, others do not; totals only for admins', async () => {
		const { maya, leo, admin, bot } = await setup();
		await db.prisma.usageEvent.createMany({
			data: [
				{ provider: 'openai', model: 'gpt-4o-mini', operation: 'caption', costUsd: '0.0012', botId: bot.id },
				{ provider: 'fal', model: 'flux', operation: 'image', costUsd: '0.025', botId: bot.id }
			]
		});
		const rows = await maya.usage.costPerDay({ botId: bot.id });
		expect(rows.map((r) => [r.provider, r.costUsd]).sort()).toEqual([
			['fal', 0.025],
			['openai', 0.0012]
		]);
		expect(await codeOf(leo.usage.costPerDay({ botId: bot.id }))).toBe('NOT_FOUND');
		expect(await codeOf(maya.usage.costPerDay({}))).toBe('FORBIDDEN');
		expect((await admin.usage.costPerDay({})).length).toBe(2);
	});
});

async function heldPost(botId: string, status: 'REVIEW' | 'REJECTED', over: { caption?: string; jobId?: string; createdAt?: Date } = {}) {
	return db.prisma.post.create({
		data: {
			botId,
			type: 'IMAGE',
			caption: over.caption ?? `kept out ${status}`,
			mediaUrl: '/media/2026/11/held.png',
			moderationStatus: status,
			moderationScores: { violence: 0.62 },
			moderationReason: status === 'REVIEW' ? 'violence 0.62 ≥ review threshold; harassment 0.41 ≥ review threshold' : 'harassment 0.93 ≥ reject threshold',
			jobId: over.jobId,
			createdAt: over.createdAt
		}
	});
}

describe('held and rejected posts for their creators', () => {
	it('creators list their own bots’ held and rejected posts with reasons; admins see everyone’s; the feed stays approved only', async () => {
		const { maya, leo, admin, bot } = await setup();
		const leoBot = await makeBot(db, (await db.prisma.user.findFirstOrThrow({ where: { role: 'CREATOR', bots: { none: {} } } })).id);
		const older = await heldPost(bot.id, 'REVIEW', { createdAt: new Date(Date.now() - 60_000) });
		const newer = await heldPost(bot.id, 'REVIEW');
		const rejected = await heldPost(bot.id, 'REJECTED');
		const leoHeld = await heldPost(leoBot.id, 'REVIEW');

		const mine = await maya.posts.keptOut({ status: 'REVIEW' });
		// A review queue reads oldest first.
		expect(mine.posts.map((p) => p.id)).toEqual([older.id, newer.id]);
		expect(mine.posts[0]).toMatchObject({ moderationStatus: 'REVIEW', moderationReason: expect.stringContaining('violence 0.62'), bot: { id: bot.id } });
		expect((await maya.posts.keptOut({ status: 'REJECTED' })).posts.map((p) => p.id)).toEqual([rejected.id]);
		expect(await maya.posts.keptOutCounts()).toEqual({ REVIEW: 2, REJECTED: 1 });
		expect((await leo.posts.keptOut({ status: 'REVIEW' })).posts.map((p) => p.id)).toEqual([leoHeld.id]);
		expect(await leo.posts.keptOutCounts()).toEqual({ REVIEW: 1, REJECTED: 0 });
		expect((await admin.posts.keptOut({ status: 'REVIEW' })).posts.map((p) => p.id).sort()).toEqual([older.id, newer.id, leoHeld.id].sort());
		expect(await admin.posts.keptOutCounts()).toEqual({ REVIEW: 3, REJECTED: 1 });
		expect((await maya.posts.feed({ limit: 10 })).posts).toEqual([]);
		expect((await admin.posts.feed({ limit: 10 })).posts).toEqual([]);
		// Paging: one at a time, the cursor walks the same order.
		const first = await admin.posts.keptOut({ status: 'REVIEW', limit: 1 });
		const second = await admin.posts.keptOut({ status: 'REVIEW', limit: 1, cursor: first.nextCursor! });
		expect(second.posts[0].id).not.toBe(first.posts[0].id);
		expect(await codeOf(maya.posts.keptOut({ status: 'APPROVED' as 'REVIEW' }))).toBe('BAD_REQUEST');
	});

	it('the job that made a post is named to admins only', async () => {
		const { maya, admin, bot } = await setup();
		const { rows } = await db.pool.query<{ id: string }>(`INSERT INTO jobs (type, payload, "botId", status) VALUES ('GENERATE_POST', '{}', $1, 'SUCCEEDED') RETURNING id`, [bot.id]);
		const post = await heldPost(bot.id, 'REVIEW', { jobId: rows[0].id });
		expect((await admin.posts.get({ id: post.id })).jobId).toBe(rows[0].id);
		expect((await admin.posts.keptOut({ status: 'REVIEW' })).posts[0].jobId).toBe(rows[0].id);
		expect((await maya.posts.get({ id: post.id })).jobId).toBeNull();
		expect((await maya.posts.keptOut({ status: 'REVIEW' })).posts[0].jobId).toBeNull();
	});

	it('another creator can neither see, discard nor regenerate them: NOT_FOUND, and nothing changes', async () => {
		const { leo, bot } = await setup();
		const held = await heldPost(bot.id, 'REVIEW');
		const rejected = await heldPost(bot.id, 'REJECTED');
		const codes = await Promise.all([leo.posts.get({ id: held.id }), leo.posts.discard({ postId: held.id }), leo.posts.discard({ postId: rejected.id }), leo.posts.newVersion({ postId: held.id }), leo.posts.newVersion({ postId: rejected.id })].map(codeOf));
		expect(codes).toEqual(['NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND']);
		expect((await leo.posts.keptOut({ status: 'REVIEW' })).posts).toEqual([]);
		expect(await db.prisma.post.count({ where: { discardedAt: { not: null } } })).toBe(0);
		expect(await db.prisma.job.count()).toBe(0);
	});

	it('discarding keeps the record honest: out of every list, media dropped, who and when kept; twice is NOT_FOUND', async () => {
		const { maya, admin, bot } = await setup();
		const held = await heldPost(bot.id, 'REVIEW');
		const rejected = await heldPost(bot.id, 'REJECTED');
		await db.prisma.post.update({ where: { id: rejected.id }, data: { decidedBy: 'Ada Admin', decidedAt: new Date(), mediaUrl: '/media/2026/11/rejected.png' } });
		const owner = { id: bot.ownerId, role: 'CREATOR' as const };
		expect(await canReadMedia(db, owner, held.mediaUrl!)).toBe(true);
		await maya.posts.discard({ postId: held.id });
		// Its media is no longer served: nothing references the file now.
		expect(await canReadMedia(db, owner, held.mediaUrl!)).toBe(false);
		await maya.posts.discard({ postId: rejected.id });
		expect(await db.prisma.post.findUniqueOrThrow({ where: { id: held.id } })).toMatchObject({
			moderationStatus: 'REJECTED',
			publishedAt: null,
			discardedAt: expect.any(Date),
			mediaUrl: null,
			thumbnailUrl: null,
			decidedBy: 'Test User',
			// The moderator's reasons stay on the record.
			moderationReason: expect.stringContaining('violence 0.62')
		});
		// A rejected post keeps who rejected it.
		expect((await db.prisma.post.findUniqueOrThrow({ where: { id: rejected.id } })).decidedBy).toBe('Ada Admin');
		expect(await maya.posts.keptOutCounts()).toEqual({ REVIEW: 0, REJECTED: 0 });
		expect((await admin.posts.keptOut({ status: 'REJECTED' })).posts).toEqual([]);
		expect(await admin.posts.held()).toEqual([]);
		expect(await codeOf(maya.posts.discard({ postId: held.id }))).toBe('NOT_FOUND');
		expect(await codeOf(admin.posts.moderate({ postId: held.id, decision: 'APPROVE' }))).toBe('NOT_FOUND');
		expect(await codeOf(maya.posts.newVersion({ postId: held.id }))).toBe('NOT_FOUND');
		// Its page still answers, as a record without media.
		expect(await maya.posts.get({ id: held.id })).toMatchObject({ discardedAt: expect.any(Date), mediaUrl: null });
		// A published post is not discardable.
		const published = await db.prisma.post.create({ data: { botId: bot.id, type: 'TEXT', caption: 'fine', moderationStatus: 'APPROVED', publishedAt: new Date() } });
		expect(await codeOf(maya.posts.discard({ postId: published.id }))).toBe('NOT_FOUND');
		// The database refuses a discarded post that is published.
		await expect(db.prisma.post.update({ where: { id: held.id }, data: { publishedAt: new Date() } })).rejects.toThrow();
	});

	it('a discarded post that was published from a preview stops being served too (its draft referenced the file)', async () => {
		const { maya, bot } = await setup();
		const held = await heldPost(bot.id, 'REVIEW');
		await db.prisma.postDraft.create({
			data: { botId: bot.id, requestedById: bot.ownerId, status: 'PUBLISHED', postId: held.id, result: { mediaUrl: held.mediaUrl, thumbnailUrl: null, caption: held.caption } }
		});
		const owner = { id: bot.ownerId, role: 'CREATOR' as const };
		expect(await canReadMedia(db, owner, held.mediaUrl!)).toBe(true);
		await maya.posts.discard({ postId: held.id });
		expect(await canReadMedia(db, owner, held.mediaUrl!)).toBe(false);
		// The rest of the draft's record stays.
		expect((await db.prisma.postDraft.findFirstOrThrow({ where: { postId: held.id } })).result).toEqual({ caption: held.caption });
	});

	it('bots forget what they saw of a post its creator discards or an admin rejects', async () => {
		const { maya, admin, bot } = await setup();
		const watcher = await makeBot(db, bot.ownerId);
		const remember = (postId: string, words: string) =>
			db.prisma.botMemory.create({ data: { botId: watcher.id, kind: 'observation', content: `@${bot.handle} posted: "${words}"`, importance: 4, embeddingModel: 'local', sourceKey: `post:${postId}`, meta: { postId } } });
		const held = await heldPost(bot.id, 'REVIEW', { caption: 'first held words' });
		const other = await heldPost(bot.id, 'REVIEW', { caption: 'second held words' });
		await remember(held.id, 'first held words');
		await remember(other.id, 'second held words');
		const remembered = async () => (await db.prisma.botMemory.findMany({ where: { botId: watcher.id }, select: { content: true } })).map((m) => m.content);
		expect(await remembered()).toHaveLength(2);

		await maya.posts.discard({ postId: held.id });
		expect((await remembered()).join()).not.toContain('first held words');
		await admin.posts.moderate({ postId: other.id, decision: 'REJECT' });
		expect(await remembered()).toEqual([]);
	});

	it('asking for a new version queues one GENERATE_POST for the bot; asking again finds the pending one', async () => {
		const { maya, admin, bot } = await setup();
		const held = await heldPost(bot.id, 'REVIEW');
		const rejected = await heldPost(bot.id, 'REJECTED');
		const first = await maya.posts.newVersion({ postId: held.id });
		expect(first).toMatchObject({ botId: bot.id, handle: bot.handle, queued: true, jobId: expect.any(String) });
		const again = await Promise.all([maya.posts.newVersion({ postId: rejected.id }), admin.posts.newVersion({ postId: held.id })]);
		expect(again.map((r) => [r.queued, r.jobId])).toEqual([
			[false, first.jobId],
			[false, first.jobId]
		]);
		const jobs = await db.prisma.job.findMany({ where: { botId: bot.id } });
		expect(jobs).toHaveLength(1);
		expect(jobs[0]).toMatchObject({ type: 'GENERATE_POST', status: 'QUEUED', payload: { botId: bot.id } });
		// Once that job is done, a new request queues a new one.
		await db.prisma.job.update({ where: { id: first.jobId }, data: { status: 'SUCCEEDED' } });
		expect((await maya.posts.newVersion({ postId: held.id })).queued).toBe(true);
		// An archived or switched-off bot cannot: said clearly, nothing queued.
		await db.prisma.job.updateMany({ data: { status: 'SUCCEEDED' } });
		await db.prisma.bot.update({ where: { id: bot.id }, data: { archivedAt: new Date(), schedulingEnabled: false, nextPostAt: null } });
		await expect(maya.posts.newVersion({ postId: held.id })).rejects.toThrow(/archived/);
		await db.prisma.bot.update({ where: { id: bot.id }, data: { archivedAt: null, isActive: false } });
		await expect(maya.posts.newVersion({ postId: held.id })).rejects.toThrow(/switched off/);
		expect(await db.prisma.job.count({ where: { status: 'QUEUED' } })).toBe(0);
	});
});
