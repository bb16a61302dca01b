import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { getJob, recordingRegistry, statusCounts } from '../../helpers/jobs.ts';
import { createDb, type Db } from '../../../src/lib/server/db/client.ts';
import { claimJobs } from '../../../src/lib/server/jobs/claim.ts';
import { enqueueJob, enqueueJobs } from '../../../src/lib/server/jobs/enqueue.ts';
import { processJobs } from '../../../src/lib/server/jobs/process.ts';
import { Worker } from '../../../src/lib/server/jobs/worker.ts';

let db: TestDatabase;
beforeAll(async () => {
	db = await createTestDatabase({ max: 4 });
});
afterAll(async () => db?.drop());
beforeEach(async () => db.truncate());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => Promise<boolean>, timeoutMs = 30_000) {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error('timed out waiting for condition');
		await sleep(25);
	}
}
const quiet = () => {};

describe('many workers on separate connections', () => {
	it('8 workers process 5,000 jobs: every job runs exactly once, none lost', async () => {
		const N = 5_000;
		const runs = new Map<string, number>();
		const { registry } = recordingRegistry();
		registry.CREW_COMMENT = { ...registry.CREW_COMMENT!, handler: async (_p: unknown, ctx: { job: { id: string } }) => void runs.set(ctx.job.id, (runs.get(ctx.job.id) ?? 0) + 1) };
		const ids = await enqueueJobs(db.pool, Array.from({ length: N }, () => ({ type: 'CREW_COMMENT' as const })));
		const pools: Db[] = Array.from({ length: 8 }, () => createDb(db.url, { max: 3 }));
		const workers = pools.map((p, i) => new Worker({ db: p, registry, concurrency: 4, prefetch: 50, pollIntervalMs: 50, workerId: `w${i}`, log: quiet }));
		await Promise.all(workers.map((w) => w.start()));
		await until(async () => (await statusCounts(db)).SUCCEEDED === N, 120_000);
		await Promise.all(workers.map((w) => w.stop()));
		await Promise.all(pools.map((p) => p.close()));

		expect(runs.size).toBe(N);
		expect(ids.every((id) => runs.get(id) === 1)).toBe(true);
		expect(await statusCounts(db)).toEqual({ SUCCEEDED: N });
		// The work was actually shared.
		expect(workers.filter((w) => w.stats.succeeded > 0).length).toBeGreaterThan(1);
		expect(workers.reduce((s, w) => s + w.stats.succeeded, 0)).toBe(N);
	}, 180_000);

	it('concurrent processJobs batches never run a job twice', async () => {
		const { registry, calls } = recordingRegistry();
		await enqueueJobs(db.pool, Array.from({ length: 300 }, () => ({ type: 'CREW_COMMENT' as const })));
		await Promise.all(Array.from({ length: 10 }, () => processJobs(db, registry, { limit: 40 })));
		const ids = calls.map((c) => c.jobId);
		expect(new Set(ids).size).toBe(ids.length);
		expect(ids).toHaveLength(300);
	});
});

describe('leases', () => {
	it('a job whose worker died is rescued after its lease and runs once more', async () => {
		const { registry, calls } = recordingRegistry();
		const id = (await enqueueJob(db.pool, { type: 'CREW_COMMENT' }))!;
		// A worker claims it (lease 300 ms) and dies without finishing.
		expect(await claimJobs(db.pool, 'dead-worker', 1, undefined, 300)).toHaveLength(1);
		const worker = new Worker({ db, registry, pollIntervalMs: 50, rescueIntervalMs: 100, leaseMs: 300, log: quiet });
		await worker.start();
		await until(async () => (await getJob(db, id)).status === 'SUCCEEDED');
		await worker.stop();
		expect(calls.map((c) => c.jobId)).toEqual([id]);
		const row = await getJob(db, id);
		expect(row.attempts).toBe(2);
		expect(row.errors).toHaveLength(1);
		expect(row.errors[0]).toMatchObject({ attempt: 1 });
		expect(row.errors[0].message).toContain('dead-worker');
	});

	it('a live worker renews its lock, so a long job is not stolen by another worker', async () => {
		let started = 0;
		const { registry } = recordingRegistry(async () => {
			started++;
			await sleep(1_500); // five times the lease
		});
		const id = (await enqueueJob(db.pool, { type: 'CREW_COMMENT' }))!;
		const a = new Worker({ db, registry, pollIntervalMs: 50, rescueIntervalMs: 100, leaseMs: 300, workerId: 'a', log: quiet });
		const b = new Worker({ db, registry, pollIntervalMs: 50, rescueIntervalMs: 100, leaseMs: 300, workerId: 'b', log: quiet });
		await a.start();
		await until(async () => started === 1);
		await b.start();
		await until(async () => (await getJob(db, id)).status === 'SUCCEEDED');
		await Promise.all([a.stop(), b.stop()]);
		expect(started).toBe(1);
		expect(await getJob(db, id)).toMatchObject({ attempts: 1, errors: [] });
	});
});

describe('wake-up and shutdown', () => {
	it('an idle worker picks up a new job from NOTIFY without waiting for its poll', async () => {
		const { registry, calls } = recordingRegistry();
		const worker = new Worker({ db, registry, pollIntervalMs: 60_000, log: quiet });
		await worker.start();
		await sleep(100);
		const id = (await enqueueJob(db.pool, { type: 'CREW_COMMENT' }))!;
		await until(async () => calls.length === 1, 5_000); // far below the 60 s poll
		await worker.stop();
		expect(calls[0].jobId).toBe(id);
	});

	it('stop() lets running jobs finish and hands back claimed jobs it had not started', async () => {
		let release!: () => void;
		const gate = new Promise<void>((r) => (release = r));
		let started = 0;
		const { registry } = recordingRegistry(async () => {
			started++;
			await gate;
		});
		await enqueueJobs(db.pool, Array.from({ length: 5 }, () => ({ type: 'CREW_COMMENT' as const })));
		const worker = new Worker({ db, registry, concurrency: 2, prefetch: 5, pollIntervalMs: 50, log: quiet });
		await worker.start();
		await until(async () => started === 2);
		const stopping = worker.stop();
		await sleep(200);
		// Still waiting for the two running handlers; the three unstarted are back in the queue.
		expect(await statusCounts(db)).toEqual({ RUNNING: 2, QUEUED: 3 });
		release();
		await stopping;
		expect(await statusCounts(db)).toEqual({ SUCCEEDED: 2, QUEUED: 3 });
		const { rows } = await db.pool.query(`SELECT attempts FROM jobs WHERE status = 'QUEUED'`);
		expect(rows.every((r) => r.attempts === 0)).toBe(true);
	});
});
