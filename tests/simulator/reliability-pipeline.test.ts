// Issue 8's provider-side failing inputs through the real SDKs and the real queue: hostile text
// from the model, a post write that fails, an account out of quota or with a bad key, and a model
// that keeps saying the same thing.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { makeBot, makeUser } from '../helpers/factories.ts';
import { getJob } from '../helpers/jobs.ts';
import { resetEnvCache } from '../../src/lib/server/env.ts';
import { resetProviders } from '../../src/lib/server/ai/providers.ts';
import { OpenAiTextModel } from '../../src/lib/server/ai/providers/openai/index.ts';
import { ProviderError } from '../../src/lib/server/ai/providers/types.ts';
import { enqueueJob } from '../../src/lib/server/jobs/enqueue.ts';
import { processJobs } from '../../src/lib/server/jobs/process.ts';
import { defaultRegistry } from '../../src/lib/server/jobs/index.ts';
import { SIM_KEYS, startSimulator, type Simulator } from './server.ts';
import { z } from 'zod';

let db: TestDatabase;
let sim: Simulator;
const saved = { ...process.env };
beforeAll(async () => {
	sim = await startSimulator();
	Object.assign(process.env, sim.env(), { RUDO_DATA_DIR: mkdtempSync(join(tmpdir(), 'rudo-media-')) });
	resetEnvCache();
	resetProviders();
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
	await db.pool.query(`DROP TRIGGER IF EXISTS refuse_posts ON posts`);
});

async function postJob(postType: 'TEXT' | 'IMAGE' = 'TEXT', botId?: string) {
	const id = botId ?? (await makeBot(db, (await makeUser(db)).id, { tier: 'APEX' })).id;
	const jobId = (await enqueueJob(db.pool, { type: 'GENERATE_POST', botId: id, payload: { botId: id, postType } }))!;
	const summary = await processJobs(db, defaultRegistry());
	return { botId: id, jobId, summary, job: await getJob(db, jobId), posts: await db.prisma.post.findMany({ where: { botId: id }, orderBy: { createdAt: 'asc' } }) };
}

describe('2. hostile text from the model', () => {
	it('a caption with NUL and a lone surrogate is cleaned before it is stored, and the post publishes', async () => {
		sim.setChatResponse('rudo_caption', { caption: 'night \u0000market\ud800 glow', mood: 'calm\u0000', hook: 'lanterns' });
		const { job, posts } = await postJob();
		expect(job.status).toBe('SUCCEEDED');
		expect(posts[0].caption).toBe('night market glow');
		expect(posts[0].publishedAt).toBeInstanceOf(Date);
	});

	it('when the post write fails: the spend stays in the ledger and lastError is one readable line', async () => {
		await db.pool.query(`CREATE OR REPLACE FUNCTION refuse_posts() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'posts are read-only today'; END $$`);
		await db.pool.query(`CREATE TRIGGER refuse_posts BEFORE INSERT ON posts FOR EACH ROW EXECUTE FUNCTION refuse_posts()`);
		const { job, posts } = await postJob();
		expect(posts).toEqual([]);
		expect(job.status).toBe('RETRY');
		expect(job.lastError).not.toMatch(/\n/);
		expect(job.lastError).toMatch(/post\.create\(\) failed: .*posts are read-only today/);
		expect(job.errors[0].stack).toMatch(/Invalid `tx\.post\.create\(\)` invocation/);
		const usage = await db.prisma.usageEvent.findMany({ where: { jobId: job.id } });
		expect(usage.map((u) => u.operation).sort()).toEqual(['caption', 'moderation', 'tags']);
		expect(usage.every((u) => u.postId === null)).toBe(true);
	});
});

describe('7. an account out of quota, a bad key, no access', () => {
	const model = () => new OpenAiTextModel({ apiKey: SIM_KEYS.openai, baseURL: sim.openaiBaseUrl, model: 'gpt-4o-mini', timeoutMs: 5_000, maxRetries: 2 });
	const request = { operation: 'caption' as const, system: 's', user: 'u', schemaName: 'x', jsonSchema: { type: 'object', properties: {}, required: [], additionalProperties: false }, schema: z.object({}), task: { kind: 'character-analysis' as const, image: { bytes: Buffer.from(''), contentType: 'image/png' } } };

	it('insufficient_quota is one request, a permanent error that says what to do', async () => {
		sim.setFault('openai.chat', { type: 'quota' });
		const error = await model().generateJson(request).catch((e) => e);
		expect(error).toBeInstanceOf(ProviderError);
		expect(error).toMatchObject({ kind: 'quota', retryable: false, status: 429 });
		expect(error.message).toMatch(/out of quota.*billing/);
		expect(sim.requestsFor('openai.chat')).toHaveLength(1);
	});

	it('401 and 403 fail at once and name the setting to fix', async () => {
		sim.setFault('openai.chat', { type: 'auth', status: 401 }, { times: 1 });
		const bad = await model().generateJson(request).catch((e) => e);
		expect(bad).toMatchObject({ kind: 'auth', retryable: false, status: 401 });
		expect(bad.message).toMatch(/OPENAI_API_KEY/);
		sim.setFault('openai.chat', { type: 'auth', status: 403 }, { times: 1 });
		const denied = await model().generateJson(request).catch((e) => e);
		expect(denied).toMatchObject({ kind: 'auth', retryable: false, status: 403 });
		expect(denied.message).toMatch(/OPENAI_MODEL/);
		expect(sim.requestsFor('openai.chat')).toHaveLength(2);
	});

	it('a post job out of quota FAILS on its first attempt with that message (no 15 requests, no backoff)', async () => {
		sim.setFault('openai.chat', { type: 'quota' });
		const { job, summary } = await postJob();
		expect(summary.failed).toBe(1);
		expect(job).toMatchObject({ status: 'FAILED', attempts: 1 });
		expect(job.lastError).toMatch(/out of quota/);
		expect(sim.requestsFor('openai.chat')).toHaveLength(1);
	});
});

describe('9. a model that keeps saying the same thing', () => {
	it('the first post publishes; a repeat is asked for again once, then held for review', async () => {
		sim.setChatResponse('rudo_caption', { caption: 'Same old sunrise, same old me.', mood: 'flat', hook: 'sunrise' });
		const first = await postJob();
		expect(first.posts[0]).toMatchObject({ moderationStatus: 'APPROVED' });
		const captionsBefore = sim.requests.filter((r) => (r.body as { response_format?: { json_schema?: { name?: string } } })?.response_format?.json_schema?.name === 'rudo_caption').length;
		expect(captionsBefore).toBe(1);

		const second = await postJob('TEXT', first.botId);
		const captionRequests = sim.requests.filter((r) => (r.body as { response_format?: { json_schema?: { name?: string } } })?.response_format?.json_schema?.name === 'rudo_caption');
		expect(captionRequests).toHaveLength(3); // one for the first post, two for the second
		expect(second.posts).toHaveLength(2);
		expect(second.posts[1]).toMatchObject({ moderationStatus: 'REVIEW', publishedAt: null });
		expect(second.posts[1].moderationReason).toMatch(/repeats one of the bot’s recent captions/);
	});

	it('a second try that says something new is published', async () => {
		let n = 0;
		sim.setChatResponse('rudo_caption', () => ({ caption: n++ < 2 ? 'Same old sunrise, same old me.' : 'Rain on the tin roof, finally.', mood: 'calm', hook: 'rain' }));
		const first = await postJob();
		const second = await postJob('TEXT', first.botId);
		expect(second.posts[1]).toMatchObject({ caption: 'Rain on the tin roof, finally.', moderationStatus: 'APPROVED' });
	});
});
