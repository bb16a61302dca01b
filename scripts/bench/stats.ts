// `npm run bench:stats`: the admin's read paths and the scheduler at the scale a busy install
// reaches: 1,000,000 rows in `jobs` (a week of history: mostly SUCCEEDED, some FAILED and
// CANCELLED, a backlog of pending jobs) and 100,000 bots due at once. Prints the median of
// `--reps` calls (default 15, after 3 warm-ups) of:
//   queue health (1 h, 24 h, 7 d windows) — the Queue page polls it every 5 s per open tab
//   the jobs list: first page, filters (status, type, bot, error text, id), 40 pages deep by keyset
//   the scheduler enqueueing 100,000 due bots in one call
// Server: PGHOST/PGPORT/PGUSER/PGPASSWORD (127.0.0.1:5432 postgres), or an embedded PostgreSQL.
// The claim path's speed is measured by `npm run bench:queue -- --with-peers`.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createDb } from '../../src/lib/server/db/client.ts';
import { applyMigrations } from '../../src/lib/server/db/migrate.ts';
import { quoteIdent, startEmbeddedPostgres } from '../../src/lib/server/db/embedded.ts';
import { queueHealth } from '../../src/lib/server/jobs/health.ts';
import { clearRolledStatsCache } from '../../src/lib/server/jobs/stats.ts';
import { listJobs, type JobListInput } from '../../src/lib/server/jobs/list.ts';
import { backfillJobStats, rollupJobStats } from '../../src/lib/server/ops/rollup.ts';
import { enqueueScheduledBots } from '../../src/lib/server/scheduler.ts';
import { median } from './common.ts';

const argv = process.argv.slice(2);
const arg = (name: string, def: number) => {
	const i = argv.indexOf(`--${name}`);
	return i >= 0 ? Number(argv[i + 1]) : def;
};
const JOBS = arg('jobs', 1_000_000);
const BOTS = arg('bots', 100_000);
const REPS = arg('reps', 15);
const DB = 'bench_stats';
// --keep leaves the database for EXPLAIN afterwards; --reuse measures a kept one without seeding again.
const KEEP = argv.includes('--keep');
const REUSE = argv.includes('--reuse');

async function server(): Promise<{ admin: string; stop: () => Promise<void> }> {
	const user = process.env.PGUSER ?? 'postgres';
	const auth = process.env.PGPASSWORD ? `${encodeURIComponent(user)}:${encodeURIComponent(process.env.PGPASSWORD)}` : encodeURIComponent(user);
	const admin = `postgres://${auth}@${process.env.PGHOST ?? '127.0.0.1'}:${process.env.PGPORT ?? 5432}/postgres`;
	const probe = new pg.Client({ connectionString: admin, connectionTimeoutMillis: 2_000 });
	try {
		await probe.connect();
		await probe.end();
		return { admin, stop: async () => {} };
	} catch {
		console.log('(no PostgreSQL on 127.0.0.1:5432: using an embedded one)');
		const e = await startEmbeddedPostgres({ dir: mkdtempSync(join(tmpdir(), 'rudo-bench-stats-')), persistent: false, database: 'postgres' });
		return { admin: e.url, stop: () => e.stop() };
	}
}

