// Operating the queue (issue 11): pause honoured by every claimer, the worker registry, provider
// breakers that open and close, budgets that stop a job before it spends, trigger and replay, the
// cron record.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { getJob } from '../../helpers/jobs.ts';
import { makeBot, makeUser } from '../../helpers/factories.ts';
import { asSessionUser, callerAs, errorOf } from '../../helpers/trpc.ts';
import { resetEnvCache } from '../../../src/lib/server/env.ts';
import { resetProviders } from '../../../src/lib/server/ai/providers.ts';
import { claimJobs } from '../../../src/lib/server/jobs/claim.ts';
import { enqueueJob, enqueueJobs } from '../../../src/lib/server/jobs/enqueue.ts';
import { processJobs } from '../../../src/lib/server/jobs/process.ts';
import { runCronTick } from '../../../src/lib/server/jobs/cron.ts';
import { defineJob, type JobRegistry } from '../../../src/lib/server/jobs/registry.ts';
import { defaultRegistry } from '../../../src/lib/server/jobs/index.ts';
import { Worker } from '../../../src/lib/server/jobs/worker.ts';
import { pauseJobs, resumeJobs } from '../../../src/lib/server/ops/pause.ts';
import { BreakerBoard, guardProviders } from '../../../src/lib/server/ops/breakers.ts';
import { budgetGate, botBudgetStatus, nextUtcMidnight } from '../../../src/lib/server/ops/budgets.ts';
import { setSetting } from '../../../src/lib/server/ops/settings.ts';
import { listWorkers } from '../../../src/lib/server/ops/workers.ts';
import { ProviderError, type ProviderSet, type TextModel } from '../../../src/lib/server/ai/providers/types.ts';
import { createProviders } from '../../../src/lib/server/ai/providers.ts';
import { makeAgent } from '../../helpers/agent.ts';

let db: TestDatabase;
beforeAll(async () => {
	process.env.RUDO_DATA_DIR = mkdtempSync(join(tmpdir(), 'rudo-media-'));
	resetEnvCache();
	resetProviders();
	db = await createTestDatabase({ max: 6 });
});
afterAll(async () => db?.drop());
beforeEach(async () => db.truncate());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => Promise<boolean>, timeoutMs = 20_000) {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error('timed out');
		await sleep(25);
	}
}
const quiet = () => {};
const noop = (type: string): JobRegistry => ({ [type]: defineJob({ type, payload: z.object({}).passthrough(), handler: async () => {} }) });

describe('pause and resume', () => {
	it('a paused type is skipped by the claim itself: a long-running worker, processJobs (cron route, "Process a batch") and the cron tick', async () => {
		const registry = { ...noop('OPS_A'), ...noop('OPS_B') };
		await enqueueJobs(db.pool, [{ type: 'OPS_A' }, { type: 'OPS_B' }]);
		await pauseJobs(db.pool, 'OPS_A', 'Ada', 'provider maintenance');

		const statusOfA = async () => (await db.pool.query<{ status: string }>(`SELECT status FROM jobs WHERE type = 'OPS_A'`)).rows[0].status;
		expect((await processJobs(db, registry)).processed).toBe(1); // only OPS_B
		expect(await statusOfA()).toBe('QUEUED');
		expect((await runCronTick(db, registry)).worker.processed).toBe(0);
		const worker = new Worker({ db, registry, pollIntervalMs: 50, log: quiet });
		await worker.start();
		try {
			await sleep(400);
			expect(await statusOfA()).toBe('QUEUED');
			expect(await resumeJobs(db.pool, 'OPS_A')).toBe(true);
			await until(async () => (await statusOfA()) === 'SUCCEEDED'); // woken by the resume's NOTIFY or the poll
		} finally {
			await worker.stop();
		}
	});

	it('pausing the whole queue stops every claim; the pause records who and since when', async () => {
		await enqueueJob(db.pool, { type: 'OPS_A' });
		const pause = await pauseJobs(db.pool, '*', 'Ada');
		expect(pause).toMatchObject({ scope: '*', pausedBy: 'Ada' });
		expect(pause.pausedAt).toBeInstanceOf(Date);
		expect(await claimJobs(db.pool, 'w', 10)).toEqual([]);
		await resumeJobs(db.pool, '*');
		expect(await claimJobs(db.pool, 'w', 10)).toHaveLength(1);
	});

	it('only admins pause, through the router; health shows the pause and warns', async () => {
		const admin = callerAs(db, asSessionUser(await makeUser(db, { role: 'ADMIN', name: 'Ada' })));
		const creator = callerAs(db, asSessionUser(await makeUser(db)));
		expect((await errorOf(creator.ops.pause({ scope: '*' }))).code).toBe('FORBIDDEN');
		expect((await errorOf(admin.ops.pause({ scope: 'not a type' }))).code).toBe('BAD_REQUEST');
		await admin.ops.pause({ scope: 'GENERATE_POST', reason: 'fal outage' });
		const health = await admin.queue.stats();
		expect(health.pauses).toMatchObject([{ scope: 'GENERATE_POST', pausedBy: 'Ada', reason: 'fal outage' }]);
		expect(health.warnings.map((w) => w.kind)).toContain('paused');
		expect(await admin.ops.resume({ scope: 'GENERATE_POST' })).toEqual({ resumed: true });
	});
});

