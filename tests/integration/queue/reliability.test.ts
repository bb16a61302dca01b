// Issue 8's failing inputs, each with the right behaviour asserted: hostile error text, sibling
// jobs in a failing batch, the backoff cap, retries that would duplicate a pending job, cancels
// of due bots, LISTEN reconnects, registry defaults, pool pressure, priority ageing, shutdown
// timeouts, completion inside the handler's transaction and the database's time zone.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { z } from 'zod';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { getJob, recordingRegistry, statusCounts } from '../../helpers/jobs.ts';
import { makeBot, makeUser } from '../../helpers/factories.ts';
import { callerAs, asSessionUser } from '../../helpers/trpc.ts';
import { createDb, type Db } from '../../../src/lib/server/db/client.ts';
import { claimJobs, failJob, rescueExpiredJobs } from '../../../src/lib/server/jobs/claim.ts';
import { enqueueJob, enqueueJobs } from '../../../src/lib/server/jobs/enqueue.ts';
import { processJobs } from '../../../src/lib/server/jobs/process.ts';
import { Worker } from '../../../src/lib/server/jobs/worker.ts';
import { defineJob, type JobContext, type JobRegistry } from '../../../src/lib/server/jobs/registry.ts';
import { defaultRegistry } from '../../../src/lib/server/jobs/index.ts';
import { MAX_RETRY_DELAY_MS } from '../../../src/lib/server/jobs/backoff.ts';
import { bulkRetry, cancelJobs, retryJobs } from '../../../src/lib/server/jobs/admin.ts';
import { enqueueScheduledBots } from '../../../src/lib/server/scheduler.ts';
import { prismaQueryable } from '../../../src/lib/server/jobs/types.ts';
import { JOB_TYPES } from '../../../src/lib/schemas/enums.ts';

let db: TestDatabase;
beforeAll(async () => {
	db = await createTestDatabase({ max: 8 });
	await db.pool.query(`CREATE TABLE effects (job_id uuid NOT NULL, attempt int NOT NULL, at timestamptz NOT NULL DEFAULT now())`);
});
afterAll(async () => db?.drop());
beforeEach(async () => {
	await db.truncate();
	await db.pool.query('TRUNCATE effects');
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => Promise<boolean>, timeoutMs = 30_000, what = 'condition') {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await sleep(25);
	}
}
const quiet = () => {};

/** A registry with one test type whose handler does what the test says. */
function testRegistry(handler: (payload: { n?: number; fail?: string; holdMs?: number }, ctx: JobContext) => Promise<void>): JobRegistry {
	return {
		TEST_JOB: defineJob({ type: 'TEST_JOB', payload: z.object({ n: z.number().optional(), fail: z.string().optional(), holdMs: z.number().optional() }), handler })
	};
}

describe('1. hostile error text', () => {
	it('a handler error with NUL is stored without it; the batch goes on and the sibling finishes once', async () => {
		let siblingRuns = 0;
		const registry = testRegistry(async (p) => {
			if (p.fail) throw new Error(p.fail);
			siblingRuns++;
			await sleep(1_200); // four leases of 300 ms: only renewals keep it ours
		});
		const [bad, sibling] = await enqueueJobs(db.pool, [
			{ type: 'TEST_JOB', payload: { fail: 'provider said \u0000 no\u0000\nsecond line' } },
			{ type: 'TEST_JOB', payload: { n: 1 } }
		]);
		// A rescuer running all the while must find nothing to rescue.
		let rescuing = true;
		const rescued: string[] = [];
		const rescuer = (async () => {
			while (rescuing) {
				rescued.push(...(await rescueExpiredJobs(db.pool)).map((r) => r.id));
				await sleep(50);
			}
		})();
		const summary = await processJobs(db, registry, { limit: 10, leaseMs: 300 });
		rescuing = false;
		await rescuer;

		expect(summary).toMatchObject({ processed: 2, succeeded: 1, failed: 1 });
		expect(summary.errors[0].message).toBe('provider said no second line');
		const row = await getJob(db, bad);
		expect(row.status).toBe('RETRY');
		expect(row.lastError).toBe('provider said no second line');
		expect(row.errors[0].message).not.toContain('\u0000');
		expect(row.errors[0].stack).toContain('provider said');
		expect((await getJob(db, sibling)).status).toBe('SUCCEEDED');
		expect(siblingRuns).toBe(1);
		expect(rescued).toEqual([]);
	});

	it('the long-running worker records the real error too (not "Lease expired")', async () => {
		const registry = testRegistry(async () => {
			throw new Error('bad \u0000 bytes \ud800 and a lone surrogate');
		});
		const id = (await enqueueJob(db.pool, { type: 'TEST_JOB', payload: {} }))!;
		const worker = new Worker({ db, registry, pollIntervalMs: 50, log: quiet });
		await worker.start();
		await until(async () => (await getJob(db, id)).status === 'RETRY');
		await worker.stop();
		expect((await getJob(db, id)).lastError).toBe('bad bytes and a lone surrogate');
	});
});

