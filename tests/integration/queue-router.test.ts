// The admin queue router through createCaller: who may call each procedure, what input it
// refuses, and what it does to real jobs in a real database.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { makeBot, makeUser } from '../helpers/factories.ts';
import { getJob } from '../helpers/jobs.ts';
import { asSessionUser, callerAs, errorOf } from '../helpers/trpc.ts';
import { claimJobs, failJob } from '../../src/lib/server/jobs/claim.ts';
import { enqueueJob } from '../../src/lib/server/jobs/enqueue.ts';
import { JOB_STATUSES, JOB_TYPES } from '../../src/lib/schemas/enums.ts';

let db: TestDatabase;
beforeAll(async () => {
	db = await createTestDatabase();
});
afterAll(async () => db?.drop());


type Caller = ReturnType<typeof callerAs>;
const NO_SUCH_JOB = '01900000-0000-7000-8000-000000000000';

/** One valid call per procedure: the auth tests run each as nobody, a creator and an admin. */
const procedures: Record<string, (c: Caller) => Promise<unknown>> = {
	counts: (c) => c.queue.counts(),
	stats: (c) => c.queue.stats(),
	list: (c) => c.queue.list({ filter: {}, pageSize: 10 }),
	bots: (c) => c.queue.bots(),
	detail: (c) => c.queue.detail({ id: NO_SUCH_JOB }),
	retry: (c) => c.queue.retry({ ids: [NO_SUCH_JOB] }),
	cancel: (c) => c.queue.cancel({ ids: [NO_SUCH_JOB] }),
	actOnSelected: (c) => c.queue.actOnSelected({ action: 'retry', ids: [NO_SUCH_JOB] }),
	bulkCount: (c) => c.queue.bulkCount({ filter: { status: ['FAILED'] }, action: 'retry' }),
	bulkRetry: (c) => c.queue.bulkRetry({ filter: { status: ['FAILED'] } }),
	bulkCancel: (c) => c.queue.bulkCancel({ filter: { status: ['QUEUED'] } }),
	prune: (c) => c.queue.prune({ olderThanDays: 30 }),
	runScheduler: (c) => c.queue.runScheduler(),
	processBatch: (c) => c.queue.processBatch({ limit: 1 }),
	runCron: (c) => c.queue.runCron({ limit: 1 })
};

/** Bad input per procedure (every procedure that takes input has at least one). */
const badInputs: [string, (c: Caller) => Promise<unknown>][] = [
	['list: a cursor that is not a job id', (c) => c.queue.list({ cursor: { id: 'nope', direction: 'after' } })],
	['list: pageSize 101', (c) => c.queue.list({ pageSize: 101 })],
	['list: unknown sort', (c) => c.queue.list({ sort: 'createdAt-asc' as never })],
	['list: unknown status', (c) => c.queue.list({ filter: { status: ['DONE' as never] } })],
	['list: blank error text', (c) => c.queue.list({ filter: { errorText: '   ' } })],
	['detail: not a uuid', (c) => c.queue.detail({ id: 'not-a-job-id' })],
	['detail: SQL in the id', (c) => c.queue.detail({ id: "1' OR '1'='1" })],
	['detail: missing id', (c) => c.queue.detail({} as never)],
	['retry: no ids', (c) => c.queue.retry({ ids: [] })],
	['retry: a non-uuid id', (c) => c.queue.retry({ ids: ['abc'] })],
	['cancel: no ids', (c) => c.queue.cancel({ ids: [] })],
	['cancel: too many ids', (c) => c.queue.cancel({ ids: Array(501).fill(NO_SUCH_JOB) })],
	['actOnSelected: no ids', (c) => c.queue.actOnSelected({ action: 'retry', ids: [] })],
	['actOnSelected: 501 ids', (c) => c.queue.actOnSelected({ action: 'cancel', ids: Array(501).fill(NO_SUCH_JOB) })],
	['actOnSelected: a non-uuid id', (c) => c.queue.actOnSelected({ action: 'retry', ids: ['0648f240'] })],
	['actOnSelected: unknown action', (c) => c.queue.actOnSelected({ action: 'delete' as never, ids: [NO_SUCH_JOB] })],
	['processBatch: limit 500', (c) => c.queue.processBatch({ limit: 500 })],
	['bulkCount: unknown action', (c) => c.queue.bulkCount({ filter: {}, action: 'delete' as never })],
	['bulkCount: a type that is not a job type', (c) => c.queue.bulkCount({ filter: { type: ['send email' as never] }, action: 'retry' })],
	['bulkRetry: unknown status', (c) => c.queue.bulkRetry({ filter: { status: ['NOPE' as never] } })],
	['bulkCancel: missing filter', (c) => c.queue.bulkCancel({} as never)],
	['prune: negative days', (c) => c.queue.prune({ olderThanDays: -1 })],
	['processBatch: limit 0', (c) => c.queue.processBatch({ limit: 0 })],
	['processBatch: limit 101', (c) => c.queue.processBatch({ limit: 101 })],
	['processBatch: fractional limit', (c) => c.queue.processBatch({ limit: 1.5 })],
	['runCron: limit 0', (c) => c.queue.runCron({ limit: 0 })]
];