describe('workers page', () => {
	it('lists a live worker with what it holds and when each job would be rescued; marks it stopped after stop()', async () => {
		let release!: () => void;
		const gate = new Promise<void>((r) => (release = r));
		const registry: JobRegistry = { OPS_SLOW: defineJob({ type: 'OPS_SLOW', payload: z.object({}), handler: () => gate }) };
		const id = (await enqueueJob(db.pool, { type: 'OPS_SLOW' }))!;
		const worker = new Worker({ db, registry, pollIntervalMs: 50, leaseMs: 3_000, workerId: 'page-worker', log: quiet });
		await worker.start();
		await until(async () => (await getJob(db, id)).status === 'RUNNING');
		const [live] = await listWorkers(db.pool);
		expect(live).toMatchObject({ id: 'page-worker', kind: 'process', state: 'alive', concurrency: 10, types: ['OPS_SLOW'], leaseMs: 3_000 });
		expect(live.pid).toBe(process.pid);
		expect(live.jobs.map((j) => j.id)).toEqual([id]);
		expect(live.jobs[0].leaseExpiresAt!.getTime()).toBeGreaterThan(Date.now());
		release();
		await worker.stop();
		const [stopped] = await listWorkers(db.pool);
		expect(stopped).toMatchObject({ id: 'page-worker', state: 'stopped', jobs: [] });
	});

	it('a worker that stopped heartbeating is marked silent', async () => {
		await db.pool.query(
			`INSERT INTO queue_workers (id, kind, host, pid, version, concurrency, types, "leaseMs", "lastHeartbeatAt") VALUES ('gone', 'process', 'h', 1, 'v', 1, '{X}', 30000, now() - interval '5 minutes')`
		);
		expect((await listWorkers(db.pool))[0]).toMatchObject({ id: 'gone', state: 'silent' });
	});
});