describe('3. backoff cap', () => {
	it('the 18th of 20 attempts waits an hour (not an integer overflow) and the 20th gives up', async () => {
		const id = (await enqueueJob(db.pool, { type: 'TEST_JOB', maxAttempts: 20 }))!;
		await db.pool.query(`UPDATE jobs SET attempts = 17 WHERE id = $1`, [id]);
		const [job] = await claimJobs(db.pool, 'w', 1);
		expect(job.attempts).toBe(18);
		const before = Date.now();
		const outcome = await failJob(db.pool, job, new Error('still down'));
		expect(outcome!.status).toBe('RETRY');
		expect(Math.abs(outcome!.runAt.getTime() - before - MAX_RETRY_DELAY_MS)).toBeLessThan(5_000);

		await db.pool.query(`UPDATE jobs SET attempts = 19, "runAt" = now() WHERE id = $1`, [id]);
		const [last] = await claimJobs(db.pool, 'w', 1);
		expect((await failJob(db.pool, last, new Error('still down')))!.status).toBe('FAILED');
	});

	it('a job an admin keeps retrying past 30 attempts still fails cleanly into a capped RETRY', async () => {
		const id = (await enqueueJob(db.pool, { type: 'TEST_JOB', maxAttempts: 1 }))!;
		for (let i = 0; i < 35; i++) {
			const [job] = await claimJobs(db.pool, 'w', 1);
			await failJob(db.pool, job, new Error(`try ${i}`));
			await retryJobs(db.pool, [id]); // each retry grants one more attempt
		}
		await db.pool.query(`UPDATE jobs SET "maxAttempts" = 100 WHERE id = $1`, [id]);
		const [job] = await claimJobs(db.pool, 'w', 1);
		expect(job.attempts).toBe(36);
		expect((await failJob(db.pool, job, new Error('again')))!.status).toBe('RETRY');
	});
});

describe('4. retries that would make a second pending job', () => {
	async function postJob(botId: string, status: string) {
		const id = (await enqueueJob(db.pool, { type: 'GENERATE_POST', botId, payload: { botId } }))!;
		await db.pool.query(`UPDATE jobs SET status = $2::"JobStatus", "finishedAt" = CASE WHEN $2 IN ('FAILED','CANCELLED') THEN now() END WHERE id = $1`, [id, status]);
		return id;
	}

	it('a CANCELLED post job of a bot with a job in RETRY is skipped with a reason, not a 500', async () => {
		const admin = await makeUser(db, { role: 'ADMIN' });
		const bot = await makeBot(db, (await makeUser(db)).id);
		const cancelled = await postJob(bot.id, 'CANCELLED');
		const retrying = await postJob(bot.id, 'RETRY');
		const result = await callerAs(db, asSessionUser(admin)).queue.retry({ ids: [cancelled] });
		expect(result).toMatchObject({ retried: [], skipped: [{ id: cancelled, reason: 'bot-has-pending-post' }], message: '0 retried, 1 skipped: the bot already has a pending post job' });
		expect((await getJob(db, cancelled)).status).toBe('CANCELLED');
		expect((await getJob(db, retrying)).status).toBe('RETRY');
	});

	it('a selection of one clean and one colliding job retries the clean one and reports the other', async () => {
		const owner = (await makeUser(db)).id;
		const [a, b] = [await makeBot(db, owner), await makeBot(db, owner)];
		const clean = await postJob(a.id, 'FAILED');
		const colliding = await postJob(b.id, 'FAILED');
		await postJob(b.id, 'QUEUED');
		const result = await retryJobs(db.pool, [clean, colliding]);
		expect(result.retried).toEqual([clean]);
		expect(result.skipped).toEqual([{ id: colliding, reason: 'bot-has-pending-post' }]);
	});

	it('keyed jobs: a retry is skipped while another job with the key is pending', async () => {
		const old = (await enqueueJob(db.pool, { type: 'CREW_COMMENT', key: 'crew-comment' }))!;
		await db.pool.query(`UPDATE jobs SET status = 'FAILED' WHERE id = $1`, [old]);
		await enqueueJob(db.pool, { type: 'CREW_COMMENT', key: 'crew-comment' });
		expect(await retryJobs(db.pool, [old])).toEqual({ retried: [], skipped: [{ id: old, reason: 'key-pending' }] });
	});

	it('bulk retry of FAILED revives the newest post job per bot and reports the rest', async () => {
		const owner = (await makeUser(db)).id;
		const bots = [await makeBot(db, owner), await makeBot(db, owner), await makeBot(db, owner)];
		const older = await postJob(bots[0].id, 'FAILED');
		await sleep(5);
		const newer = await postJob(bots[0].id, 'FAILED');
		const blocked = await postJob(bots[1].id, 'FAILED');
		await postJob(bots[1].id, 'RUNNING');
		const fine = await postJob(bots[2].id, 'FAILED');
		const result = await bulkRetry(db.pool, { status: ['FAILED'] });
		expect(result.retried.sort()).toEqual([newer, fine].sort());
		expect(result.skipped.sort((x, y) => x.id.localeCompare(y.id))).toEqual(
			[
				{ id: older, reason: 'newer-post-retried' },
				{ id: blocked, reason: 'bot-has-pending-post' }
			].sort((x, y) => x.id.localeCompare(y.id))
		);
	});
});

