// One pg.Pool per database URL, shared by Prisma (through adapter-pg) and by the queue's raw SQL
// (its hot paths are single statements that Prisma cannot express).
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client.ts';
import { env } from '../env.ts';
import { log } from '../log.ts';
import { utcConnectionString } from './utc.ts';

export { utcConnectionString };

export type { PrismaClient };

export interface Db {
	prisma: PrismaClient;
	pool: pg.Pool;
	url: string;
	close(): Promise<void>;
}

// `timestamp without time zone` columns hold UTC (Prisma writes UTC). Raw readers must not
// reinterpret them in the machine's zone, and raw `now()` must produce UTC: pin both.
const TIMESTAMP_OID = 1114;
const utcTypes = {
	getTypeParser(oid: number, format?: string) {
		if (oid === TIMESTAMP_OID && format !== 'binary') return (value: string) => new Date(value.replace(' ', 'T') + 'Z');
		return pg.types.getTypeParser(oid, format as 'text');
	}
} as pg.CustomTypesConfig;

/** A pool of at most `max` connections (PG_POOL_MAX), in UTC, named `applicationName` in pg_stat_activity. */
export function createPool(connectionString: string, max = env().PG_POOL_MAX, applicationName?: string): pg.Pool {
	const pool = new pg.Pool({ connectionString: utcConnectionString(connectionString), max, types: utcTypes, application_name: applicationName?.slice(0, 63) });
	// An idle client's error (server restart) must not crash the process; the pool replaces it.
	pool.on('error', (error) => log.warn({ component: 'database', code: (error as { code?: string }).code }, `idle database client error (the pool replaces it): ${error.message}`));
	return pool;
}

export function createDb(connectionString: string, options: { max?: number; applicationName?: string } = {}): Db {
	const pool = createPool(connectionString, options.max, options.applicationName);
	// A worker may run more handlers than it has connections (PG_POOL_MAX < WORKER_CONCURRENCY):
	// a transaction then waits for a free connection longer than Prisma's 2 s default. Waiting is
	// right (the lease is renewed on the worker's own connection meanwhile); failing is not.
	const prisma = new PrismaClient({ adapter: new PrismaPg(pool), transactionOptions: { maxWait: 60_000, timeout: 60_000 } });
	let closed = false;
	return {
		prisma,
		pool,
		url: connectionString,
		async close() {
			if (closed) return;
			closed = true;
			await prisma.$disconnect();
			await pool.end();
		}
	};
}

let shared: Db | undefined;

/** The process-wide database, from DATABASE_URL (set by the launch scripts for the embedded one). */
export function getDb(): Db {
	if (shared) return shared;
	const url = env().DATABASE_URL;
	if (!url) {
		throw new Error('DATABASE_URL is not set. Start Rudo with `npm run dev` or `npm start`, which start the embedded database, or set DATABASE_URL.');
	}
	shared = createDb(url);
	return shared;
}

export async function closeDb(): Promise<void> {
	const db = shared;
	shared = undefined;
	await db?.close();
}
