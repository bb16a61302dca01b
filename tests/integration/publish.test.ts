// The publish pipeline with the offline (local) providers, through the real queue.
import { existsSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { makeBot, makeUser } from '../helpers/factories.ts';
import { getJob } from '../helpers/jobs.ts';
import { resetEnvCache } from '../../src/lib/server/env.ts';
import { resolveMediaPath } from '../../src/lib/server/media/index.ts';
import { BotUnavailableError } from '../../src/lib/server/ai/publish.ts';
import { publishBotPost as generateAndPublish } from '../../src/lib/server/posting.ts';
import { createProviders } from '../../src/lib/server/ai/providers.ts';
import { enqueueJob } from '../../src/lib/server/jobs/enqueue.ts';
import { processJobs } from '../../src/lib/server/jobs/process.ts';
import { defaultRegistry } from '../../src/lib/server/jobs/index.ts';

let db: TestDatabase;
const providers = createProviders({});
beforeAll(async () => {
	process.env.RUDO_DATA_DIR = mkdtempSync(join(tmpdir(), 'rudo-media-'));
	resetEnvCache();
	db = await createTestDatabase();
});
afterAll(async () => db?.drop());
beforeEach(async () => db.truncate());

async function bot(over: Parameters<typeof makeBot>[2] = {}) {
	return makeBot(db, (await makeUser(db)).id, { tier: 'APEX', artStyle: 'CYBERPUNK', schedulingEnabled: true, nextPostAt: new Date(Date.now() - 1000), ...over });
}

describe('generateAndPublish (local providers)', () => {
	it('writes an approved image post with a real image file, its cost rows and the bot’s next slot', async () => {
		const b = await bot();
		const result = await generateAndPublish(db, b.id, { providers, postType: 'IMAGE', jobId: null });
		expect(result).toMatchObject({ created: true, status: 'APPROVED', published: true });
		const post = await db.prisma.post.findUniqueOrThrow({ where: { id: result.postId } });
		expect(post.caption.length).toBeGreaterThan(10);
		expect(post.tags.length).toBeGreaterThanOrEqual(3);
		expect(post.tags.length).toBeLessThanOrEqual(8);
		expect(post.publishedAt).toBeInstanceOf(Date);
		const file = resolveMediaPath(post.mediaUrl!);
		expect(existsSync(file)).toBe(true);
		const meta = await sharp(file).metadata();
		expect(meta.width).toBe(1024); // APEX renders 1024 px
		const usage = await db.prisma.usageEvent.findMany({ where: { postId: post.id } });
		expect(usage.map((u) => u.operation).sort()).toEqual(['caption', 'image', 'moderation', 'tags']);
		const after = await db.prisma.bot.findUniqueOrThrow({ where: { id: b.id } });
		expect(after.lastPostedAt).toEqual(post.createdAt);
		expect(after.nextPostAt!.getTime()).toBeGreaterThan(Date.now());
	});

	it('a video post stores the clip and its first frame, and records which provider served', async () => {
		const b = await bot();
		const result = await generateAndPublish(db, b.id, { providers, postType: 'VIDEO' });
		const post = await db.prisma.post.findUniqueOrThrow({ where: { id: result.postId } });
		expect(post.type).toBe('VIDEO');
		expect(post.mediaUrl).toMatch(/\.webp$/);
		expect(post.thumbnailUrl).toMatch(/\.(png|webp)$/);
		const meta = post.mediaMeta as { providers: { video: string; videoAttempts: { ok: boolean }[] }; durationSeconds: number };
		expect(meta.providers.video).toMatch(/^local:/);
		expect(meta.providers.videoAttempts[0].ok).toBe(true);
		// 5 or 10 s as the tier allows, within a frame's rounding.
		expect(Math.min(Math.abs(meta.durationSeconds - 5), Math.abs(meta.durationSeconds - 10))).toBeLessThan(0.1);
		const clip = await sharp(resolveMediaPath(post.mediaUrl!), { animated: true }).metadata();
		expect(clip.pages).toBeGreaterThan(1);
	});

	it('refuses a deactivated bot or a suspended owner with a clear error and writes nothing', async () => {
		const inactive = await bot({ isActive: false });
		await expect(generateAndPublish(db, inactive.id, { providers })).rejects.toThrow(BotUnavailableError);
		const owner = await makeUser(db, { status: 'SUSPENDED' });
		const orphan = await makeBot(db, owner.id);
		await expect(generateAndPublish(db, orphan.id, { providers })).rejects.toThrow(/owner .* is suspended/);
		await expect(generateAndPublish(db, 'no-such-bot', { providers })).rejects.toThrow(/does not exist/);
		expect(await db.prisma.post.count()).toBe(0);
	});

	it('the same job never writes two posts, even when two attempts race', async () => {
		const b = await bot();
		const jobId = (await enqueueJob(db.pool, { type: 'GENERATE_POST', botId: b.id, payload: { botId: b.id } }))!;
		const [a, c] = await Promise.all([
			generateAndPublish(db, b.id, { providers, jobId, postType: 'TEXT' }),
			generateAndPublish(db, b.id, { providers, jobId, postType: 'TEXT' })
		]);
		expect(a.postId).toBe(c.postId);
		expect([a.created, c.created].sort()).toEqual([false, true]);
		expect(await db.prisma.post.count({ where: { jobId } })).toBe(1);
		const again = await generateAndPublish(db, b.id, { providers, jobId });
		expect(again).toMatchObject({ postId: a.postId, created: false });
	});

	it('a crash between generation and the write leaves nothing, and the retry writes exactly one post', async () => {
		const b = await bot();
		const jobId = (await enqueueJob(db.pool, { type: 'GENERATE_POST', botId: b.id, payload: { botId: b.id } }))!;
		await expect(
			generateAndPublish(db, b.id, { providers, jobId, beforeWrite: () => Promise.reject(new Error('worker killed')) })
		).rejects.toThrow('worker killed');
		expect(await db.prisma.post.count()).toBe(0);
		await generateAndPublish(db, b.id, { providers, jobId });
		expect(await db.prisma.post.count({ where: { botId: b.id } })).toBe(1);
	});
});

describe('GENERATE_POST through the queue', () => {
	it('the job publishes a post, and a retry of a job whose post was written writes no second one', async () => {
		const b = await bot();
		const registry = defaultRegistry();
		const id = (await enqueueJob(db.pool, { type: 'GENERATE_POST', botId: b.id, payload: { botId: b.id } }))!;
		expect(await processJobs(db, registry)).toMatchObject({ processed: 1, succeeded: 1, failed: 0 });
		expect(await db.prisma.post.count({ where: { jobId: id } })).toBe(1);
		// The worker died after writing the post but before recording success: the rescuer puts
		// the job back (simulated here), and it runs again.
		await db.pool.query(`UPDATE jobs SET status = 'RETRY', "runAt" = now() - interval '1 second', "finishedAt" = NULL WHERE id = $1`, [id]);
		expect(await processJobs(db, registry)).toMatchObject({ processed: 1, succeeded: 1 });
		expect(await db.prisma.post.count({ where: { botId: b.id } })).toBe(1);
		expect((await getJob(db, id)).attempts).toBe(2);
	});

	it('a bot that cannot post fails its job permanently, with the reason, and moves its slot on', async () => {
		const b = await bot({ isActive: false });
		const id = (await enqueueJob(db.pool, { type: 'GENERATE_POST', botId: b.id, payload: { botId: b.id } }))!;
		await processJobs(db, defaultRegistry());
		const job = await getJob(db, id);
		expect(job).toMatchObject({ status: 'FAILED', attempts: 1 });
		expect(job.lastError).toMatch(/is deactivated/);
		expect((await db.prisma.bot.findUniqueOrThrow({ where: { id: b.id } })).nextPostAt!.getTime()).toBeGreaterThan(Date.now());
	});

	it('a SPARK bot asked for a video fails permanently: its tier cannot post video', async () => {
		const b = await bot({ tier: 'SPARK' });
		const id = (await enqueueJob(db.pool, { type: 'GENERATE_POST', botId: b.id, payload: { botId: b.id, postType: 'VIDEO' } }))!;
		await processJobs(db, defaultRegistry());
		expect(await getJob(db, id)).toMatchObject({ status: 'FAILED', lastError: 'Tier SPARK cannot post video' });
	});
});