const t0 = performance.now();
const log = (m: string) => console.log(`[${((performance.now() - t0) / 1000).toFixed(1)} s] ${m}`);
const { admin, stop } = await server();
const url = admin.replace(/\/postgres$/, `/${DB}`);
if (!REUSE) {
	const c = new pg.Client({ connectionString: admin });
	await c.connect();
	await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(DB)} WITH (FORCE)`);
	await c.query(`CREATE DATABASE ${quoteIdent(DB)}`);
	await c.end();
}
await applyMigrations(url);
const db = createDb(url, { max: 8 });
const q = db.pool;
// A UUIDv7 for a given instant, so ids follow creation time as the queue's own ids do.
const uuidAt = (ts: string) =>
	`encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) PLACING substring(int8send(floor(extract(epoch FROM ${ts}) * 1000)::bigint) FROM 3) FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid`;

if (!REUSE) await seed();
// As autovacuum would have by now: a kept database carries the dead index entries of the last
// run's scheduler jobs, which every read of the pending set would step over.
else await q.query(`VACUUM ANALYZE jobs`);

async function seed() {
log(`seeding ${BOTS.toLocaleString('en')} bots…`);
await q.query(`INSERT INTO users (id, email, name, role, "passwordHash") SELECT 'u' || i, 'u' || i || '@bench.test', 'Bench ' || i, 'CREATOR', 'x' FROM generate_series(1, 20) i`);
await q.query(
	`INSERT INTO bots (id, handle, "ownerId", name, "personaDna", "schedulingEnabled", "nextPostAt", "postsPerDay")
	 SELECT 'b' || i, 'bot_' || i, 'u' || (1 + i % 20), 'Bot ' || i, '{}'::jsonb, true, now() - interval '1 minute', 4 FROM generate_series(1, $1) i`,
	[BOTS]
);

log(`seeding ${JOBS.toLocaleString('en')} jobs over 7 days…`);
const PENDING = Math.min(6_000, Math.floor(JOBS / 100));
const history = JOBS - PENDING;
const chunk = 200_000;
for (let done = 0; done < history; done += chunk) {
	const n = Math.min(chunk, history - done);
	await q.query(
		`WITH s AS (
		   SELECT i, now() - (random() * interval '7 days') AS created, random() AS r, random() AS r2 FROM generate_series(1, $1) i
		 )
		 INSERT INTO jobs (id, type, status, "botId", payload, attempts, "maxAttempts", "runAt", "createdAt", "startedAt", "finishedAt", "updatedAt", "lastError", errors)
		 SELECT ${uuidAt('created')},
		        CASE WHEN r2 < 0.5 THEN 'GENERATE_POST' WHEN r2 < 0.7 THEN 'CREW_COMMENT' WHEN r2 < 0.8 THEN 'RECALC_ENGAGEMENT' ELSE 'BOT_CYCLE' END,
		        (CASE WHEN r < 0.96 THEN 'SUCCEEDED' WHEN r < 0.98 THEN 'FAILED' ELSE 'CANCELLED' END)::"JobStatus",
		        CASE WHEN r2 < 0.5 OR r2 >= 0.8 THEN 'b' || (1 + (i * 7919) % $2) END,
		        '{}'::jsonb,
		        CASE WHEN r < 0.93 THEN 1 WHEN r < 0.96 THEN 2 ELSE 5 END, 5,
		        created, created,
		        created + random() * interval '3 seconds',
		        created + interval '3 seconds' + random() * interval '20 seconds',
		        created + interval '25 seconds',
		        CASE WHEN r >= 0.93 AND r < 0.98 THEN (ARRAY['OpenAI rate limit persisted after retries: 429', 'fal flux failed with 503: upstream', 'Generating a VIDEO post failed: timeout', 'Lease expired: worker w stopped renewing its lock'])[1 + (i % 4)] END,
		        CASE WHEN r >= 0.93 AND r < 0.98 THEN jsonb_build_array(jsonb_build_object('attempt', 1, 'at', created, 'message', 'boom', 'stack', NULL)) ELSE '[]'::jsonb END
		   FROM s`,
		[n, BOTS]
	);
	log(`  ${(done + n).toLocaleString('en')} history rows`);
}
await q.query(
	`INSERT INTO jobs (type, status, payload, "runAt", priority)
	 SELECT CASE WHEN i % 3 = 0 THEN 'CREW_COMMENT' ELSE 'BOT_CYCLE' END,
	        (CASE WHEN i % 10 = 0 THEN 'RETRY' ELSE 'QUEUED' END)::"JobStatus", '{}'::jsonb,
	        now() + (i % 600 - 300) * interval '1 second', i % 3
	   FROM generate_series(1, $1) i`,
	[PENDING]
);
await q.query(`VACUUM ANALYZE jobs`);
await q.query(`VACUUM ANALYZE bots`);
log('rolling up the week of history…');
const now = new Date();
await backfillJobStats(q, new Date(now.getTime() - 7 * 86_400_000 - 3_600_000), new Date(Math.floor(now.getTime() / 60_000) * 60_000 - 60_000), now);
}
const { rows: size } = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM jobs`);
log(`jobs table: ${size[0].n.toLocaleString('en')} rows`);