describe('5. cancelling the post job of a due bot', () => {
	it('moves the bot’s slot on, so the next scheduler tick does not enqueue it again', async () => {
		const bot = await makeBot(db, (await makeUser(db)).id, { schedulingEnabled: true, nextPostAt: new Date(Date.now() - 60_000), postsPerDay: 4 });
		expect((await enqueueScheduledBots(db)).enqueued).toBe(1);
		const { rows } = await db.pool.query<{ id: string }>(`SELECT id FROM jobs WHERE type = 'GENERATE_POST'`);
		const result = await cancelJobs(db, [rows[0].id], 'Cancelled by Ada');
		expect(result.cancelled).toEqual([rows[0].id]);
		expect(result.movedSlots).toHaveLength(1);
		const after = await db.prisma.bot.findUniqueOrThrow({ where: { id: bot.id } });
		// 4 posts a day: the next slot is 6 h ± 10 % away.
		expect(after.nextPostAt!.getTime() - Date.now()).toBeGreaterThan(5 * 3_600_000);
		expect((await enqueueScheduledBots(db)).enqueued).toBe(0);
	});

	it('leaves a bot whose slot is in the future alone (the cancelled job was a "run now")', async () => {
		const slot = new Date(Date.now() + 3_600_000);
		const bot = await makeBot(db, (await makeUser(db)).id, { schedulingEnabled: true, nextPostAt: slot });
		const id = (await enqueueJob(db.pool, { type: 'GENERATE_POST', botId: bot.id, payload: { botId: bot.id } }))!;
		expect((await cancelJobs(db, [id])).movedSlots).toEqual([]);
		expect((await db.prisma.bot.findUniqueOrThrow({ where: { id: bot.id } })).nextPostAt).toEqual(slot);
	});
});

