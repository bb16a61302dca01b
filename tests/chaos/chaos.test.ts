// The chaos suite (`npm run test:chaos`, also part of `npm test`): real `npm run worker` OS
// processes against an embedded PostgreSQL the suite restarts, with CHAOS_JOB (tests/chaos/
// chaos-jobs.ts) loaded through RUDO_JOB_MODULES. It counts every job's side effect, so "nothing
// lost, nothing doubled" is measured, not assumed.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ChaosDatabase, WorkerProcess, effectCounts, enqueueChaosJobs, newLogDir, query, readHandlerLog, sleep, statusCounts, waitFor } from './harness.ts';

const pg = new ChaosDatabase();
const workers: WorkerProcess[] = [];
let dbCount = 0;

beforeAll(async () => {
	await pg.start();
}, 120_000);
afterEach(() => {
	for (const w of workers.splice(0)) w.kill();
});
afterAll(async () => {
	for (const w of workers.splice(0)) w.kill();
	await pg.stop();
});

/** Short leases so rescues happen within the suite's time: renewed every second, rescued within ~3.5 s. */
const FAST = { JOB_LEASE_MS: '3000', JOB_RESCUE_INTERVAL_MS: '500' };

async function setup() {
	const url = await pg.createDatabase(`chaos_${++dbCount}`);
	return { url, logDir: newLogDir() };
}

function startWorker(url: string, logDir: string, env: Record<string, string> = {}): WorkerProcess {
	const w = new WorkerProcess(url, { ...FAST, ...env }, logDir);
	workers.push(w);
	return w;
}

function expectEachExactlyOnce(ids: string[], effects: Map<string, number>) {
	const wrong = ids.filter((id) => effects.get(id) !== 1).map((id) => `${id}: ${effects.get(id) ?? 0}`);
	expect(wrong).toEqual([]);
	expect(effects.size).toBe(ids.length);
}