describe('provider breakers', () => {
	function flakyText(behaviour: () => Promise<unknown>): TextModel & { calls: number } {
		const model = {
			provider: 'openai',
			model: 'gpt-test',
			supportsImages: false,
			calls: 0,
			async generateJson() {
				model.calls++;
				return (await behaviour()) as never;
			}
		};
		return model;
	}
	const set = (text: TextModel): ProviderSet => ({ ...createProviders({}), text });

	it('opens after N failures in a row, refuses calls fast while open, and closes at its time or when resumed', async () => {
		let now = Date.now();
		const board = new BreakerBoard(db.pool, { failureThreshold: 3, cooldownMs: 60_000, quotaPauseMs: 3_600_000, minRateLimitPauseMs: 1_000, maxRateLimitPauseMs: 3_600_000 }, { refreshMs: 0, now: () => now });
		const model = flakyText(async () => {
			throw new ProviderError('upstream 503', { provider: 'openai', model: 'gpt-test', kind: 'server', retryable: true });
		});
		const guarded = guardProviders(set(model), board).text;
		const call = () => guarded.generateJson({} as never).catch((e: ProviderError) => e);
		for (let i = 0; i < 3; i++) expect(await call()).toMatchObject({ kind: 'server' });
		expect(await board.openFor('openai', 'gpt-test')).toMatchObject({ reason: expect.stringMatching(/3 failures in a row/) });
		const paused = await call();
		expect(paused).toMatchObject({ kind: 'paused', retryable: true });
		expect(model.calls).toBe(3); // not called while open

		now += 61_000; // past openUntil: closed again, the next call goes through
		expect(await board.openFor('openai', 'gpt-test')).toBeNull();
		await call();
		expect(model.calls).toBe(4);

		await board.recordFailure('openai', 'gpt-test', new ProviderError('429', { provider: 'openai', model: 'gpt-test', kind: 'rate_limit', retryable: true, retryAfterMs: 30_000 }));
		const open = await board.openFor('openai', 'gpt-test');
		expect(open!.until.getTime() - now).toBeGreaterThanOrEqual(29_000);
		expect(await board.resume('openai', 'gpt-test', 'Ada')).toBe(true);
		expect(await board.openFor('openai', 'gpt-test')).toBeNull();
	});

	it('quota exhausted pauses at once; a success ends a failure streak', async () => {
		const board = new BreakerBoard(db.pool, undefined, { refreshMs: 0 });
		await board.recordFailure('fal', 'flux', new ProviderError('x', { provider: 'fal', model: 'flux', kind: 'server', retryable: true }));
		await board.recordSuccess('fal', 'flux');
		const { rows } = await db.pool.query(`SELECT "consecutiveFailures" FROM provider_breakers WHERE provider = 'fal'`);
		expect(rows[0].consecutiveFailures).toBe(0);
		await board.recordFailure('openai', 'm', new ProviderError('out of quota', { provider: 'openai', model: 'm', kind: 'quota', retryable: false }));
		expect(await board.openFor('openai', 'm')).toMatchObject({ reason: expect.stringMatching(/^Out of quota/) });
	});

	it('the video chain passes over a paused provider to the next one', async () => {
		const { generateVideo } = await import('../../../src/lib/server/ai/video.ts');
		const board = new BreakerBoard(db.pool, undefined, { refreshMs: 0 });
		await board.recordFailure('fal', 'kling', new ProviderError('quota', { provider: 'fal', model: 'kling', kind: 'quota', retryable: false }));
		let klingCalls = 0;
		const local = createProviders({}).videoChain[0];
		const kling = { provider: 'fal', model: 'kling', name: 'kling', imageToVideo: async () => (klingCalls++, local.imageToVideo as never) } as never;
		const chain = guardProviders({ ...createProviders({}), videoChain: [kling, local] }, board).videoChain;
		const image = await createProviders({}).image.generateImage({ prompt: 'a cat', style: 'CARTOON', palette: ['#112233'], seed: 1, width: 256, height: 256 });
		const result = await generateVideo({ bytes: image.bytes, contentType: image.contentType }, 'a cat', 2, chain, { seed: 1 });
		expect(klingCalls).toBe(0);
		expect(result.attempts[0]).toMatchObject({ name: 'kling', ok: false, skipped: true });
		expect(result.clip.provider).toBe('local');
	}, 60_000);

	it('a post job whose text provider is paused waits without spending an attempt, the reason on the job', async () => {
		// The default providers are local; pause a remote-looking text model by giving the job a
		// guarded set through the breaker table: the gate reads the same board.
		process.env.OPENAI_API_KEY = 'sk-test';
		process.env.OPENAI_BASE_URL = 'http://127.0.0.1:9/v1';
		resetEnvCache();
		resetProviders();
		try {
			const bot = await makeBot(db, (await makeUser(db)).id);
			await db.pool.query(
				`INSERT INTO provider_breakers (provider, model, "openUntil", reason, "openedAt") VALUES ('openai', 'gpt-4o-mini', now() + interval '10 minutes', 'Out of quota: test', now())`
			);
			const id = (await enqueueJob(db.pool, { type: 'GENERATE_POST', botId: bot.id, payload: { botId: bot.id } }))!;
			await processJobs(db, defaultRegistry());
			const job = await getJob(db, id);
			expect(job).toMatchObject({ status: 'QUEUED', attempts: 0 });
			expect((job as unknown as { waitReason: string }).waitReason).toMatch(/Waiting for openai gpt-4o-mini: Out of quota/);
			expect(job.runAt.getTime()).toBeGreaterThan(Date.now() + 9 * 60_000);
		} finally {
			delete process.env.OPENAI_API_KEY;
			delete process.env.OPENAI_BASE_URL;
			resetEnvCache();
			resetProviders();
		}
	});
});

