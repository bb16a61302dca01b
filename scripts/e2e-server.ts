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

/** Also in tests/e2e/fixtures.ts: the secret the e2e server's cron routes accept. */
const E2E_CRON_SECRET = 'e2e-cron-secret-0123456789';
/** Also in tests/e2e/agent.spec.ts: the consumer app's secret for POST /api/engagement. */
const E2E_ENGAGEMENT_SECRET = 'e2e-engagement-secret-0123456789';

if (!existsSync('build/index.js')) {
	console.error('build/index.js is missing: run `npm run build` first.');
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
	env: { ...process.env, DATABASE_URL: url, NODE_ENV: 'production', ORIGIN: `http://127.0.0.1:${process.env.PORT ?? 4173}`, RUDO_E2E: '1', CRON_SECRET: E2E_CRON_SECRET, ENGAGEMENT_SECRET: E2E_ENGAGEMENT_SECRET, BODY_SIZE_LIMIT: '8M', RUDO_DATA_DIR: mkdtempSync(join(tmpdir(), 'rudo-e2e-data-')) }
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
	if (code !== null && code !== 0) console.error(`server exited with ${code}`);
});
