// What the chaos suite needs around real worker processes: a PostgreSQL it may restart (an
// embedded one of its own), workers started with the documented command (`npm run worker`), and
// the handlers' own log of which attempts ran when.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, freePort, ensureDatabaseExists, type EmbeddedDatabase } from '../../src/lib/server/db/embedded.ts';
import { applyMigrations } from '../../src/lib/server/db/migrate.ts';
import type { ChaosLogLine } from './chaos-jobs.ts';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string, everyMs = 100): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		try {
			if (await check()) return;
		} catch {
			// the database may be down right now: keep waiting
		}
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await sleep(everyMs);
	}
}

/** One embedded PostgreSQL in a temporary folder, which the suite can stop and start again. */
export class ChaosDatabase {
	private server: EmbeddedDatabase | null = null;
	readonly dir = mkdtempSync(join(tmpdir(), 'rudo-chaos-pg-'));
	port = 0;
	adminUrl = '';

	async start(): Promise<void> {
		this.port ||= await freePort();
		this.server = await startEmbeddedPostgres({ dir: this.dir, port: this.port, persistent: true, database: 'postgres' });
		this.adminUrl = this.server.url;
	}

	/** A fresh, migrated database with the suite's side-effect table; returns its URL. */
	async createDatabase(name: string): Promise<string> {
		await ensureDatabaseExists(this.adminUrl, name);
		const url = this.adminUrl.replace(/\/postgres$/, `/${name}`);
		await applyMigrations(url);
		await query(url, `CREATE TABLE IF NOT EXISTS chaos_effects (job_id uuid NOT NULL, attempt int NOT NULL, pid int NOT NULL, at timestamptz NOT NULL DEFAULT now())`);
		return url;
	}

	/** Stops PostgreSQL (fast shutdown: every connection is cut), waits `downMs`, starts it again. */
	async restart(downMs: number): Promise<{ downAt: number; upAt: number }> {
		await this.server?.stop();
		const downAt = Date.now();
		await sleep(downMs);
		await this.start();
		return { downAt, upAt: Date.now() };
	}

	async stop(): Promise<void> {
		await this.server?.stop();
		this.server = null;
		rmSync(this.dir, { recursive: true, force: true });
	}
}

export async function query<T extends pg.QueryResultRow = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		return (await client.query<T>(sql, params)).rows;
	} finally {
		await client.end();
	}
}

export async function statusCounts(url: string): Promise<Record<string, number>> {
	const rows = await query<{ status: string; n: number }>(url, `SELECT status, count(*)::int AS n FROM jobs GROUP BY status`);
	return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

export async function enqueueChaosJobs(url: string, count: number, payload: Record<string, number> = {}): Promise<string[]> {
	const rows = await query<{ id: string }>(
		url,
		`INSERT INTO jobs (type, payload, "maxAttempts") SELECT 'CHAOS_JOB', $1::jsonb, 25 FROM generate_series(1, $2) RETURNING id`,
		[JSON.stringify(payload), count]
	);
	await query(url, `NOTIFY rudo_jobs`);
	return rows.map((r) => r.id);
}

/** Side effects per job: every job's should be exactly 1. */
export async function effectCounts(url: string): Promise<Map<string, number>> {
	const rows = await query<{ job_id: string; n: number }>(url, `SELECT job_id, count(*)::int AS n FROM chaos_effects GROUP BY job_id`);
	return new Map(rows.map((r) => [r.job_id, r.n]));
}

export function readHandlerLog(dir: string): ChaosLogLine[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir)
		.filter((f) => f.endsWith('.jsonl'))
		.flatMap((f) =>
			readFileSync(join(dir, f), 'utf8')
				.split('\n')
				.filter(Boolean)
				.map((l) => JSON.parse(l) as ChaosLogLine)
		);
}

/** A worker started exactly as the README says: `npm run worker`, configured by environment. */
export class WorkerProcess {
	readonly npm: ChildProcess;
	output = '';
	/** The worker's own process (npm's child), from its start-up line. */
	pid: number | null = null;
	workerId: string | null = null;
	readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

	constructor(databaseUrl: string, env: Record<string, string>, readonly logDir: string) {
		this.npm = spawn('npm', ['run', '--silent', 'worker'], {
			cwd: process.cwd(),
			env: {
				...process.env,
				DATABASE_URL: databaseUrl,
				NODE_ENV: 'production',
				RUDO_JOB_MODULES: 'tests/chaos/chaos-jobs.ts',
				RUDO_SCHEDULER_INTERVAL_MS: '0',
				WORKER_POLL_MS: '250',
				CHAOS_LOG_DIR: logDir,
				...env
			},
			stdio: ['ignore', 'pipe', 'pipe']
		});
		const collect = (d: Buffer) => {
			this.output += d.toString();
			// The start-up log line (JSON): "msg":"worker:<host>:<pid>:<hex> started (…)".
			const m = /"msg":"(worker:[^:"]+:(\d+):[0-9a-f]+) started/.exec(this.output);
			if (m && !this.pid) {
				this.workerId = m[1];
				this.pid = Number(m[2]);
			}
		};
		this.npm.stdout!.on('data', collect);
		this.npm.stderr!.on('data', collect);
		this.exited = new Promise((resolve) => this.npm.on('exit', (code, signal) => resolve({ code, signal })));
	}

	async started(timeoutMs = 60_000): Promise<this> {
		await waitFor(() => this.pid !== null || this.npm.exitCode !== null, timeoutMs, 'the worker to start');
		if (!this.pid) throw new Error(`the worker exited before starting:\n${this.output}`);
		return this;
	}

	/** What a process manager does: SIGTERM to the command it started. */
	terminate(): void {
		this.npm.kill('SIGTERM');
	}

	/** A crash: the worker process dies at once, without cleaning anything up. */
	crash(): void {
		if (this.pid) process.kill(this.pid, 'SIGKILL');
	}

	workerAlive(): boolean {
		if (!this.pid) return false;
		try {
			process.kill(this.pid, 0);
			return true;
		} catch {
			return false;
		}
	}

	/** Test clean-up: whatever is left, killed. */
	kill(): void {
		if (this.workerAlive()) process.kill(this.pid!, 'SIGKILL');
		if (this.npm.exitCode === null) this.npm.kill('SIGKILL');
	}
}

export function newLogDir(): string {
	return mkdtempSync(join(tmpdir(), 'rudo-chaos-log-'));
}