describe('auth', () => {
	let creator: Caller;
	let admin: Caller;
	beforeAll(async () => {
		creator = callerAs(db, asSessionUser(await makeUser(db, { role: 'CREATOR' })));
		admin = callerAs(db, asSessionUser(await makeUser(db, { role: 'ADMIN' })));
	});

	for (const [name, call] of Object.entries(procedures)) {
		it(`queue.${name}: signed out → UNAUTHORIZED, creator → FORBIDDEN, admin → allowed`, async () => {
			expect((await errorOf(call(callerAs(db, null)))).code).toBe('UNAUTHORIZED');
			expect((await errorOf(call(creator))).code).toBe('FORBIDDEN');
			if (name === 'detail') expect((await errorOf(call(admin))).code).toBe('NOT_FOUND');
			else await expect(call(admin)).resolves.toBeDefined();
		});
	}
});

describe('validation', () => {
	let admin: Caller;
	beforeAll(async () => {
		admin = callerAs(db, asSessionUser(await makeUser(db, { role: 'ADMIN' })));
	});

	for (const [name, call] of badInputs) {
		it(`${name} → BAD_REQUEST`, async () => {
			const error = await errorOf(call(admin));
			expect(error.code).toBe('BAD_REQUEST');
		});
	}

	it('validation runs after auth: a creator with bad input is still FORBIDDEN, not told about the input', async () => {
		const creator = callerAs(db, asSessionUser(await makeUser(db)));
		expect((await errorOf(creator.queue.detail({ id: 'nope' }))).code).toBe('FORBIDDEN');
	});
});

