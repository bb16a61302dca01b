import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { getJob, recordingRegistry, statusCounts } from '../../helpers/jobs.ts';
import { makeBot, makeUser } from '../../helpers/factories.ts';
import { enqueueJob, enqueueJobs, InvalidJobPayloadError } from '../../../src/lib/server/jobs/enqueue.ts';
import { processJobs } from '../../../src/lib/server/jobs/process.ts';
import { CancelJobError, PermanentJobError, SnoozeJobError } from '../../../src/lib/server/jobs/errors.ts';

let db: TestDatabase;
let botId: string;
beforeAll(async () => {
	db = await createTestDatabase();
});
afterAll(async () => db?.drop());
beforeEach(async () => {
	await db.truncate();
	botId = (await makeBot(db, (await makeUser(db)).id)).id;
});

describe('processJobs', () => {
	it('routes each job to the handler of its type with the parsed payload', async () => {
		const { registry, calls } = recordingRegistry();
		await enqueueJobs(db.pool, [{ type: 'GENERATE_POST', botId, payload: { botId } }, { type: 'CREW_COMMENT' }, { type: 'RECALC_ENGAGEMENT' }]);
		const summary = await processJobs(db, registry, { limit: 10 });
		expect(summary).toEqual({ processed: 3, succeeded: 3, failed: 0, errors: [] });
		expect(calls.map((c) => c.type).sort()).toEqual(['CREW_COMMENT', 'GENERATE_POST', 'RECALC_ENGAGEMENT']);
		expect(calls.find((c) => c.type === 'GENERATE_POST')!.payload).toEqual({ botId });
		expect(await statusCounts(db)).toEqual({ SUCCEEDED: 3 });
	});

	it('a throwing handler fails the job into RETRY and the batch reports it', async () => {
		const { registry } = recordingRegistry((type) => {
			if (type === 'CREW_COMMENT') throw new Error('crew service down');
		});
		const id = (await enqueueJob(db.pool, { type: 'CREW_COMMENT' }))!;
		const summary = await processJobs(db, registry);
		expect(summary).toMatchObject({ processed: 1, succeeded: 0, failed: 1, errors: [{ jobId: id, type: 'CREW_COMMENT', message: 'crew service down' }] });
		expect(await getJob(db, id)).toMatchObject({ status: 'RETRY', attempts: 1, lastError: 'crew service down' });
	});

	it('a mixed batch records each outcome independently', async () => {
		const { registry } = recordingRegistry((_type, payload) => {
			if (payload.n % 2) throw new Error(`odd ${payload.n}`);
		});
		await enqueueJobs(db.pool, Array.from({ length: 6 }, (_, n) => ({ type: 'BOT_CYCLE' as const, payload: { n } })));
		const summary = await processJobs(db, registry, { limit: 10 });
		expect(summary.processed).toBe(6);
		expect(summary.succeeded).toBe(3);
		expect(summary.failed).toBe(3);
		expect(summary.errors.map((e) => e.message).sort()).toEqual(['odd 1', 'odd 3', 'odd 5']);
		expect(await statusCounts(db)).toEqual({ SUCCEEDED: 3, RETRY: 3 });
	});

	it('processes at most `limit` jobs', async () => {
		const { registry } = recordingRegistry();
		await enqueueJobs(db.pool, Array.from({ length: 15 }, () => ({ type: 'CREW_COMMENT' as const })));
		expect((await processJobs(db, registry, { limit: 10 })).processed).toBe(10);
		expect((await processJobs(db, registry, { limit: 10 })).processed).toBe(5);
		expect((await processJobs(db, registry, { limit: 10 })).processed).toBe(0);
	});

	it('a payload that fails its schema fails the job permanently with a clear error, without crashing the batch', async () => {
		const { registry, calls } = recordingRegistry();
		// Written around enqueue's validation, as a bad producer or an old payload shape would.
		const { rows } = await db.pool.query<{ id: string }>(
			`INSERT INTO jobs (type, "botId", payload) VALUES ('GENERATE_POST', $1, '{"bot": 42}') RETURNING id`,
			[botId]
		);
		const good = (await enqueueJob(db.pool, { type: 'CREW_COMMENT' }))!;
		const summary = await processJobs(db, registry);
		expect(summary.processed).toBe(2);
		expect(summary.succeeded).toBe(1);
		const bad = await getJob(db, rows[0].id);
		expect(bad.status).toBe('FAILED');
		expect(bad.attempts).toBe(1);
		expect(bad.lastError).toMatch(/^Invalid payload for GENERATE_POST: botId: /);
		expect(calls.map((c) => c.jobId)).toEqual([good]);
	});

	it('enqueue refuses an invalid payload up front when given the registry', async () => {
		const { registry } = recordingRegistry();
		await expect(enqueueJob(db.pool, { type: 'BOT_CYCLE', payload: { n: 'x' } }, { registry })).rejects.toThrow(InvalidJobPayloadError);
		await expect(enqueueJob(db.pool, { type: 'GENERATE_POST', payload: { botId } })).rejects.toThrow(/need a botId/);
		expect(await statusCounts(db)).toEqual({});
	});

	it('a job type this worker has no handler for waits for one that has; claimed anyway, it fails saying so', async () => {
		const { registry } = recordingRegistry();
		delete registry.BOT_CYCLE;
		const id = (await enqueueJob(db.pool, { type: 'BOT_CYCLE' }))!;
		expect((await processJobs(db, registry)).processed).toBe(0);
		expect(await getJob(db, id)).toMatchObject({ status: 'QUEUED', lastError: null });
		await processJobs(db, registry, { types: ['BOT_CYCLE'] });
		expect(await getJob(db, id)).toMatchObject({ status: 'FAILED', lastError: 'No handler is registered for job type BOT_CYCLE' });
	});

	it('handlers steer with PermanentJobError, CancelJobError and SnoozeJobError', async () => {
		const { registry } = recordingRegistry((_t, p) => {
			if (p.n === 1) throw new PermanentJobError('bot was deleted');
			if (p.n === 2) throw new CancelJobError('nothing to do');
			if (p.n === 3) throw new SnoozeJobError(60_000);
		});
		const ids = await enqueueJobs(db.pool, [1, 2, 3].map((n) => ({ type: 'BOT_CYCLE' as const, payload: { n } })));
		const summary = await processJobs(db, registry);
		expect(summary.failed).toBe(2); // snoozing is not a failure
		const [p, c, s] = await Promise.all(ids.map((id) => getJob(db, id)));
		expect(p).toMatchObject({ status: 'FAILED', lastError: 'bot was deleted' });
		expect(c).toMatchObject({ status: 'CANCELLED' });
		expect(s).toMatchObject({ status: 'QUEUED', attempts: 0 });
	});
});