async function timed(label: string, run: () => Promise<unknown>, reps = REPS): Promise<{ label: string; ms: number }> {
	for (let i = 0; i < 3; i++) await run();
	const times: number[] = [];
	for (let i = 0; i < reps; i++) {
		const start = performance.now();
		await run();
		times.push(performance.now() - start);
	}
	return { label, ms: median(times)! };
}

// As the maintenance tick does every minute: the rollup is current when the page is read.
await rollupJobStats(q);
const results: { label: string; ms: number }[] = [];
// Polls between two rollups (once a minute) reuse the rolled-up rows; the first call after the
// rollup moved on reads them again: both are measured.
for (const window of ['1h', '24h', '7d'] as const) {
	results.push(await timed(`queue health (${window}), a poll`, () => queueHealth(q, { window })));
	results.push(
		await timed(`queue health (${window}), first call after the rollup moved on`, () => {
			clearRolledStatsCache(q);
			return queueHealth(q, { window });
		})
	);
}

const someBot = 'b42';
const { rows: failed } = await q.query<{ id: string }>(`SELECT id FROM jobs WHERE status = 'FAILED' ORDER BY id DESC OFFSET 100 LIMIT 1`);
const shortId = failed[0].id.slice(-8);
const lists: [string, JobListInput][] = [
	['jobs list, first page', {}],
	['jobs list, oldest first', { sort: 'created-asc' }],
	['jobs list, status FAILED', { filter: { status: ['FAILED'] } }],
	['jobs list, status QUEUED', { filter: { status: ['QUEUED'] } }],
	['jobs list, type RECALC_ENGAGEMENT', { filter: { type: ['RECALC_ENGAGEMENT'] } }],
	['jobs list, type + status FAILED', { filter: { type: ['RECALC_ENGAGEMENT'], status: ['FAILED'] } }],
	['jobs list, one bot', { filter: { botId: someBot } }],
	['jobs list, error text "503"', { filter: { errorText: '503' } }],
	['jobs list, short id', { filter: { id: shortId } }]
];
for (const [label, input] of lists) results.push(await timed(label, () => listJobs(q, input)));
// 40 pages deep by following the cursor, then time the 41st page.
let cursor: JobListInput['cursor'];
for (let i = 0; i < 40; i++) cursor = (await listJobs(q, { cursor })).next ?? undefined;
results.push(await timed('jobs list, page 41 (keyset)', () => listJobs(q, { cursor })));

log(`scheduler: ${BOTS.toLocaleString('en')} bots due…`);
const schedulerTimes: number[] = [];
for (let i = 0; i < 3; i++) {
	// What the previous call enqueued: the post jobs and the keyed singletons.
	await q.query(`DELETE FROM jobs WHERE (type = 'GENERATE_POST' AND status = 'QUEUED') OR key IS NOT NULL`);
	await q.query(`VACUUM ANALYZE jobs`);
	const start = performance.now();
	const r = await enqueueScheduledBots(db);
	schedulerTimes.push(performance.now() - start);
	if (r.enqueued !== BOTS) throw new Error(`the scheduler enqueued ${r.enqueued}, expected ${BOTS}`);
}
results.push({ label: `scheduler: enqueue ${BOTS.toLocaleString('en')} due bots (one call)`, ms: median(schedulerTimes)! });

console.log(`\nbench:stats — ${size[0].n.toLocaleString('en')} jobs, ${BOTS.toLocaleString('en')} bots, median of ${REPS} calls (scheduler: of 3)\n`);
console.log('| what | median |\n| --- | --- |');
for (const r of results) console.log(`| ${r.label} | ${r.ms.toFixed(1)} ms |`);
console.log(JSON.stringify({ jobs: size[0].n, bots: BOTS, results: results.map((r) => ({ ...r, ms: Math.round(r.ms * 10) / 10 })) }));

// Leave the database as it was seeded (for --reuse): without the scheduler's 100,000 jobs.
await q.query(`DELETE FROM jobs WHERE (type = 'GENERATE_POST' AND status = 'QUEUED') OR key IS NOT NULL`);
await db.close();
if (!KEEP) {
	const c = new pg.Client({ connectionString: admin });
	await c.connect();
	await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(DB)} WITH (FORCE)`);
	await c.end();
}
await stop();
