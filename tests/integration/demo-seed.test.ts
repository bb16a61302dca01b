// The demo data tells one coherent story: every job's times are in order, a finished post job
// links to the post it wrote, and nothing seeded holds a bot back on a fresh start.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { resetEnvCache } from '../../src/lib/server/env.ts';
import { resetProviders } from '../../src/lib/server/ai/providers.ts';
import { seedDemoData } from '../../src/lib/server/demo/seed.ts';
import { getJobDetail } from '../../src/lib/server/jobs/detail.ts';
import { rescueExpiredJobs } from '../../src/lib/server/jobs/claim.ts';
import { processJobs } from '../../src/lib/server/jobs/process.ts';
import { defaultRegistry } from '../../src/lib/server/jobs/index.ts';

let db: TestDatabase;
beforeAll(async () => {
	process.env.RUDO_DATA_DIR = mkdtempSync(join(tmpdir(), 'rudo-demo-seed-'));
	resetEnvCache();
	resetProviders();
	db = await createTestDatabase();
	await seedDemoData(db, { onlyIfEmpty: true });
});
afterAll(async () => db?.drop());

interface JobRow {
	id: string;
	type: string;
	status: string;
	botId: string | null;
	createdAt: Date;
	runAt: Date;
	startedAt: Date | null;
	finishedAt: Date | null;
	leaseExpiresAt: Date | null;
	errors: { attempt: number; at: string }[];
}

const jobs = async () => (await db.pool.query<JobRow>(`SELECT * FROM jobs ORDER BY "createdAt"`)).rows;

describe('demo seed', () => {
	it('gives every job ordered times: created, then due and started, then finished; attempts after creation, in order', async () => {
		const rows = await jobs();
		expect(rows.length).toBeGreaterThanOrEqual(8);
		for (const j of rows) {
			const where = `${j.status} ${j.type} ${j.id}`;
			const created = j.createdAt.getTime();
			expect(j.runAt.getTime(), `${where}: runAt before createdAt`).toBeGreaterThanOrEqual(created);
			if (j.startedAt) expect(j.startedAt.getTime(), `${where}: started before created`).toBeGreaterThanOrEqual(created);
			if (j.finishedAt) {
				expect(j.finishedAt.getTime(), `${where}: finished before created`).toBeGreaterThanOrEqual(created);
				if (j.startedAt) expect(j.finishedAt.getTime(), `${where}: finished before started`).toBeGreaterThanOrEqual(j.startedAt.getTime());
			}
			const attempts = j.errors.map((e) => new Date(e.at).getTime());
			for (const at of attempts) {
				expect(at, `${where}: an attempt before the job was created`).toBeGreaterThanOrEqual(created);
				if (j.finishedAt) expect(at, `${where}: an attempt after the job finished`).toBeLessThanOrEqual(j.finishedAt.getTime());
			}
			expect(attempts, `${where}: attempts out of order`).toEqual([...attempts].sort((a, b) => a - b));
			expect(j.errors.map((e) => e.attempt)).toEqual(j.errors.map((_, i) => i + 1));
			if (['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(j.status)) expect(j.finishedAt, where).not.toBeNull();
			else expect(j.finishedAt, where).toBeNull();
		}
		// The failed job's last attempt started after its others had failed.
		const failed = rows.find((j) => j.status === 'FAILED')!;
		expect(failed.startedAt!.getTime()).toBeGreaterThan(new Date(failed.errors.at(-2)!.at).getTime());
	});

	it('links every SUCCEEDED post job to the post it wrote, and the job page shows it', async () => {
		const succeeded = (await jobs()).filter((j) => j.type === 'GENERATE_POST' && j.status === 'SUCCEEDED');
		expect(succeeded.length).toBeGreaterThanOrEqual(1);
		for (const j of succeeded) {
			const post = await db.prisma.post.findUnique({ where: { jobId: j.id } });
			expect(post, `job ${j.id} has no post`).not.toBeNull();
			expect(post!.botId).toBe(j.botId);
			expect(post!.publishedAt!.getTime()).toBeLessThanOrEqual(j.finishedAt!.getTime());
			expect(post!.publishedAt!.getTime()).toBeGreaterThanOrEqual(j.startedAt!.getTime());
			const detail = await getJobDetail(db.pool, j.id);
			expect(detail?.post?.id).toBe(post!.id);
		}
	});

	it('holds no bot back: a RUNNING job with a live lease never blocks a bot that is due before it ends', async () => {
		const running = (await jobs()).filter((j) => j.status === 'RUNNING' && j.botId);
		expect(running.length).toBeGreaterThanOrEqual(1);
		for (const j of running) {
			const live = j.leaseExpiresAt !== null && j.leaseExpiresAt.getTime() > Date.now();
			if (!live) continue;
			const bot = await db.prisma.bot.findUniqueOrThrow({ where: { id: j.botId! } });
			const due = [bot.nextPostAt, bot.nextCycleAt].filter((d): d is Date => d !== null).map((d) => d.getTime());
			for (const at of due) expect(at, `@${bot.handle} is due while job ${j.id} holds its lease`).toBeGreaterThan(j.leaseExpiresAt!.getTime());
		}
	});

	it('the first rescue frees the seeded running job, and a worker then writes its post', async () => {
		const [job] = (await jobs()).filter((j) => j.status === 'RUNNING' && j.type === 'GENERATE_POST');
		expect((await rescueExpiredJobs(db.pool)).map((r) => r.id)).toContain(job.id);
		const result = await processJobs(db, defaultRegistry(), { types: ['GENERATE_POST'], limit: 5 });
		expect(result).toMatchObject({ processed: 1, succeeded: 1 });
		expect(await db.prisma.post.findUnique({ where: { jobId: job.id } })).not.toBeNull();
	}, 120_000);
});
