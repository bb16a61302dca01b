// `npm run bench:queue`: Rudo's queue on the workload of ../shared/bench/peers (graphile-worker,
// pg-boss): N jobs, concurrency C, R repetitions, medians; a no-op handler.
//   enqueue  — `single` awaited enqueueJob calls, then one enqueueJobs call with N jobs
//   process  — N queued jobs, start a Worker; jobs/s from the first handler call until a
//              separate connection sees none left pending; every invocation is counted by id
//   pickup   — idle worker; a separate process enqueues 200 jobs 20 ms apart; latency =
//              handler start − enqueue call returned
// Every repetition of every phase runs on a freshly created, migrated database.
// Server: PGHOST/PGPORT/PGUSER/PGPASSWORD (127.0.0.1:5432 postgres, like the peers), or an
// embedded PostgreSQL when none answers there. `--with-peers` also runs the peers benchmark from
// a copy of ../shared/bench/peers against the same server, so both sets of figures come from the
// same run. Last line: one JSON object in the peers' format.
import { fork, spawn } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { z } from 'zod';
import { createDb } from '../../src/lib/server/db/client.ts';
import { applyMigrations } from '../../src/lib/server/db/migrate.ts';
import { startEmbeddedPostgres, quoteIdent } from '../../src/lib/server/db/embedded.ts';
import { enqueueJob, enqueueJobs } from '../../src/lib/server/jobs/enqueue.ts';
import { defineJob, type JobRegistry } from '../../src/lib/server/jobs/registry.ts';
import { Worker } from '../../src/lib/server/jobs/worker.ts';
import { loadConfig, median, now, percentile, round, sleep, waitFor } from './common.ts';

const cfg = loadConfig();
const BENCH_DB = 'bench_rudo';

async function serverUrl(): Promise<{ admin: string; embedded: null | { stop(): Promise<void> } }> {
	const user = process.env.PGUSER ?? 'postgres';
	const auth = process.env.PGPASSWORD ? `${encodeURIComponent(user)}:${encodeURIComponent(process.env.PGPASSWORD)}` : encodeURIComponent(user);
	const admin = `postgres://${auth}@${process.env.PGHOST ?? '127.0.0.1'}:${process.env.PGPORT ?? 5432}/${process.env.BENCH_ADMIN_DB ?? 'postgres'}`;
	const probe = new pg.Client({ connectionString: admin, connectionTimeoutMillis: 2_000 });
	try {
		await probe.connect();
		await probe.end();
		return { admin, embedded: null };
	} catch {
		console.log(`(no PostgreSQL at ${admin.replace(/:[^:@/]*@/, '@')}: using an embedded one)`);
		const e = await startEmbeddedPostgres({ dir: mkdtempSync(join(tmpdir(), 'rudo-bench-pg-')), persistent: false, database: 'postgres' });
		return { admin: e.url, embedded: e };
	}
}

const { admin, embedded } = await serverUrl();
const url = (() => {
	const u = new URL(admin);
	u.pathname = `/${BENCH_DB}`;
	return u.toString();
})();

async function freshDb(): Promise<void> {
	const c = new pg.Client({ connectionString: admin });
	await c.connect();
	await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(BENCH_DB)} WITH (FORCE)`);
	await c.query(`CREATE DATABASE ${quoteIdent(BENCH_DB)}`);
	await c.end();
	await applyMigrations(url);
}

function registry(onJob: (id: string, payload: { i: number }) => void): JobRegistry {
	return {
		BENCH_NOOP: defineJob({
			type: 'BENCH_NOOP',
			payload: z.object({ i: z.number() }),
			async handler(payload, { job }) {
				onJob(job.id, payload);
			}
		})
	};
}
const payloads = (n: number) => Array.from({ length: n }, (_, i) => ({ type: 'BENCH_NOOP', payload: { i } }));
const quiet = () => {};

async function enqueueRep() {
	await freshDb();
	const db = createDb(url, { max: cfg.poolMax });
	try {
		for (let k = 0; k < 20; k++) await enqueueJob(db.pool, { type: 'BENCH_NOOP', payload: { i: -1 } });
		await enqueueJobs(db.pool, payloads(100));
		let t0 = now();
		for (let i = 0; i < cfg.single; i++) await enqueueJob(db.pool, { type: 'BENCH_NOOP', payload: { i } });
		const singleMs = now() - t0;
		t0 = now();
		await enqueueJobs(db.pool, payloads(cfg.n));
		const batchMs = now() - t0;
		const { rows } = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM jobs`);
		if (rows[0].n !== 20 + 100 + cfg.single + cfg.n) throw new Error(`enqueue verification failed: ${rows[0].n} rows`);
		return { single_jps: cfg.single / (singleMs / 1000), batch_jps: cfg.n / (batchMs / 1000) };
	} finally {
		await db.close();
	}
}