describe('behaviour', () => {
	let admin: Caller;
	let adminName: string;
	let botId: string;
	let otherBotId: string;

	beforeEach(async () => {
		await db.truncate();
		const user = await makeUser(db, { role: 'ADMIN', name: 'Ada Admin' });
		adminName = user.name;
		admin = callerAs(db, asSessionUser(user));
		const owner = await makeUser(db);
		botId = (await makeBot(db, owner.id, { handle: 'queue_bot' })).id;
		otherBotId = (await makeBot(db, owner.id, { handle: 'other_bot' })).id;
	});

	/** A job with a real error history: claimed and failed `failures` times by the queue itself. */
	async function failingJob(messages: string[], options: { maxAttempts?: number; type?: 'CREW_COMMENT' | 'RECALC_ENGAGEMENT' } = {}) {
		const id = (await enqueueJob(db.pool, { type: options.type ?? 'CREW_COMMENT', maxAttempts: options.maxAttempts ?? messages.length }))!;
		for (const message of messages) {
			await db.pool.query(`UPDATE jobs SET "runAt" = now() - interval '1 second' WHERE id = $1`, [id]);
			const [job] = await claimJobs(db.pool, 'test-worker', 1);
			expect(job.id).toBe(id);
			await failJob(db.pool, job, new Error(message));
		}
		return id;
	}

	// Due jobs get a runAt a second ago: now() stored as timestamp(3) is rounded to the millisecond,
	// up as often as down, so a job "due now" can be half a millisecond in the future for a claim
	// that follows at once.
	async function jobWith(status: string, over: { type?: string; botId?: string | null; runAt?: string; lastError?: string } = {}) {
		const { rows } = await db.pool.query<{ id: string }>(
			`INSERT INTO jobs (type, status, "botId", payload, "runAt", "lastError", "finishedAt")
			 VALUES ($1, $2::"JobStatus", $3, $4, coalesce($5::timestamp, now() - interval '1 second'), $6, CASE WHEN $2 IN ('FAILED', 'SUCCEEDED', 'CANCELLED') THEN now() END)
			 RETURNING id`,
			[over.type ?? 'CREW_COMMENT', status, over.botId ?? null, JSON.stringify(over.botId ? { botId: over.botId } : {}), over.runAt ?? null, over.lastError ?? null]
		);
		return rows[0].id;
	}

	describe('stats', () => {
		it('gives every status × type cell, the per-minute series and the derived totals', async () => {
			await jobWith('QUEUED');
			await jobWith('SUCCEEDED');
			const s = await admin.queue.stats();
			expect(s.counts).toHaveLength(JOB_STATUSES.length * JOB_TYPES.length);
			expect(s.counts.find((c) => c.status === 'QUEUED' && c.type === 'CREW_COMMENT')?.count).toBe(1);
			expect(s.series).toHaveLength(60);
			expect(s.lastHour.succeeded).toBe(1);
			expect(s.total.succeeded).toBe(1);
			expect(s.warnings).toEqual([]);
			// A wider window: one point an hour.
			const day = await admin.queue.stats({ window: '24h' });
			expect(day.series.length).toBeGreaterThanOrEqual(24);
			expect(day.total.succeeded).toBe(1);
		});

		it('warns when jobs are stuck running and when they fail repeatedly', async () => {
			const stuck = await jobWith('RUNNING');
			await db.pool.query(`UPDATE jobs SET "lockedAt" = now() - interval '30 minutes', "leaseExpiresAt" = now() - interval '29 minutes', "lockedBy" = 'dead-worker', attempts = 1 WHERE id = $1`, [stuck]);
			await failingJob(['429', '429', '429'], { maxAttempts: 3 });
			await failingJob(['500', '500', '500'], { maxAttempts: 3 });
			const s = await admin.queue.stats();
			expect(s.stuckRunning).toBe(1);
			expect(s.lastHour.failedAttempts).toBe(6);
			expect(s.lastHour.failedJobs).toBe(2);
			expect(s.warnings.map((w) => w.kind).sort()).toEqual(['failing', 'stuck']);
			expect(s.warnings.find((w) => w.kind === 'failing')?.message).toMatch(/100% of attempts failed/);
		});
	});

	describe('list', () => {
		it('filters by status, type, bot and error text, and joins the bot handle', async () => {
			const failedForBot = await jobWith('FAILED', { type: 'GENERATE_POST', botId, lastError: 'OpenAI 429 Too Many Requests' });
			await jobWith('FAILED', { type: 'GENERATE_POST', botId: otherBotId, lastError: 'fal.ai 503' });
			await jobWith('QUEUED', { type: 'CREW_COMMENT' });
			await jobWith('SUCCEEDED', { type: 'RECALC_ENGAGEMENT' });

			expect((await admin.queue.list({ filter: { status: ['FAILED'] } })).total).toEqual({ count: 2, estimated: false });
			expect((await admin.queue.list({ filter: { status: ['QUEUED', 'SUCCEEDED'] } })).total.count).toBe(2);
			expect((await admin.queue.list({ filter: { type: ['RECALC_ENGAGEMENT'] } })).rows.map((r) => r.status)).toEqual(['SUCCEEDED']);
			const byBot = await admin.queue.list({ filter: { botId } });
			expect(byBot.rows.map((r) => r.id)).toEqual([failedForBot]);
			expect(byBot.rows[0]).toMatchObject({ botHandle: 'queue_bot', type: 'GENERATE_POST', status: 'FAILED', lastError: 'OpenAI 429 Too Many Requests' });
			// Case-insensitive substring; LIKE wildcards in the text are literal.
			expect((await admin.queue.list({ filter: { errorText: 'too many' } })).rows.map((r) => r.id)).toEqual([failedForBot]);
			expect((await admin.queue.list({ filter: { errorText: '%' } })).total.count).toBe(0);
			expect((await admin.queue.list({ filter: { status: ['FAILED'], errorText: '503', botId } })).total.count).toBe(0);
		});

		it('pages through newest and oldest first with keyset cursors, both ways, with a total', async () => {
			const ids: string[] = [];
			// Created in this order, a few milliseconds apart (ids order by creation time to the millisecond).
			for (let i = 0; i < 5; i++) {
				ids.push(await jobWith(i % 2 ? 'SUCCEEDED' : 'QUEUED'));
				await new Promise((r) => setTimeout(r, 3));
			}
			const first = await admin.queue.list({ pageSize: 2, sort: 'created-asc' });
			expect(first).toMatchObject({ total: { count: 5, estimated: false }, pageSize: 2, sort: 'created-asc', previous: null });
			expect(first.rows.map((r) => r.id)).toEqual(ids.slice(0, 2));
			const second = await admin.queue.list({ pageSize: 2, sort: 'created-asc', cursor: first.next! });
			expect(second.rows.map((r) => r.id)).toEqual(ids.slice(2, 4));
			const third = await admin.queue.list({ pageSize: 2, sort: 'created-asc', cursor: second.next! });
			expect(third.rows.map((r) => r.id)).toEqual(ids.slice(4));
			expect(third.next).toBeNull();
			// And back again.
			const back = await admin.queue.list({ pageSize: 2, sort: 'created-asc', cursor: third.previous! });
			expect(back.rows.map((r) => r.id)).toEqual(ids.slice(2, 4));
			const desc = await admin.queue.list({ pageSize: 5, sort: 'created-desc' });
			expect(desc.rows.map((r) => r.id)).toEqual([...ids].reverse());
		});

		it('finds a job by its whole id, the short id the list shows, or its first characters', async () => {
			const id = await jobWith('SUCCEEDED');
			const pending = await jobWith('QUEUED');
			await jobWith('FAILED');
			for (const query of [id, id.toUpperCase(), id.slice(-8), `#${id.slice(-8)}`, id.slice(0, 30)]) {
				expect((await admin.queue.list({ filter: { id: query } })).rows.map((r) => r.id)).toContain(id);
			}
			expect((await admin.queue.list({ filter: { id: pending.slice(-8) } })).rows.map((r) => r.id)).toEqual([pending]);
			expect((await admin.queue.list({ filter: { id: 'ffffffff' } })).rows).toEqual([]);
		});

		it('defaults to the first page, newest first, when called without input', async () => {
			await jobWith('QUEUED');
			expect(await admin.queue.list()).toMatchObject({ pageSize: 25, sort: 'created-desc', total: { count: 1, estimated: false }, next: null, previous: null });
		});

		it('offers the bots that have jobs for the bot filter', async () => {
			await jobWith('QUEUED', { type: 'GENERATE_POST', botId });
			expect(await admin.queue.bots()).toEqual([{ id: botId, handle: 'queue_bot' }]);
		});
	});

	describe('detail', () => {
		it('includes the error timeline with each attempt’s message and stack', async () => {
			const id = await failingJob(['provider timed out', 'provider returned 503'], { maxAttempts: 5 });
			const job = await admin.queue.detail({ id });
			expect(job).toMatchObject({ id, status: 'RETRY', attempts: 2, maxAttempts: 5, lastError: 'provider returned 503', canRetry: true, canCancel: true });
			expect(job.errors.map((e) => [e.attempt, e.message])).toEqual([
				[1, 'provider timed out'],
				[2, 'provider returned 503']
			]);
			expect(job.errors[0].stack).toMatch(/^Error: provider timed out\n\s+at /);
			expect(job.timeline.map((e) => e.kind)).toEqual(['created', 'failed', 'failed']);
			const failed = job.timeline[1];
			expect(failed.kind === 'failed' && failed.at).toBeInstanceOf(Date);
		});

		it('shows the lock holder of a running job, its bot, and the post it produced', async () => {
			const id = await jobWith('QUEUED', { type: 'GENERATE_POST', botId });
			await claimJobs(db.pool, 'worker:host:42:abc', 1);
			const post = await db.prisma.post.create({ data: { botId, type: 'TEXT', caption: 'made by the job', jobId: id, publishedAt: new Date(), moderationStatus: 'APPROVED' } });
			const job = await admin.queue.detail({ id });
			expect(job).toMatchObject({
				status: 'RUNNING',
				lockedBy: 'worker:host:42:abc',
				payload: { botId },
				bot: { id: botId, handle: 'queue_bot', name: 'Test Bot' },
				post: { id: post.id, caption: 'made by the job', moderationStatus: 'APPROVED' },
				canRetry: false,
				canCancel: false
			});
			expect(job.lockedAt).toBeInstanceOf(Date);
			expect(job.timeline.at(-1)).toMatchObject({ kind: 'running', attempt: 1, lockedBy: 'worker:host:42:abc' });
		});

		it('accepts an upper-case id and answers NOT_FOUND for a well-formed id of no job', async () => {
			const id = await jobWith('SUCCEEDED');
			expect((await admin.queue.detail({ id: id.toUpperCase() })).id).toBe(id);
			expect((await errorOf(admin.queue.detail({ id: NO_SUCH_JOB }))).code).toBe('NOT_FOUND');
		});
	});

	describe('retry and cancel', () => {
		it('retry puts a FAILED job back in the queue and reports what did not change', async () => {
			const failed = await failingJob(['boom', 'boom'], { maxAttempts: 2 });
			const done = await jobWith('SUCCEEDED');
			expect(await admin.queue.retry({ ids: [failed, done] })).toEqual({ retried: [failed], skipped: [], unchanged: [done], message: '1 retried' });
			const row = await getJob(db, failed);
			expect(row).toMatchObject({ status: 'QUEUED', maxAttempts: 3, finishedAt: null });
			expect(row.errors).toHaveLength(2);
			const detail = await admin.queue.detail({ id: failed });
			expect(detail).toMatchObject({ status: 'QUEUED', canRetry: false, canCancel: true });
		});

		it('cancel stops a QUEUED job, records who cancelled it, and leaves a running one alone', async () => {
			const queued = await jobWith('QUEUED', { runAt: '2099-01-01T00:00:00' });
			const running = await jobWith('QUEUED');
			await claimJobs(db.pool, 'w', 1);
			expect(await admin.queue.cancel({ ids: [queued, running] })).toEqual({ cancelled: [queued], movedSlots: [], unchanged: [running], message: '1 cancelled.' });
			expect(await getJob(db, queued)).toMatchObject({ status: 'CANCELLED', lastError: `Cancelled by ${adminName}` });
			expect((await getJob(db, running)).status).toBe('RUNNING');
			const detail = await admin.queue.detail({ id: queued });
			expect(detail.timeline.at(-1)).toMatchObject({ kind: 'cancelled', reason: `Cancelled by ${adminName}` });
		});
	});

	describe('selected jobs', () => {
		it('retries the selected ids only, skipping (with the reason) what would be a second pending post job', async () => {
			const failed = [await jobWith('FAILED'), await jobWith('FAILED'), await jobWith('CANCELLED')];
			const notSelected = await jobWith('FAILED');
			await jobWith('QUEUED', { type: 'GENERATE_POST', botId, runAt: '2099-01-01T00:00:00' });
			const blocked = await jobWith('FAILED', { type: 'GENERATE_POST', botId });
			const done = await jobWith('SUCCEEDED');
			const result = await admin.queue.actOnSelected({ action: 'retry', ids: [...failed, blocked, done] });
			expect(result.changed.sort()).toEqual([...failed].sort());
			expect(result.skipped).toEqual([{ id: blocked, reason: 'bot-has-pending-post', text: 'the bot already has a pending post job' }]);
			expect(result.unchanged).toEqual([done]);
			expect(result.message).toBe('3 retried, 1 skipped: the bot already has a pending post job. 1 left as it was (only FAILED, RETRY and CANCELLED jobs can be retried).');
			for (const id of failed) expect((await getJob(db, id)).status).toBe('QUEUED');
			expect((await getJob(db, notSelected)).status).toBe('FAILED');
			expect((await getJob(db, blocked)).status).toBe('FAILED');
		});

		it('cancels the selected QUEUED and RETRY jobs, leaves a running one alone and says so', async () => {
			const queued = await jobWith('QUEUED', { runAt: '2099-01-01T00:00:00' });
			const retrying = await jobWith('RETRY', { runAt: '2099-01-01T00:00:00' });
			const running = await jobWith('QUEUED');
			await claimJobs(db.pool, 'w', 1);
			const other = await jobWith('QUEUED', { runAt: '2099-01-01T00:00:00' });
			const result = await admin.queue.actOnSelected({ action: 'cancel', ids: [queued, retrying, running] });
			expect(result.changed.sort()).toEqual([queued, retrying].sort());
			expect(result.unchanged).toEqual([running]);
			expect(result.message).toBe('2 cancelled. 1 left as it was (only QUEUED and RETRY jobs can be cancelled).');
			expect(await getJob(db, queued)).toMatchObject({ status: 'CANCELLED', lastError: `Cancelled by ${adminName}` });
			expect((await getJob(db, running)).status).toBe('RUNNING');
			expect((await getJob(db, other)).status).toBe('QUEUED');
		});

		it('refuses an empty or oversized selection with a sentence, not zod text', async () => {
			expect((await errorOf(admin.queue.actOnSelected({ action: 'retry', ids: [] }))).message).toContain('Select at least one job.');
			expect((await errorOf(admin.queue.actOnSelected({ action: 'retry', ids: Array(501).fill(NO_SUCH_JOB) }))).message).toContain('Select at most 500 jobs at once.');
		});
	});

	describe('bulk actions', () => {
		it('counts what a bulk action would change, then changes exactly that', async () => {
			await jobWith('FAILED', { type: 'CREW_COMMENT', lastError: 'x' });
			await jobWith('FAILED', { type: 'CREW_COMMENT', lastError: 'y' });
			await jobWith('CANCELLED', { type: 'CREW_COMMENT' });
			await jobWith('FAILED', { type: 'RECALC_ENGAGEMENT' });
			await jobWith('SUCCEEDED', { type: 'CREW_COMMENT' });
			const filter = { type: ['CREW_COMMENT' as const] };
			expect(await admin.queue.bulkCount({ filter, action: 'retry' })).toEqual({ count: 3 });
			expect(await admin.queue.bulkCount({ filter: { ...filter, status: ['FAILED' as const] }, action: 'retry' })).toEqual({ count: 2 });
			expect(await admin.queue.bulkRetry({ filter: { ...filter, status: ['FAILED'] } })).toEqual({ changed: 2, skipped: 0, message: '2 retried' });
			const after = await admin.queue.list({ filter: { type: ['CREW_COMMENT'] } });
			expect(after.rows.map((r) => r.status).sort()).toEqual(['CANCELLED', 'QUEUED', 'QUEUED', 'SUCCEEDED']);
			// The RECALC_ENGAGEMENT job was outside the filter.
			expect((await admin.queue.list({ filter: { status: ['FAILED'] } })).total.count).toBe(1);
		});

		it('bulk cancel stops the matching QUEUED and RETRY jobs only', async () => {
			await jobWith('QUEUED', { type: 'GENERATE_POST', botId });
			await jobWith('RETRY', { type: 'CREW_COMMENT' });
			await jobWith('QUEUED', { type: 'CREW_COMMENT' });
			await jobWith('FAILED', { type: 'CREW_COMMENT' });
			expect(await admin.queue.bulkCount({ filter: { type: ['CREW_COMMENT'] }, action: 'cancel' })).toEqual({ count: 2 });
			expect(await admin.queue.bulkCancel({ filter: { type: ['CREW_COMMENT'] } })).toEqual({ changed: 2, skipped: 0, message: '2 cancelled.' });
			expect((await admin.queue.list({ filter: { status: ['CANCELLED'] } })).total.count).toBe(2);
			expect((await admin.queue.list({ filter: { botId } })).rows[0].status).toBe('QUEUED');
		});
	});

	describe('prune and run now', () => {
		it('prune deletes finished jobs older than the given days', async () => {
			const old = await jobWith('SUCCEEDED');
			await db.pool.query(`UPDATE jobs SET "finishedAt" = now() - interval '40 days' WHERE id = $1`, [old]);
			await jobWith('SUCCEEDED');
			await jobWith('QUEUED');
			expect(await admin.queue.prune({ olderThanDays: 30 })).toEqual({ deleted: 1 });
			expect((await admin.queue.list()).total.count).toBe(2);
		});

		it('runScheduler enqueues a post job for each due bot and says so', async () => {
			await db.prisma.bot.update({ where: { id: botId }, data: { schedulingEnabled: true, nextPostAt: new Date(Date.now() - 60_000) } });
			const summary = await admin.queue.runScheduler();
			expect(summary).toEqual({ processed: 1, enqueued: 1, skipped: 0 });
			expect(await admin.queue.runScheduler()).toEqual({ processed: 1, enqueued: 0, skipped: 1 });
			expect((await admin.queue.list({ filter: { botId, type: ['GENERATE_POST'] } })).total.count).toBe(1);
		});

		it('processBatch runs due jobs with the real handlers and returns the worker summary', async () => {
			const id = (await enqueueJob(db.pool, { type: 'RECALC_ENGAGEMENT', payload: {} }))!;
			const summary = await admin.queue.processBatch({ limit: 5 });
			expect(summary).toEqual({ processed: 1, succeeded: 1, failed: 0, errors: [] });
			expect((await getJob(db, id)).status).toBe('SUCCEEDED');
			expect(await admin.queue.processBatch()).toEqual({ processed: 0, succeeded: 0, failed: 0, errors: [] });
		});

		it('processBatch reports a failing job in its errors', async () => {
			// RECALC_ENGAGEMENT's payload schema is strict: this one can never run.
			const id = (await enqueueJob(db.pool, { type: 'RECALC_ENGAGEMENT', payload: { unexpected: true } }))!;
			const summary = await admin.queue.processBatch({ limit: 1 });
			expect(summary).toMatchObject({ processed: 1, succeeded: 0, failed: 1, errors: [{ jobId: id, type: 'RECALC_ENGAGEMENT' }] });
			const detail = await admin.queue.detail({ id });
			expect(detail.errors).toHaveLength(1);
		});

		it('runCron rescues, enqueues and processes, like the cron route', async () => {
			const summary = await admin.queue.runCron({ limit: 2 });
			expect(summary).toMatchObject({
				success: true,
				rescued: 0,
				enqueue: { processed: 0, enqueued: 0, skipped: 0 },
				worker: { processed: expect.any(Number), succeeded: expect.any(Number), failed: 0 }
			});
		});
	});
});