describe('chaos: real worker processes', () => {
	it('(a) 4 worker processes × 2,000 jobs: every side effect exactly once', async () => {
		const { url, logDir } = await setup();
		const ids = await enqueueChaosJobs(url, 2_000);
		const ws = await Promise.all(Array.from({ length: 4 }, () => startWorker(url, logDir, { WORKER_CONCURRENCY: '8', WORKER_PREFETCH: '40' }).started()));
		await waitFor(async () => (await statusCounts(url)).SUCCEEDED === 2_000, 150_000, '2,000 jobs to succeed');
		expectEachExactlyOnce(ids, await effectCounts(url));
		const pids = await query<{ n: number }>(url, `SELECT count(DISTINCT pid)::int AS n FROM chaos_effects`);
		expect(pids[0].n).toBeGreaterThan(1); // the work was shared between processes
		for (const w of ws) w.terminate();
		for (const w of ws) expect((await w.exited).code).toBe(0);
	}, 240_000);

	it('(b) SIGKILL a worker holding long jobs: they are rescued after the lease and completed once', async () => {
		const { url, logDir } = await setup();
		const ids = await enqueueChaosJobs(url, 4, { sleepMs: 3_000 });
		const doomed = await startWorker(url, logDir, { WORKER_CONCURRENCY: '4' }).started();
		await waitFor(async () => (await query(url, `SELECT 1 FROM jobs WHERE status = 'RUNNING' AND "lockedBy" = $1`, [doomed.workerId])).length === 4, 30_000, 'the doomed worker to hold all 4');
		await sleep(500);
		doomed.crash();
		const crashedAt = Date.now();
		const healthy = await startWorker(url, logDir, { WORKER_CONCURRENCY: '4' }).started();
		await waitFor(async () => (await statusCounts(url)).SUCCEEDED === 4, 60_000, 'the rescued jobs to succeed');
		const rescuedAfter = Date.now() - crashedAt;

		expectEachExactlyOnce(ids, await effectCounts(url));
		const rows = await query<{ attempts: number; errors: { message: string }[] }>(url, `SELECT attempts, errors FROM jobs`);
		for (const r of rows) {
			expect(r.attempts).toBe(2);
			expect(r.errors[0].message).toContain(`Lease expired: worker ${doomed.workerId}`);
		}
		const effectsBy = await query<{ pid: number }>(url, `SELECT DISTINCT pid FROM chaos_effects`);
		expect(effectsBy.map((r) => r.pid)).toEqual([healthy.pid]);
		// Lease 3 s + rescue every 0.5 s + the 3 s job itself, with room for a busy machine.
		expect(rescuedAfter).toBeLessThan(30_000);
		healthy.terminate();
		expect((await healthy.exited).code).toBe(0);
	}, 120_000);

	it('(c) restart PostgreSQL mid-run: nothing lost, nothing RUNNING long after its handler ended', async () => {
		const { url, logDir } = await setup();
		const ids = await enqueueChaosJobs(url, 80, { sleepMs: 250 });
		// A long lease: if anything relied on a lease running out, this test would see it.
		const env = { WORKER_CONCURRENCY: '4', JOB_LEASE_MS: '60000' };
		const ws = await Promise.all([startWorker(url, logDir, env).started(), startWorker(url, logDir, env).started()]);
		await waitFor(async () => ((await statusCounts(url)).SUCCEEDED ?? 0) >= 15, 60_000, 'some progress');
		const runningAtRestart = (await statusCounts(url)).RUNNING ?? 0;
		expect(runningAtRestart).toBeGreaterThan(0); // the restart does cut through work in progress
		const { upAt } = await pg.restart(3_000);

		// Sample what is RUNNING while the queue recovers.
		const samples: { at: number; id: string; attempt: number }[] = [];
		await waitFor(
			async () => {
				const at = Date.now();
				const running = await query<{ id: string; attempts: number }>(url, `SELECT id, attempts FROM jobs WHERE status = 'RUNNING'`);
				for (const r of running) samples.push({ at, id: r.id, attempt: r.attempts });
				return (await statusCounts(url)).SUCCEEDED === 80;
			},
			120_000,
			'all 80 jobs to succeed after the restart',
			250
		);
		expectEachExactlyOnce(ids, await effectCounts(url));

		// Every job seen RUNNING once the database was back had a handler running then, or one that
		// had ended at most a few seconds before (its outcome being written).
		const log = readHandlerLog(logDir);
		const started = new Map<string, number>();
		const ended = new Map<string, number>();
		for (const l of log) (l.event === 'start' ? started : ended).set(`${l.job}/${l.attempt}`, l.at);
		const stale = samples
			.filter((s) => s.at > upAt + 1_000)
			.filter((s) => {
				const key = `${s.id}/${s.attempt}`;
				const start = started.get(key);
				const end = ended.get(key);
				// Claimed but not started yet (prefetched) is fine only briefly too.
				if (start === undefined) return false;
				return end !== undefined && end < s.at - 5_000;
			});
		expect(stale).toEqual([]);
		for (const w of ws) w.terminate();
		for (const w of ws) expect((await w.exited).code).toBe(0);
	}, 240_000);

	it('(d) terminate the workers’ backends: they recover with one LISTEN connection each', async () => {
		const { url, logDir } = await setup();
		const ids = await enqueueChaosJobs(url, 300, { sleepMs: 20 });
		const ws = await Promise.all([startWorker(url, logDir, { WORKER_CONCURRENCY: '4' }).started(), startWorker(url, logDir, { WORKER_CONCURRENCY: '4' }).started()]);
		const dbName = new URL(url).pathname.slice(1);
		for (let i = 0; i < 3; i++) {
			await sleep(700);
			await query(url, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND backend_type = 'client backend'`, [dbName]);
		}
		await waitFor(async () => (await statusCounts(url)).SUCCEEDED === 300, 120_000, 'all 300 jobs to succeed');
		expectEachExactlyOnce(ids, await effectCounts(url));
		const control = async (w: WorkerProcess) =>
			(await query<{ n: number }>(url, `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1`, [`rudo-worker ${w.workerId}`]))[0].n;
		for (const w of ws) await waitFor(async () => (await control(w)) === 1, 30_000, `worker ${w.workerId} to listen again`);
		await sleep(1_000);
		for (const w of ws) expect(await control(w)).toBe(1);
		// And they do listen: a new job is picked up.
		const [late] = await enqueueChaosJobs(url, 1);
		await waitFor(async () => (await query(url, `SELECT 1 FROM jobs WHERE id = $1 AND status = 'SUCCEEDED'`, [late])).length === 1, 20_000, 'a new job after recovery');
		for (const w of ws) w.terminate();
		for (const w of ws) expect((await w.exited).code).toBe(0);
		for (const w of ws) expect(await control(w)).toBe(0);
	}, 180_000);

	it('(e) SIGTERM to `npm run worker`: running jobs finish, prefetched ones are handed back, exit 0', async () => {
		const { url, logDir } = await setup();
		await enqueueChaosJobs(url, 8, { sleepMs: 2_000 });
		const w = await startWorker(url, logDir, { WORKER_CONCURRENCY: '2', WORKER_PREFETCH: '8' }).started();
		await waitFor(() => readHandlerLog(logDir).filter((l) => l.event === 'start').length === 2, 30_000, 'two handlers to start');
		expect((await statusCounts(url)).RUNNING).toBe(8); // 2 running, 6 claimed and waiting
		w.terminate();
		const exit = await w.exited;
		expect(exit.code).toBe(0);
		expect(w.workerAlive()).toBe(false);
		expect(w.output).toMatch(/SIGTERM: no new jobs/);
		expect(w.output).toMatch(/stopped \(2 succeeded, 0 failed, 6 handed back\)/);
		expect(await statusCounts(url)).toEqual({ SUCCEEDED: 2, QUEUED: 6 });
		const back = await query<{ attempts: number }>(url, `SELECT attempts FROM jobs WHERE status = 'QUEUED'`);
		expect(back.every((r) => r.attempts === 0)).toBe(true);
		const left = await query(url, `SELECT 1 FROM pg_stat_activity WHERE application_name LIKE $1`, [`%${w.workerId}`]);
		expect(left).toEqual([]);
	}, 90_000);

	it('(f) a worker whose handlers hold every pooled connection, beside a healthy peer: no rescue, no double effect', async () => {
		const { url, logDir } = await setup();
		const ids = await enqueueChaosJobs(url, 40, { holdConnectionMs: 1_200 });
		// 20 handlers on 2 connections, lease 1.5 s: its jobs wait for a connection far longer than a lease.
		const pressed = await startWorker(url, logDir, { PG_POOL_MAX: '2', WORKER_CONCURRENCY: '20', JOB_LEASE_MS: '1500', JOB_RESCUE_INTERVAL_MS: '300' }).started();
		await waitFor(async () => (await query(url, `SELECT 1 FROM jobs WHERE "lockedBy" = $1`, [pressed.workerId])).length === 20, 30_000, 'the pressed worker to hold 20');
		const peer = await startWorker(url, logDir, { PG_POOL_MAX: '4', WORKER_CONCURRENCY: '4', JOB_LEASE_MS: '1500', JOB_RESCUE_INTERVAL_MS: '300' }).started();
		let maxConnections = 0;
		await waitFor(
			async () => {
				const [c] = await query<{ n: number }>(url, `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name LIKE $1`, [`%${pressed.workerId}`]);
				maxConnections = Math.max(maxConnections, c.n);
				return (await statusCounts(url)).SUCCEEDED === 40;
			},
			120_000,
			'all 40 jobs to succeed'
		);
		expectEachExactlyOnce(ids, await effectCounts(url));
		const rows = await query<{ attempts: number; errors: unknown[] }>(url, `SELECT attempts, errors FROM jobs`);
		expect(rows.filter((r) => r.attempts !== 1 || r.errors.length > 0)).toEqual([]);
		const starts = readHandlerLog(logDir).filter((l) => l.event === 'start');
		expect(starts).toHaveLength(40); // no job ran twice, not even briefly
		// PG_POOL_MAX is honoured: 2 pooled connections and the worker's own one.
		expect(maxConnections).toBeLessThanOrEqual(3);
		pressed.terminate();
		peer.terminate();
		expect((await pressed.exited).code).toBe(0);
		expect((await peer.exited).code).toBe(0);
	}, 180_000);
});