describe('6. the worker’s own connection', () => {
	async function controlSessions(workerId: string): Promise<number> {
		const { rows } = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1`, [`rudo-worker ${workerId}`]);
		return rows[0].n;
	}
	async function terminate(workerId: string) {
		await db.pool.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`, [`rudo-worker ${workerId}`]);
	}

	it('reconnects after each termination with exactly one LISTEN connection, and stop() closes it', async () => {
		const { registry, calls } = recordingRegistry();
		const worker = new Worker({ db, registry, pollIntervalMs: 60_000, workerId: 'listen-a', log: quiet });
		await worker.start();
		for (let i = 1; i <= 3; i++) {
			expect(await controlSessions('listen-a')).toBe(1);
			await terminate('listen-a');
			await until(async () => worker.controlConnects === i + 1, 20_000, `reconnect ${i}`);
		}
		await sleep(300);
		expect(await controlSessions('listen-a')).toBe(1);
		// It listens again: a new job is picked up without waiting for the 60 s poll.
		await enqueueJob(db.pool, { type: 'CREW_COMMENT' });
		await until(async () => calls.length === 1, 10_000, 'pickup after reconnect');
		await worker.stop();
		await until(async () => (await controlSessions('listen-a')) === 0, 5_000, 'connection closed');
	});

	it('keeps trying while the database refuses connections, then listens again', async () => {
		const { registry, calls } = recordingRegistry();
		const worker = new Worker({ db, registry, pollIntervalMs: 60_000, workerId: 'listen-b', log: quiet });
		await worker.start();
		const admin = new pg.Client({ connectionString: db.url.replace(/\/[^/?]+(\?|$)/, '/postgres$1') });
		await admin.connect();
		try {
			await admin.query(`ALTER DATABASE "${db.name}" ALLOW_CONNECTIONS false`);
			await terminate('listen-b');
			await sleep(4_000);
			expect(await controlSessions('listen-b')).toBe(0);
		} finally {
			await admin.query(`ALTER DATABASE "${db.name}" ALLOW_CONNECTIONS true`);
			await admin.end();
		}
		await until(async () => (await controlSessions('listen-b')) === 1, 30_000, 'reconnect after the outage');
		await enqueueJob(db.pool, { type: 'CREW_COMMENT' });
		await until(async () => calls.length === 1, 10_000, 'pickup after the outage');
		expect(await controlSessions('listen-b')).toBe(1);
		await worker.stop();
	}, 60_000);
});

describe('12. the registry’s maxAttempts is the default at every enqueue path', () => {
	it('enqueueJob with or without the registry, and the scheduler, use the type’s value', async () => {
		const registry = defaultRegistry();
		const bot = await makeBot(db, (await makeUser(db)).id, { schedulingEnabled: true, nextPostAt: new Date(Date.now() - 1000) });
		await enqueueScheduledBots(db); // GENERATE_POST, CREW_COMMENT, RECALC_ENGAGEMENT
		const { rows } = await db.pool.query<{ type: string; maxAttempts: number }>(`SELECT type, "maxAttempts" FROM jobs`);
		for (const r of rows) expect([r.type, r.maxAttempts]).toEqual([r.type, registry[r.type]!.maxAttempts]);
		expect(registry.RECALC_ENGAGEMENT!.maxAttempts).toBe(3);
		await db.pool.query('DELETE FROM jobs');
		// A valid job of each type (the agent's types are about a bot; a bot's cycle carries its key).
		const examples: Record<string, { payload: unknown; botId: string | null; key?: string }> = {
			GENERATE_POST: { payload: { botId: bot.id }, botId: bot.id },
			BOT_CYCLE: { payload: { botId: bot.id }, botId: bot.id, key: `bot-cycle:${bot.id}` },
			BOT_RESPOND: { payload: { botId: bot.id, postId: 'some-post', parentCommentId: null }, botId: bot.id },
			BOT_REFLECT: { payload: { botId: bot.id }, botId: bot.id }
		};
		for (const type of JOB_TYPES.filter((t) => registry[t])) {
			const { payload, botId, key } = examples[type] ?? { payload: {}, botId: null };
			const plain = (await enqueueJob(db.pool, { type, payload, botId, key }))!;
			expect((await getJob(db, plain)).maxAttempts).toBe(registry[type]!.maxAttempts);
			await db.pool.query('DELETE FROM jobs');
			const checked = (await enqueueJob(db.pool, { type, payload, botId, key }, { registry }))!;
			expect((await getJob(db, checked)).maxAttempts).toBe(registry[type]!.maxAttempts);
			await db.pool.query('DELETE FROM jobs');
		}
	});
});

