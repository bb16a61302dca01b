// Issue 11, "runs on more than one machine": the readiness check orchestrators call (/readyz),
// the queue depth Prometheus reads at every scrape (/metrics), and the provider counters fed by
// the usage ledger, against a real PostgreSQL.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { makeBot, makeUser } from '../helpers/factories.ts';
import { createDb } from '../../src/lib/server/db/client.ts';
import { checkReadiness, expectedMigrations } from '../../src/lib/server/readiness.ts';
import { QUEUE_DEPTH_SQL, readQueueDepth } from '../../src/lib/server/metrics/queue-depth.ts';
import { processMetrics, RudoMetrics } from '../../src/lib/server/metrics/registry.ts';
import { recordUsage } from '../../src/lib/server/usage.ts';

let db: TestDatabase;
beforeAll(async () => {
	db = await createTestDatabase();
});
afterAll(async () => db?.drop());
beforeEach(async () => db.truncate());

function sample(text: string, series: string): number | undefined {
	const line = text.split('\n').find((l) => l.startsWith(`${series} `));
	return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('readiness', () => {
	it('is ready on a migrated database and lists every migration folder it checked', async () => {
		const report = await checkReadiness(db);
		expect(report).toMatchObject({ ready: true, database: 'ok', pendingMigrations: [] });
		const names = await expectedMigrations();
		expect(names.length).toBeGreaterThanOrEqual(7);
		expect(names[0]).toMatch(/^\d{14}_/);
	});

	it('is not ready while a migration of this build is missing, failed or rolled back', async () => {
		const [latest] = (await expectedMigrations()).slice(-1);
		const { rows } = await db.pool.query(`SELECT * FROM _prisma_migrations WHERE migration_name = $1`, [latest]);
		await db.pool.query(`UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = $1`, [latest]);
		try {
			const report = await checkReadiness(db);
			expect(report).toMatchObject({ ready: false, database: 'ok', pendingMigrations: [latest] });
			expect(report.reason).toMatch(/1 migration\(s\) not applied/);
		} finally {
			await db.pool.query(`UPDATE _prisma_migrations SET rolled_back_at = $2 WHERE migration_name = $1`, [latest, rows[0].rolled_back_at]);
		}
		// A newer build's folder the database has not seen yet.
		const dir = mkdtempSync(join(tmpdir(), 'rudo-migrations-'));
		for (const name of [...(await expectedMigrations()), '29991231000000_from_the_future']) mkdirSync(join(dir, name));
		expect(await checkReadiness(db, { migrationsDir: dir })).toMatchObject({ ready: false, pendingMigrations: ['29991231000000_from_the_future'] });
	});

	it('is not ready, quickly, when the database does not answer', async () => {
		const nowhere = createDb('postgres://postgres@127.0.0.1:1/nothing', { max: 1 });
		try {
			const report = await checkReadiness(nowhere, { timeoutMs: 1_000 });
			expect(report).toMatchObject({ ready: false, database: 'unreachable' });
			expect(report.reason).toMatch(/^database: /);
		} finally {
			await nowhere.close();
		}
	});
});

async function insertJob(type: string, status: string, over: { botId?: string; runAt?: string; finished?: boolean } = {}) {
	await db.pool.query(
		`INSERT INTO jobs (type, status, "botId", "runAt", "lockedAt", "lockedBy", "leaseExpiresAt", "finishedAt")
		 VALUES ($1, $2::"JobStatus", $3, now() + $4::interval,
		         CASE WHEN $2 = 'RUNNING' THEN now() END, CASE WHEN $2 = 'RUNNING' THEN 'worker:test:1:aaaaaa' END,
		         CASE WHEN $2 = 'RUNNING' THEN now() + interval '30 seconds' END,
		         CASE WHEN $5 THEN now() END)`,
		[type, status, over.botId ?? null, over.runAt ?? '-1 minute', over.finished ?? false]
	);
}

describe('queue depth at scrape time', () => {
	it('counts pending jobs by type and status, how many are due and how late, and ignores finished history', async () => {
		const owner = await makeUser(db);
		const bots = await Promise.all([1, 2, 3].map(() => makeBot(db, owner.id)));
		for (const b of bots) await insertJob('GENERATE_POST', 'QUEUED', { botId: b.id, runAt: '-2 minutes' });
		await insertJob('RECALC_ENGAGEMENT', 'QUEUED', { runAt: '1 hour' });
		await insertJob('CREW_COMMENT', 'RETRY', { runAt: '-30 seconds' });
		await insertJob('CREW_COMMENT', 'RETRY', { runAt: '5 minutes' });
		await insertJob('CREW_COMMENT', 'RUNNING');
		await insertJob('CREW_COMMENT', 'RUNNING');
		for (let i = 0; i < 40; i++) await insertJob('CREW_COMMENT', 'SUCCEEDED', { finished: true });
		await insertJob('GENERATE_POST', 'FAILED', { botId: bots[0].id, finished: true });
		await insertJob('RECALC_ENGAGEMENT', 'CANCELLED', { finished: true });

		const depth = await readQueueDepth(db.pool);
		const by = (type: string, status: string) => depth.find((d) => d.type === type && d.status === status);
		expect(by('GENERATE_POST', 'QUEUED')).toMatchObject({ jobs: 3, due: 3 });
		expect(by('GENERATE_POST', 'QUEUED')!.oldestDueSeconds).toBeGreaterThanOrEqual(119);
		expect(by('RECALC_ENGAGEMENT', 'QUEUED')).toMatchObject({ jobs: 1, due: 0, oldestDueSeconds: 0 });
		expect(by('CREW_COMMENT', 'RETRY')).toMatchObject({ jobs: 2, due: 1 });
		expect(by('CREW_COMMENT', 'RUNNING')).toMatchObject({ jobs: 2 });
		expect(depth.map((d) => d.status).every((s) => ['QUEUED', 'RUNNING', 'RETRY'].includes(s))).toBe(true);

		const text = await new RudoMetrics({ defaultMetrics: false }).render(db);
		expect(sample(text, 'rudo_queue_jobs{type="GENERATE_POST",status="QUEUED"}')).toBe(3);
		expect(sample(text, 'rudo_queue_jobs{type="GENERATE_POST",status="RETRY"}')).toBe(0);
		expect(sample(text, 'rudo_queue_jobs{type="CREW_COMMENT",status="RUNNING"}')).toBe(2);
		expect(sample(text, 'rudo_queue_jobs{type="BOT_CYCLE",status="QUEUED"}')).toBe(0);
		expect(sample(text, 'rudo_queue_due_jobs{type="CREW_COMMENT"}')).toBe(1);
		expect(sample(text, 'rudo_queue_due_jobs{type="RECALC_ENGAGEMENT"}')).toBe(0);
		expect(sample(text, 'rudo_queue_oldest_due_seconds{type="GENERATE_POST"}')).toBeGreaterThanOrEqual(119);
		expect(sample(text, 'rudo_queue_depth_up')).toBe(1);
		expect(text).not.toMatch(/status="(SUCCEEDED|FAILED|CANCELLED)"/);
	});

	it('reads pending jobs through the partial indexes, never scanning the finished history', async () => {
		// With sequential scans priced out, a plan still containing one would mean no index can
		// serve the query; each arm must be answered by its partial index.
		const client = await db.pool.connect();
		try {
			await client.query('BEGIN');
			await client.query('SET LOCAL enable_seqscan = off');
			const { rows } = await client.query(`EXPLAIN ${QUEUE_DEPTH_SQL}`);
			const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
			expect(plan).not.toMatch(/Seq Scan on jobs/);
			expect(plan).toMatch(/jobs_claim_idx/);
			expect(plan).toMatch(/jobs_running_lease_idx/);
			await client.query('ROLLBACK');
		} finally {
			client.release();
		}
	});

	it('still answers the scrape when the database does not, with rudo_queue_depth_up 0', async () => {
		const nowhere = createDb('postgres://postgres@127.0.0.1:1/nothing', { max: 1 });
		try {
			const text = await new RudoMetrics({ defaultMetrics: false }).render(nowhere);
			expect(sample(text, 'rudo_queue_depth_up')).toBe(0);
			expect(text).not.toMatch(/^rudo_queue_jobs\{/m);
		} finally {
			await nowhere.close();
		}
	});
});

describe('provider counters', () => {
	it('count each call written to the usage ledger, with its cost', async () => {
		const before = await processMetrics().render();
		const calls = (text: string) => sample(text, 'rudo_provider_calls_total{provider="openai",model="gpt-4o-mini",operation="caption"}') ?? 0;
		const spend = (text: string) => sample(text, 'rudo_provider_spend_usd_total{provider="openai",model="gpt-4o-mini",operation="caption"}') ?? 0;
		await recordUsage(db.prisma, [
			{ provider: 'openai', model: 'gpt-4o-mini', operation: 'caption', inputTokens: 100, outputTokens: 40, costUsd: 0.00004 },
			{ provider: 'openai', model: 'gpt-4o-mini', operation: 'caption', inputTokens: 100, outputTokens: 40, costUsd: 0.00004 }
		], {});
		const after = await processMetrics().render();
		expect(calls(after) - calls(before)).toBe(2);
		expect(spend(after) - spend(before)).toBeCloseTo(0.00008, 10);
		expect(await db.prisma.usageEvent.count()).toBe(2);
	});
});
