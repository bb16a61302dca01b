// Vitest global setup for integration tests: one PostgreSQL for the run (DATABASE_URL when set,
// else an embedded one in a temporary folder) and a migrated template database that each test
// file clones (CREATE DATABASE … TEMPLATE is a file copy: fast, and files never share rows).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { ensureDatabaseExists, quoteIdent, startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/lib/server/db/embedded.ts';
import { applyMigrations } from '../../src/lib/server/db/migrate.ts';

declare module 'vitest' {
	export interface ProvidedContext {
		adminUrl: string;
		templateDb: string;
	}
}

function withDatabase(url: string, database: string): string {
	const u = new URL(url);
	u.pathname = `/${database}`;
	return u.toString();
}

export default async function setup(project: TestProject) {
	let embedded: EmbeddedDatabase | null = null;
	let adminUrl = process.env.DATABASE_URL;
	if (!adminUrl) {
		embedded = await startEmbeddedPostgres({ dir: mkdtempSync(join(tmpdir(), 'rudo-test-pg-')), persistent: false, database: 'postgres' });
		adminUrl = embedded.url;
	}
	const templateDb = `rudo_tpl_${process.pid}`;
	const admin = new pg.Client({ connectionString: adminUrl });
	await admin.connect();
	await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(templateDb)}`);
	await admin.end();
	await ensureDatabaseExists(adminUrl, templateDb);
	await applyMigrations(withDatabase(adminUrl, templateDb));

	project.provide('adminUrl', adminUrl);
	project.provide('templateDb', templateDb);

	return async () => {
		const client = new pg.Client({ connectionString: adminUrl });
		await client.connect();
		// Leftover per-file databases (a crashed file) go too.
		const { rows } = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2`, [
			`rudo_t_${process.pid}_%`,
			templateDb
		]);
		for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(datname)} WITH (FORCE)`);
		await client.end();
		await embedded?.stop();
	};
}
