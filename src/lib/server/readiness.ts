// Probes for orchestrators (Kubernetes, Nomad, a load balancer's health check):
//  - liveness (/healthz): the process answers. Touches nothing else, so a database outage does
//    not get every web server restarted;
//  - readiness (/readyz): the database answers and every migration in prisma/migrations is
//    applied, so a server started before `npm run db:migrate` finished gets no traffic yet.
// Applied migrations are read from `_prisma_migrations` (what `prisma migrate deploy` and our
// migrate.ts record); a migration that failed or was rolled back does not count as applied.
import { readdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Db } from './db/client.ts';

export interface ReadinessReport {
	ready: boolean;
	database: 'ok' | 'unreachable';
	/** Migrations in prisma/migrations not applied to the database (empty when ready). */
	pendingMigrations: string[];
	/** Why not ready, in words; absent when ready. */
	reason?: string;
	/** Milliseconds the checks took. */
	tookMs: number;
}

/** The migration folders shipped with this build: `prisma/migrations/<timestamp>_<name>`. */
export async function expectedMigrations(dir = resolve('prisma/migrations')): Promise<string[]> {
	const entries = await readdir(dir, { withFileTypes: true });
	return entries
		.filter((e) => e.isDirectory() && /^\d{14}_/.test(e.name))
		.map((e) => e.name)
		.sort();
}

// The folder does not change while the process runs: list it once.
let expected: Promise<string[]> | undefined;

/**
 * Checks the database (one round trip) and the migrations, within `timeoutMs` (default 2 s;
 * a database that does not answer in time is unreachable). Never throws.
 */
export async function checkReadiness(db: Db, options: { timeoutMs?: number; migrationsDir?: string } = {}): Promise<ReadinessReport> {
	const started = performance.now();
	const tookMs = () => Math.round(performance.now() - started);
	let names: string[];
	try {
		names = await (options.migrationsDir ? expectedMigrations(options.migrationsDir) : (expected ??= expectedMigrations()));
	} catch (error) {
		expected = undefined;
		return { ready: false, database: 'ok', pendingMigrations: [], reason: `cannot list prisma/migrations: ${(error as Error).message}`, tookMs: tookMs() };
	}
	let applied: Set<string>;
	let timer: NodeJS.Timeout | undefined;
	try {
		const query = db.pool.query<{ migration_name: string }>(
			`SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`
		);
		const timeout = new Promise<never>((_, reject) => {
			timer = setTimeout(() => reject(new Error(`no answer within ${options.timeoutMs ?? 2_000} ms`)), options.timeoutMs ?? 2_000);
		});
		// If the timeout wins, the query's own late failure must not become an unhandled rejection.
		query.catch(() => undefined);
		applied = new Set((await Promise.race([query, timeout])).rows.map((r) => r.migration_name));
	} catch (error) {
		const message = (error as Error).message;
		// A database without the table has never been migrated: reachable, but nothing applied.
		if (/relation "_prisma_migrations" does not exist/.test(message)) applied = new Set();
		else return { ready: false, database: 'unreachable', pendingMigrations: [], reason: `database: ${message}`, tookMs: tookMs() };
	} finally {
		clearTimeout(timer);
	}
	const pendingMigrations = names.filter((n) => !applied.has(n));
	if (pendingMigrations.length > 0) {
		return { ready: false, database: 'ok', pendingMigrations, reason: `${pendingMigrations.length} migration(s) not applied (run npm run db:migrate)`, tookMs: tookMs() };
	}
	return { ready: true, database: 'ok', pendingMigrations: [], tookMs: tookMs() };
}
