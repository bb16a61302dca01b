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
