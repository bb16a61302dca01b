// `npm run worker` as a real process: it runs jobs from the shared database, and on SIGTERM stops
// claiming, finishes what it runs and exits cleanly.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { statusCounts } from '../helpers/jobs.ts';
import { enqueueJob } from '../../src/lib/server/jobs/enqueue.ts';

let db: TestDatabase;
beforeAll(async () => {
	db = await createTestDatabase();
});
afterAll(async () => db?.drop());

describe('npm run worker', () => {
	it('processes jobs and exits 0 on SIGTERM', async () => {
		const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/worker.ts'], {
			env: { ...process.env, DATABASE_URL: db.url, RUDO_SCHEDULER_INTERVAL_MS: '0', WORKER_POLL_MS: '200', NODE_ENV: 'production' },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let output = '';
		child.stdout.on('data', (d) => (output += d));
		child.stderr.on('data', (d) => (output += d));
		const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
		try {
			const deadline = Date.now() + 60_000;
			while (!output.includes('started')) {
				if (Date.now() > deadline || child.exitCode !== null) throw new Error(`worker did not start:\n${output}`);
				await new Promise((r) => setTimeout(r, 50));
			}
			await enqueueJob(db.pool, { type: 'RECALC_ENGAGEMENT' });
			while ((await statusCounts(db)).SUCCEEDED !== 1) {
				if (Date.now() > deadline) throw new Error(`job not processed:\n${output}`);
				await new Promise((r) => setTimeout(r, 50));
			}
			child.kill('SIGTERM');
			expect(await exited).toBe(0);
			expect(output).toMatch(/SIGTERM: no new jobs/);
			expect(output).toMatch(/stopped \(1 succeeded, 0 failed, 0 handed back\)/);
		} finally {
			if (child.exitCode === null) child.kill('SIGKILL');
		}
	}, 90_000);

	it('refuses to start without DATABASE_URL, saying why', async () => {
		const env = { ...process.env };
		delete env.DATABASE_URL;
		const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/worker.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		child.stderr.on('data', (d) => (output += d));
		const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
		expect(code).toBe(2);
		expect(output).toMatch(/DATABASE_URL is not set/);
	}, 60_000);
});