describe('budgets', () => {
	async function spend(botId: string | null, usd: number) {
		await db.pool.query(`INSERT INTO usage_events (id, provider, model, operation, "costUsd", "botId") VALUES (gen_random_uuid()::text, 'fal', 'flux', 'image', $1, $2)`, [usd, botId]);
	}

	it('a bot over its daily budget: its post job waits until midnight UTC before spending anything, the reason on the job and the bot', async () => {
		const bot = await makeBot(db, (await makeUser(db)).id);
		await db.pool.query(`UPDATE bots SET "dailyBudgetUsd" = 0.50 WHERE id = $1`, [bot.id]);
		await spend(bot.id, 0.5);
		const id = (await enqueueJob(db.pool, { type: 'GENERATE_POST', botId: bot.id, payload: { botId: bot.id } }))!;
		await processJobs(db, defaultRegistry());
		const job = await getJob(db, id);
		expect(job).toMatchObject({ status: 'QUEUED', attempts: 0 });
		expect((job as unknown as { waitReason: string }).waitReason).toMatch(/Over budget: @\w+ has spent \$0\.50 of its \$0\.50 daily budget/);
		expect(Math.abs(job.runAt.getTime() - nextUtcMidnight().getTime())).toBeLessThan(2_000);
		// Nothing was spent by the job.
		const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM usage_events WHERE "jobId" = $1`, [id]);
		expect(rows[0].n).toBe(0);
		const status = await botBudgetStatus(db.pool, bot.id);
		expect(status).toMatchObject({ budgetUsd: 0.5, spentTodayUsd: 0.5, blocked: { reason: expect.stringMatching(/Over budget/) } });
	});

	it('an agent over its budget: its cycle and reflection jobs wait until midnight UTC, deciding and spending nothing', async () => {
		const agent = await makeAgent(db);
		await db.pool.query(`UPDATE bots SET "dailyBudgetUsd" = 0.10 WHERE id = $1`, [agent.id]);
		await spend(agent.id, 0.25);
		const ids = await enqueueJobs(db.pool, [
			{ type: 'BOT_CYCLE', botId: agent.id, key: `bot-cycle:${agent.id}`, payload: { botId: agent.id } },
			{ type: 'BOT_REFLECT', botId: agent.id, payload: { botId: agent.id } }
		]);
		await processJobs(db, defaultRegistry());
		for (const id of ids) {
			const job = await getJob(db, id);
			expect(job).toMatchObject({ status: 'QUEUED', attempts: 0 });
			expect((job as unknown as { waitReason: string }).waitReason).toMatch(/Over budget: @\w+ has spent \$0\.25 of its \$0\.10 daily budget/);
			expect(Math.abs(job.runAt.getTime() - nextUtcMidnight().getTime())).toBeLessThan(2_000);
		}
		const cycles = await db.pool.query(`SELECT count(*)::int AS n FROM agent_cycles WHERE "botId" = $1`, [agent.id]);
		expect(cycles.rows[0].n).toBe(0);
		const spent = await db.pool.query(`SELECT count(*)::int AS n FROM usage_events WHERE "jobId" = ANY($1::uuid[])`, [ids]);
		expect(spent.rows[0].n).toBe(0);
	});

	it('an agent whose embedding model is paused: its cycle waits for it without spending an attempt', async () => {
		process.env.OPENAI_API_KEY = 'sk-test';
		process.env.OPENAI_BASE_URL = 'http://127.0.0.1:9/v1';
		resetEnvCache();
		resetProviders();
		try {
			const agent = await makeAgent(db);
			const embedding = createProviders({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' }).embedding;
			expect(embedding.provider).toBe('openai');
			await db.pool.query(
				`INSERT INTO provider_breakers (provider, model, "openUntil", reason, "openedAt") VALUES ($1, $2, now() + interval '5 minutes', 'Rate limited: test', now())`,
				[embedding.provider, embedding.model]
			);
			const id = (await enqueueJob(db.pool, { type: 'BOT_CYCLE', botId: agent.id, key: `bot-cycle:${agent.id}`, payload: { botId: agent.id } }))!;
			await processJobs(db, defaultRegistry());
			const job = await getJob(db, id);
			expect(job).toMatchObject({ status: 'QUEUED', attempts: 0 });
			expect((job as unknown as { waitReason: string }).waitReason).toMatch(new RegExp(`Waiting for openai ${embedding.model}: Rate limited`));
		} finally {
			delete process.env.OPENAI_API_KEY;
			delete process.env.OPENAI_BASE_URL;
			resetEnvCache();
			resetProviders();
		}
	});

	it('the global cap holds every bot; the admins’ maximum caps what a creator may set', async () => {
		const owner = await makeUser(db);
		const bot = await makeBot(db, owner.id);
		await setSetting(db.pool, 'budget.globalDailyUsd', 1);
		await spend(null, 1.2);
		const wait = await budgetGate<{ botId: string }>()({ botId: bot.id }, { db } as never);
		expect(wait?.reason).toMatch(/Over the global cap/);
		// Crew comments are written for many bots in one job: the global cap holds that job too.
		const crew = (await enqueueJob(db.pool, { type: 'CREW_COMMENT', key: 'crew-comment', payload: {} }))!;
		await processJobs(db, defaultRegistry());
		const held = await getJob(db, crew);
		expect(held).toMatchObject({ status: 'QUEUED', attempts: 0 });
		expect((held as unknown as { waitReason: string }).waitReason).toMatch(/Over the global cap: all bots have spent \$1\.20 of the \$1\.00 daily cap/);

		const creator = callerAs(db, asSessionUser(owner));
		expect((await errorOf(creator.ops.setBotBudget({ botId: bot.id, dailyBudgetUsd: 50 }))).message).toMatch(/most a bot may spend per day is \$5\.00/);
		expect(await creator.ops.setBotBudget({ botId: bot.id, dailyBudgetUsd: 2.5 })).toMatchObject({ budgetUsd: 2.5, ownBudgetUsd: 2.5 });
		const stranger = callerAs(db, asSessionUser(await makeUser(db)));
		expect((await errorOf(stranger.ops.botBudget({ botId: bot.id }))).code).toBe('NOT_FOUND');
	});
});

describe('trigger and replay', () => {
	it('admins start any registered type from its schema; bad payloads are refused naming the field; a finished job replays as a new one', async () => {
		const admin = callerAs(db, asSessionUser(await makeUser(db, { role: 'ADMIN' })));
		const bot = await makeBot(db, (await makeUser(db)).id);
		const types = await admin.ops.jobTypes();
		const post = types.find((t) => t.type === 'GENERATE_POST')!;
		expect(post.payloadSchema).toMatchObject({ properties: { botId: { type: 'string' }, postType: { enum: ['TEXT', 'IMAGE', 'VIDEO'] } }, required: ['botId'] });

		const bad = await errorOf(admin.ops.trigger({ type: 'GENERATE_POST', payload: { postType: 'GIF' } }));
		expect(bad.code).toBe('BAD_REQUEST');
		expect(bad.message).toMatch(/botId/);
		expect((await errorOf(admin.ops.trigger({ type: 'NO_SUCH_TYPE', payload: {} }))).code).toBe('BAD_REQUEST');

		const { jobId } = await admin.ops.trigger({ type: 'GENERATE_POST', payload: { botId: bot.id, postType: 'TEXT' }, priority: -5 });
		expect(await getJob(db, jobId!)).toMatchObject({ type: 'GENERATE_POST', botId: bot.id, payload: { botId: bot.id, postType: 'TEXT' }, status: 'QUEUED' });
		// A second one while the first is pending is a duplicate: not started.
		expect(await admin.ops.trigger({ type: 'GENERATE_POST', payload: { botId: bot.id } })).toEqual({ jobId: null });

		await db.pool.query(`UPDATE jobs SET status = 'SUCCEEDED', "finishedAt" = now() WHERE id = $1`, [jobId]);
		const replay = await admin.ops.replay({ id: jobId! });
		expect(replay.jobId).not.toBe(jobId);
		expect(await getJob(db, replay.jobId!)).toMatchObject({ type: 'GENERATE_POST', payload: { botId: bot.id, postType: 'TEXT' }, status: 'QUEUED', attempts: 0 });
	});

	it('agent jobs started or replayed by hand carry their type’s key: one pending cycle, reflection or reply per bot', async () => {
		const admin = callerAs(db, asSessionUser(await makeUser(db, { role: 'ADMIN' })));
		const agent = await makeAgent(db);
		const cycle = await admin.ops.trigger({ type: 'BOT_CYCLE', payload: { botId: agent.id } });
		expect(await getJob(db, cycle.jobId!)).toMatchObject({ type: 'BOT_CYCLE', botId: agent.id, key: `bot-cycle:${agent.id}`, status: 'QUEUED' });
		// The scheduler's own cycle for the bot is the same pending job, not a second one.
		expect(await admin.ops.trigger({ type: 'BOT_CYCLE', payload: { botId: agent.id } })).toEqual({ jobId: null });

		const reflect = await admin.ops.trigger({ type: 'BOT_REFLECT', payload: { botId: agent.id } });
		expect(await getJob(db, reflect.jobId!)).toMatchObject({ key: `reflect:${agent.id}` });
		expect(await admin.ops.trigger({ type: 'BOT_REFLECT', payload: { botId: agent.id } })).toEqual({ jobId: null });

		// Replaying a finished cycle while none is pending makes a new, keyed one.
		await db.pool.query(`UPDATE jobs SET status = 'SUCCEEDED', "finishedAt" = now() WHERE id = $1`, [cycle.jobId]);
		const again = await admin.ops.replay({ id: cycle.jobId! });
		expect(again.jobId).not.toBeNull();
		expect(await getJob(db, again.jobId!)).toMatchObject({ type: 'BOT_CYCLE', key: `bot-cycle:${agent.id}`, status: 'QUEUED', attempts: 0 });
		expect(await admin.ops.replay({ id: cycle.jobId! })).toEqual({ jobId: null });
	});
});

describe('cron record', () => {
	it('records each tick with its result; the view warns when none arrived for two intervals', async () => {
		const admin = callerAs(db, asSessionUser(await makeUser(db, { role: 'ADMIN' })));
		expect((await admin.ops.cron()).warning).toMatch(/No cron tick has run yet/);
		await admin.queue.runCron({ limit: 1 });
		const view = await admin.ops.cron();
		expect(view.warning).toBeNull();
		expect(view.runs[0]).toMatchObject({ source: 'admin', ok: true, result: { success: true } });
		await db.pool.query(`UPDATE cron_runs SET "startedAt" = now() - interval '10 minutes'`);
		expect((await admin.ops.cron()).warning).toMatch(/No cron tick for 10 min/);
	});
});