async function processRep() {
	await freshDb();
	const db = createDb(url, { max: cfg.poolMax });
	const expected = new Set(await enqueueJobs(db.pool, payloads(cfg.n)));
	if (expected.size !== cfg.n) throw new Error(`expected ${cfg.n} queued jobs, found ${expected.size}`);
	const seen = new Map<string, number>();
	let tFirst: number | null = null;
	const poller = new pg.Client({ connectionString: url });
	await poller.connect();
	const t0 = now();
	const worker = new Worker({
		db,
		registry: registry((id) => {
			tFirst ??= now();
			seen.set(id, (seen.get(id) ?? 0) + 1);
		}),
		concurrency: cfg.concurrency,
		prefetch: cfg.prefetch,
		log: quiet
	});
	await worker.start();
	try {
		await waitFor(
			// Each half matches a partial index's predicate exactly, so this stays an index scan
			// while finished history accumulates (one count over IN (...) would scan the table).
			async () =>
				(
					await poller.query(
						`SELECT (SELECT count(*) FROM jobs WHERE status IN ('QUEUED', 'RETRY')) + (SELECT count(*) FROM jobs WHERE status = 'RUNNING') AS n`
					)
				).rows[0].n === '0',
			180_000,
			'all jobs completed in the database'
		);
		const tDone = now();
		await sleep(500); // let any duplicate execution show up
		await worker.stop();
		let dupes = 0;
		for (const count of seen.values()) if (count > 1) dupes += count - 1;
		let missing = 0;
		for (const id of expected) if (!seen.has(id)) missing++;
		const { rows } = await poller.query<{ n: number }>(`SELECT count(*)::int AS n FROM jobs WHERE status = 'SUCCEEDED'`);
		if (rows[0].n !== cfg.n) throw new Error(`only ${rows[0].n}/${cfg.n} jobs SUCCEEDED`);
		return { process_jps: cfg.n / ((tDone - tFirst!) / 1000), process_jps_incl_startup: cfg.n / ((tDone - t0) / 1000), dupes, missing };
	} finally {
		await poller.end();
		await db.close();
	}
}

