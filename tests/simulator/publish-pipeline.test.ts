// The whole GENERATE_POST job through the queue, with every provider on its official SDK talking
// to the simulator: moderation verdicts, video fallbacks exhausted, malformed model output, and
// the cost ledger for calls billed before a failure.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { makeBot, makeUser } from '../helpers/factories.ts';
import { getJob } from '../helpers/jobs.ts';
import { resetEnvCache } from '../../src/lib/server/env.ts';
import { resetProviders } from '../../src/lib/server/ai/providers.ts';
import { enqueueJob } from '../../src/lib/server/jobs/enqueue.ts';
import { processJobs } from '../../src/lib/server/jobs/process.ts';
import { defaultRegistry } from '../../src/lib/server/jobs/index.ts';
import { startSimulator, type Simulator } from './server.ts';

let db: TestDatabase;
let sim: Simulator;
const saved = { ...process.env };
beforeAll(async () => {
	sim = await startSimulator();
	Object.assign(process.env, sim.env(), { RUDO_DATA_DIR: mkdtempSync(join(tmpdir(), 'rudo-media-')) });
	resetEnvCache();
	resetProviders(); // the job handler builds its providers from process.env: all simulated now
	db = await createTestDatabase();
});
afterAll(async () => {
	process.env = { ...saved };
	resetEnvCache();
	resetProviders();
	await db?.drop();
	await sim?.close();
});
beforeEach(async () => {
	sim.reset();
	await db.truncate();
});

async function runPostJob(postType: 'TEXT' | 'IMAGE' | 'VIDEO') {
	const bot = await makeBot(db, (await makeUser(db)).id, { tier: 'APEX', artStyle: 'ANIME' });
	const id = (await enqueueJob(db.pool, { type: 'GENERATE_POST', botId: bot.id, payload: { botId: bot.id, postType } }))!;
	const summary = await processJobs(db, defaultRegistry());
	return { bot, id, summary, job: await getJob(db, id), posts: await db.prisma.post.findMany({ where: { botId: bot.id } }) };
}

describe('a post through the real SDKs', () => {
	it('publishes an approved image post and bills every call to the job and the post', async () => {
		const { job, posts } = await runPostJob('IMAGE');
		expect(job.status).toBe('SUCCEEDED');
		expect(posts).toHaveLength(1);
		expect(posts[0]).toMatchObject({ type: 'IMAGE', moderationStatus: 'APPROVED' });
		expect(posts[0].publishedAt).toBeInstanceOf(Date);
		const usage = await db.prisma.usageEvent.findMany({ where: { jobId: job.id } });
		expect(usage.every((u) => u.postId === posts[0].id)).toBe(true);
		expect(usage.map((u) => `${u.provider}:${u.operation}`).sort()).toEqual(['fal:image', 'openai:caption', 'openai:moderation', 'openai:tags']);
		expect(usage.find((u) => u.operation === 'image')!.costUsd.toNumber()).toBeGreaterThan(0);
	});

	it('content flagged over the reject threshold is stored as REJECTED and never published', async () => {
		sim.setFault('openai.moderations', { type: 'flagged', category: 'violence', score: 0.95 });
		const { job, posts } = await runPostJob('TEXT');
		expect(job.status).toBe('SUCCEEDED'); // the job did its work: the verdict is the result
		expect(posts).toHaveLength(1);
		expect(posts[0]).toMatchObject({ moderationStatus: 'REJECTED', publishedAt: null });
		expect(posts[0].moderationReason).toMatch(/violence 0\.95 ≥ reject threshold/);
	});

	it('content over the review threshold is held for an admin, not published', async () => {
		sim.setFault('openai.moderations', { type: 'flagged', category: 'violence', score: 0.6 });
		const { posts } = await runPostJob('IMAGE');
		expect(posts[0]).toMatchObject({ moderationStatus: 'REVIEW', publishedAt: null });
	});

	it('every video provider failing fails the job with a clear error, retried later, and no post', async () => {
		sim.setFault('fal.kling', { type: 'server-error', status: 500 }, { times: 99 });
		sim.setFault('fal.minimax', { type: 'job-failed', message: 'no capacity' }, { times: 99 });
		sim.setFault('runway.create', { type: 'server-error', status: 503 }, { times: 99 });
		const { job, posts, summary } = await runPostJob('VIDEO');
		expect(summary.failed).toBe(1);
		expect(job.status).toBe('RETRY');
		expect(job.runAt.getTime()).toBeGreaterThan(Date.now() + 20_000); // backoff: ~30 s
		expect(job.lastError).toMatch(/Every video provider failed \(kling: .*; minimax: .*no capacity.*; runway: .*\)/);
		expect(posts).toHaveLength(0);
		// The caption, tags and image were billed before video failed: the ledger keeps them.
		const usage = await db.prisma.usageEvent.findMany({ where: { jobId: job.id } });
		expect(usage.map((u) => u.operation)).toEqual(expect.arrayContaining(['caption', 'image']));
		expect(usage.every((u) => u.postId === null)).toBe(true);
	}, 60_000);

	it('malformed model JSON is asked again, then fails the job clearly', async () => {
		sim.setFault('openai.chat:rudo_caption', { type: 'malformed' }, { times: 10 });
		const { job, posts } = await runPostJob('TEXT');
		expect(job.status).toBe('RETRY');
		expect(job.lastError).toMatch(/JSON/i);
		expect(sim.requestsFor('openai.chat').length).toBe(3); // the caption, asked three times
		expect(posts).toHaveLength(0);
	});
});