describe('13. lease renewals never wait behind handler work', () => {
	it('a worker whose handlers hold every pooled connection keeps its leases; a healthy peer rescues nothing', async () => {
		const busyDb = createDb(db.url, { max: 5 });
		const peerDb = createDb(db.url, { max: 2 });
		const registry = testRegistry(async (p, { job, db: handlerDb }) => {
			// Holds a pooled connection for the whole run, then writes its one side effect.
			await handlerDb.pool.query(`SELECT pg_sleep($1::float8 / 1000)`, [p.holdMs ?? 0]);
			await handlerDb.pool.query(`INSERT INTO effects (job_id, attempt) VALUES ($1, $2)`, [job.id, job.attempts]);
		});
		await enqueueJobs(db.pool, Array.from({ length: 30 }, () => ({ type: 'TEST_JOB', payload: { holdMs: 1_500 } })));
		const busy = new Worker({ db: busyDb, registry, concurrency: 30, pollIntervalMs: 50, leaseMs: 900, rescueIntervalMs: 100, workerId: 'busy', log: quiet });
		await busy.start();
		await sleep(200); // the busy worker takes them all first
		const peer = new Worker({ db: peerDb, registry, concurrency: 5, pollIntervalMs: 50, leaseMs: 900, rescueIntervalMs: 100, workerId: 'peer', log: quiet });
		await peer.start();
		await until(async () => (await statusCounts(db)).SUCCEEDED === 30, 60_000, 'all 30 done');
		await Promise.all([busy.stop(), peer.stop()]);
		await Promise.all([busyDb.close(), peerDb.close()]);
		const { rows } = await db.pool.query<{ n: number; runs: number }>(`SELECT count(DISTINCT job_id)::int AS n, count(*)::int AS runs FROM effects`);
		expect(rows[0]).toEqual({ n: 30, runs: 30 });
		const { rows: errs } = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM jobs WHERE jsonb_array_length(errors) > 0`);
		expect(errs[0].n).toBe(0);
	}, 90_000);

	it('a worker with more handlers than connections works through them without deadlock', async () => {
		const tinyDb = createDb(db.url, { max: 2 });
		const registry = testRegistry(async (_p, { job, db: handlerDb, completeInTransaction }) => {
			await handlerDb.prisma.$transaction(async (tx) => {
				await tx.$executeRawUnsafe(`INSERT INTO effects (job_id, attempt) VALUES ($1::uuid, $2)`, job.id, job.attempts);
				await completeInTransaction(prismaQueryable(tx));
			});
		});
		await enqueueJobs(db.pool, Array.from({ length: 100 }, () => ({ type: 'TEST_JOB', payload: {} })));
		const worker = new Worker({ db: tinyDb, registry, concurrency: 50, pollIntervalMs: 50, log: quiet });
		await worker.start();
		await until(async () => (await statusCounts(db)).SUCCEEDED === 100, 60_000, 'all 100 done');
		await worker.stop();
		await tinyDb.close();
		const { rows } = await db.pool.query<{ runs: number }>(`SELECT count(*)::int AS runs FROM effects`);
		expect(rows[0].runs).toBe(100);
	}, 90_000);
});

describe('15. priority ageing', () => {
	it('a due job is never passed over by a more urgent one that became due more than 10 s per level after it', async () => {
		const now = Date.now();
		// Low priority (5 levels = 50 s of ageing), due 60 s ago: older than the bound.
		const low = await enqueueJobs(db.pool, Array.from({ length: 20 }, () => ({ type: 'TEST_JOB', priority: 5, runAt: new Date(now - 60_000) })));
		// A flood of urgent work that became due just now.
		await enqueueJobs(db.pool, Array.from({ length: 200 }, () => ({ type: 'TEST_JOB', priority: 0 })));
		const claimed = await claimJobs(db.pool, 'w', 20);
		expect(claimed.map((j) => j.id).sort()).toEqual([...low].sort());
	});

	it('within the bound, the more urgent job goes first', async () => {
		const now = Date.now();
		const [low] = await enqueueJobs(db.pool, [{ type: 'TEST_JOB', priority: 5, runAt: new Date(now - 20_000) }]);
		const [urgent] = await enqueueJobs(db.pool, [{ type: 'TEST_JOB', priority: 0 }]);
		expect((await claimJobs(db.pool, 'w', 2)).map((j) => j.id)).toEqual([urgent, low]);
	});
});

describe('17. a job cut short by shutdown', () => {
	it('is handed back without spending its attempt, due at once', async () => {
		let started = 0;
		const registry = testRegistry(async () => {
			started++;
			await sleep(10_000); // ignores the abort signal
		});
		const id = (await enqueueJob(db.pool, { type: 'TEST_JOB', payload: {} }))!;
		const worker = new Worker({ db, registry, pollIntervalMs: 50, log: quiet });
		await worker.start();
		await until(async () => started === 1);
		await worker.stop({ timeoutMs: 200 });
		const row = await getJob(db, id);
		expect(row).toMatchObject({ status: 'QUEUED', attempts: 0, lockedBy: null, errors: [] });
		expect(row.lastError).toMatch(/Handed back/);
		expect(row.runAt.getTime()).toBeLessThanOrEqual(Date.now());
		expect(worker.stats.released).toBe(1);
	}, 30_000);
});

describe('completion inside the handler’s transaction (River’s JobCompleteTx)', () => {
	it('an attempt that lost its job commits neither its side effect nor a completion', async () => {
		let proceed!: () => void;
		const gate = new Promise<void>((r) => (proceed = r));
		const registry = testRegistry(async (_p, { job, db: handlerDb, completeInTransaction }) => {
			await gate;
			await handlerDb.prisma.$transaction(async (tx) => {
				await tx.$executeRawUnsafe(`INSERT INTO effects (job_id, attempt) VALUES ($1::uuid, $2)`, job.id, job.attempts);
				await completeInTransaction(prismaQueryable(tx));
			});
		});
		const id = (await enqueueJob(db.pool, { type: 'TEST_JOB', payload: {} }))!;
		const running = processJobs(db, registry, { workerId: 'stale', leaseMs: 60_000 });
		await until(async () => (await getJob(db, id)).status === 'RUNNING');
		// Meanwhile the job was rescued and another worker took it.
		await db.pool.query(`UPDATE jobs SET "leaseExpiresAt" = now() - interval '1 second' WHERE id = $1`, [id]);
		await rescueExpiredJobs(db.pool);
		// A second ago: now() stored at millisecond precision may round half a millisecond ahead.
		await db.pool.query(`UPDATE jobs SET "runAt" = now() - interval '1 second' WHERE id = $1`, [id]);
		const [fresh] = await claimJobs(db.pool, 'fresh', 1);
		expect(fresh.id).toBe(id);
		proceed();
		const summary = await running;
		expect(summary.failed).toBe(1);
		expect(summary.errors[0].message).toMatch(/no longer held/);
		const { rows } = await db.pool.query(`SELECT * FROM effects`);
		expect(rows).toEqual([]);
		expect(await getJob(db, id)).toMatchObject({ status: 'RUNNING', lockedBy: 'fresh' });
	});
});

describe('the app’s time does not depend on the database’s TimeZone setting', () => {
	it('with the database in +12:45 and DATABASE_URL asking for +09:00, jobs are due, leased and counted in UTC', async () => {
		const admin = new pg.Client({ connectionString: db.url.replace(/\/[^/?]+(\?|$)/, '/postgres$1') });
		await admin.connect();
		await admin.query(`ALTER DATABASE "${db.name}" SET TimeZone = 'Pacific/Chatham'`);
		await admin.end();
		const u = new URL(db.url);
		u.searchParams.set('options', '-c TimeZone=Asia/Tokyo');
		const tzDb: Db = createDb(u.toString(), { max: 2 });
		try {
			const id = (await enqueueJob(tzDb.pool, { type: 'TEST_JOB', payload: {} }))!;
			const row = await getJob(tzDb, id);
			expect(Math.abs(row.runAt.getTime() - Date.now())).toBeLessThan(10_000);
			const [job] = await claimJobs(tzDb.pool, 'tz', 1, undefined, 60_000);
			expect(job?.id).toBe(id);
			const { rows } = await tzDb.pool.query<{ ms: number }>(`SELECT (extract(epoch FROM "leaseExpiresAt") * 1000)::float8 AS ms FROM jobs WHERE id = $1`, [id]);
			expect(Math.abs(rows[0].ms - (Date.now() + 60_000))).toBeLessThan(10_000);
			const bot = await makeBot(tzDb, (await makeUser(tzDb)).id, { schedulingEnabled: true, nextPostAt: new Date(Date.now() - 60_000) });
			expect((await enqueueScheduledBots(tzDb)).enqueued).toBe(1);
			expect(bot.id).toBeTruthy();
		} finally {
			await tzDb.close();
			const c = new pg.Client({ connectionString: db.url.replace(/\/[^/?]+(\?|$)/, '/postgres$1') });
			await c.connect();
			await c.query(`ALTER DATABASE "${db.name}" RESET TimeZone`);
			await c.end();
		}
	});
});