async function pickupRep() {
	await freshDb();
	const db = createDb(url, { max: cfg.poolMax });
	const starts = new Map<number, number>();
	let dupes = 0;
	const worker = new Worker({
		db,
		registry: registry((_id, p) => {
			const t = now();
			if (p.i < 0) return;
			if (starts.has(p.i)) dupes++;
			else starts.set(p.i, t);
		}),
		concurrency: cfg.concurrency,
		prefetch: cfg.prefetch,
		log: quiet
	});
	await worker.start();
	try {
		await sleep(1000);
		const child = fork(resolve('scripts/bench/pickup-producer.ts'), [url, String(cfg.pickup), String(cfg.pickupGapMs)], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
		const records: [number, number, number][] = await new Promise((res, rej) => {
			let got: { records: [number, number, number][] } | null = null;
			child.on('message', (m) => (got = m as typeof got));
			child.on('error', rej);
			child.on('exit', (code) => (code === 0 && got ? res(got.records) : rej(new Error(`pickup producer exited with ${code}`))));
		});
		await waitFor(() => starts.size >= cfg.pickup, 15_000, 'all pickup jobs handled').catch((e) => console.log(`warning: ${e.message}`));
		const latencies = records.filter(([i]) => starts.has(i)).map(([i, , tRet]) => starts.get(i)! - tRet);
		return { p50_ms: percentile(latencies, 50)!, p95_ms: percentile(latencies, 95)!, missing: cfg.pickup - starts.size, dupes };
	} finally {
		await worker.stop();
		await db.close();
	}
}

async function phase<T extends Record<string, number>>(name: string, run: () => Promise<T>) {
	const reps: T[] = [];
	for (let r = 0; r < cfg.reps; r++) {
		const t = now();
		const rep = await run();
		reps.push(rep);
		console.log(`  [rudo] ${name} rep ${r + 1}/${cfg.reps} (${round((now() - t) / 1000, 1)} s): ${JSON.stringify(Object.fromEntries(Object.entries(rep).map(([k, v]) => [k, round(v, 1)])))}`);
	}
	const med: Record<string, number> = {};
	for (const k of Object.keys(reps[0] ?? {})) med[k] = ['dupes', 'missing'].includes(k) ? reps.reduce((s, x) => s + x[k], 0) : median(reps.map((x) => x[k]))!;
	return med;
}

async function runPeers(): Promise<string[]> {
	const dir = join(mkdtempSync(join(tmpdir(), 'rudo-peers-')), 'peers');
	cpSync(resolve(cfg.peersDir), dir, { recursive: true });
	const run = (cmd: string, args: string[], env: Record<string, string> = {}) =>
		new Promise<string>((res, rej) => {
			let out = '';
			const child = spawn(cmd, args, { cwd: dir, env: { ...process.env, ...env } });
			child.stdout.on('data', (d) => {
				out += d;
				process.stdout.write(d);
			});
			child.stderr.on('data', (d) => process.stderr.write(d));
			child.on('exit', (code) => (code === 0 ? res(out) : rej(new Error(`${cmd} ${args.join(' ')} exited with ${code}`))));
		});
	await run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error']);
	const u = new URL(admin);
	const out = await run('node', ['run.mjs', '--peers', 'graphile-worker:tuned,pg-boss:tuned'], {
		PGHOST: u.hostname,
		PGPORT: u.port || '5432',
		PGUSER: decodeURIComponent(u.username),
		PGPASSWORD: decodeURIComponent(u.password),
		BENCH_N: String(cfg.n),
		BENCH_CONCURRENCY: String(cfg.concurrency),
		BENCH_REPS: String(cfg.reps),
		BENCH_SINGLE: String(cfg.single),
		BENCH_PICKUP: String(cfg.pickup),
		BENCH_PICKUP_GAP_MS: String(cfg.pickupGapMs)
	});
	return out.split('\n').filter((l) => l.startsWith('{'));
}

const versionClient = new pg.Client({ connectionString: admin });
await versionClient.connect();
const { rows: v } = await versionClient.query<{ server_version: string }>('show server_version');
await versionClient.end();
console.log(
	`rudo queue benchmark: N=${cfg.n} concurrency=${cfg.concurrency} prefetch=${cfg.prefetch} reps=${cfg.reps} single=${cfg.single} pickup=${cfg.pickup}x${cfg.pickupGapMs}ms pool=${cfg.poolMax} | node ${process.version}, PostgreSQL ${v[0].server_version}, ${cpus().length} cpus`
);
try {
	const peerLines = cfg.withPeers ? await runPeers() : [];
	console.log('\n== rudo');
	const skip = async () => ({}) as Record<string, number>;
	const e = await phase('enqueue', cfg.phases.includes('enqueue') ? enqueueRep : skip);
	const p = await phase('process', cfg.phases.includes('process') ? processRep : skip);
	const k = await phase('pickup', cfg.phases.includes('pickup') ? pickupRep : skip);
	const line = {
		peer: 'rudo',
		variant: 'default',
		version: '0.1.0',
		n: cfg.n,
		concurrency: cfg.concurrency,
		enqueue_batch_jps: round(e.batch_jps, 0),
		enqueue_single_jps: round(e.single_jps, 0),
		process_jps: round(p.process_jps, 0),
		process_jps_incl_startup: round(p.process_jps_incl_startup, 0),
		pickup_p50_ms: round(k.p50_ms, 2),
		pickup_p95_ms: round(k.p95_ms, 2),
		dupes: p.dupes,
		missing: p.missing,
		...(k.missing || k.dupes ? { pickup_missing: k.missing, pickup_dupes: k.dupes } : {})
	};
	const lines = [...peerLines.map((l) => JSON.parse(l)), line];
	const cols = ['peer', 'variant', 'enqueue_batch_jps', 'enqueue_single_jps', 'process_jps', 'process_jps_incl_startup', 'pickup_p50_ms', 'pickup_p95_ms', 'dupes', 'missing'];
	const fmt = (x: unknown) => (x == null ? '-' : String(x));
	const widths = cols.map((c) => Math.max(c.length, ...lines.map((l) => fmt(l[c]).length)));
	console.log(`\nResults (median of ${cfg.reps} reps; dupes/missing summed over reps)`);
	console.log(cols.map((c, i) => c.padEnd(widths[i])).join('  '));
	for (const l of lines) console.log(cols.map((c, i) => fmt(l[c]).padEnd(widths[i])).join('  '));
	console.log('');
	console.log(JSON.stringify(line));
} finally {
	const c = new pg.Client({ connectionString: admin });
	await c.connect();
	await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(BENCH_DB)} WITH (FORCE)`);
	await c.end();
	await embedded?.stop();
}
