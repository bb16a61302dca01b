// Write a new migration from the difference between the committed schema and the working one:
//   npm run db:diff -- <name>
// Needs a reachable database only to boot the WASM engine (DATABASE_URL or a throwaway embedded one).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diffSchemas, MIGRATIONS_DIR } from '../src/lib/server/db/migrate.ts';
import { startEmbeddedPostgres } from '../src/lib/server/db/embedded.ts';

const name = (process.argv[2] ?? '').replace(/[^a-z0-9_]/gi, '_');
if (!name) {
	console.error('usage: npm run db:diff -- <migration_name>');
	process.exit(2);
}
const hasMigrations = readdirSync(MIGRATIONS_DIR, { withFileTypes: true }).some((d) => d.isDirectory());
let from: string | null = null;
if (hasMigrations) {
	from = execFileSync('git', ['show', 'HEAD:prisma/schema.prisma']).toString();
}
const to = readFileSync('prisma/schema.prisma', 'utf8');

const embedded = process.env.DATABASE_URL ? null : await startEmbeddedPostgres({ dir: mkdtempSync(join(tmpdir(), 'rudo-diff-')), persistent: false });
try {
	const sql = await diffSchemas(from, to, process.env.DATABASE_URL ?? embedded!.url);
	if (!sql.trim() || /empty migration/i.test(sql)) {
		console.log('No schema changes.');
	} else {
		const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
		const dir = join(MIGRATIONS_DIR, `${stamp}_${name}`);
		mkdirSync(dir, { recursive: true });
		writeFileSync(join(dir, 'migration.sql'), sql);
		console.log(`Wrote ${dir}/migration.sql`);
	}
} finally {
	await embedded?.stop();
}
