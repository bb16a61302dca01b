// The server Playwright tests run against: the production build (build/) on a throwaway
// database — a fresh embedded PostgreSQL, or a new database on DATABASE_URL's server — migrated
// and seeded with the demo data. Its URL is written to test-results/e2e-db.json so that test
// fixtures can reset data between tests.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, ensureDatabaseExists, quoteIdent } from '../src/lib/server/db/embedded.ts';
import { applyMigrations } from '../src/lib/server/db/migrate.ts';
import { createDb } from '../src/lib/server/db/client.ts';
import { seedDemoData } from '../src/lib/server/demo/seed.ts';
import { log } from '../src/lib/server/log.ts';
import { e2eServerEnv } from './lib/e2e-env.ts';

if (!existsSync('build/index.js')) {
	log.fatal('build/index.js is missing: run `npm run build` first.');
	process.exit(1);
}

const embedded = process.env.DATABASE_URL ? null : await startEmbeddedPostgres({ dir: mkdtempSync(join(tmpdir(), 'rudo-e2e-pg-')), persistent: false, database: 'rudo_e2e' });
let url: string;
let dropDatabase = async () => {};
if (embedded) {
	url = embedded.url;
} else {
	const name = `rudo_e2e_${process.pid}`;
	const u = new URL(process.env.DATABASE_URL!);
	u.pathname = `/${name}`;
	url = u.toString();
	await ensureDatabaseExists(process.env.DATABASE_URL!, name);
	dropDatabase = async () => {
		const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
		await c.connect();
		await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
		await c.end();
	};
}
await applyMigrations(url);
const db = createDb(url, { max: 2 });
await seedDemoData(db, { onlyIfEmpty: true });
await db.close();
mkdirSync('test-results', { recursive: true });
writeFileSync('test-results/e2e-db.json', JSON.stringify({ url }));

const server = spawn(process.execPath, ['build/index.js'], {
	stdio: 'inherit',
	env: e2eServerEnv({ databaseUrl: url, port: Number(process.env.PORT ?? 4173), host: process.env.HOST ?? '127.0.0.1', dataDir: mkdtempSync(join(tmpdir(), 'rudo-e2e-data-')) })
});
const stop = async () => {
	if (server.exitCode === null) server.kill('SIGTERM');
	await new Promise((r) => (server.exitCode === null ? server.once('exit', r) : r(null)));
	await dropDatabase();
	await embedded?.stop();
	process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
server.on('exit', (code) => {
	if (code !== null && code !== 0) log.error(`e2e server exited with ${code}`);
});
