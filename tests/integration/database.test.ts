import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/lib/server/db/embedded.ts';
import { applyMigrations, diffSchemas } from '../../src/lib/server/db/migrate.ts';

async function describeSchema(url: string) {
	const c = new pg.Client({ connectionString: url });
	await c.connect();
	try {
		const columns = await c.query(
			`SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default
			   FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
			  ORDER BY table_name, column_name`
		);
		const indexes = await c.query(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY indexname`);
		const constraints = await c.query(
			`SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY conname`
		);
		const enums = await c.query(`SELECT t.typname, e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid ORDER BY t.typname, e.enumsortorder`);
		return { columns: columns.rows, indexes: indexes.rows, constraints: constraints.rows, enums: enums.rows };
	} finally {
		await c.end();
	}
}

describe('embedded PostgreSQL and migrations', () => {
	let pgServer: EmbeddedDatabase;
	const dir = mkdtempSync(join(tmpdir(), 'rudo-embedded-'));

	beforeAll(async () => {
		expect(readdirSync(dir)).toEqual([]); // starts from an empty folder
		pgServer = await startEmbeddedPostgres({ dir, persistent: false, database: 'rudo_fresh' });
	}, 120_000);
	afterAll(async () => pgServer?.stop());

	it('initialises a cluster in an empty folder and serves the requested database', async () => {
		expect(readdirSync(dir)).toContain('PG_VERSION');
		const c = new pg.Client({ connectionString: pgServer.url });
		await c.connect();
		const { rows } = await c.query('SELECT current_database() AS db');
		await c.end();
		expect(rows[0].db).toBe('rudo_fresh');
	});

	it('applies every migration once, and a second run changes nothing', async () => {
		const migrationNames = readdirSync('prisma/migrations', { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
		const first = await applyMigrations(pgServer.url);
		expect(first).toEqual(migrationNames);
		const before = await describeSchema(pgServer.url);
		expect(before.columns.length).toBeGreaterThan(50);

		const second = await applyMigrations(pgServer.url);
		expect(second).toEqual([]);
		expect(await describeSchema(pgServer.url)).toEqual(before);
	});

	it('has the queue indexes and constraints the ORM cannot express', async () => {
		const schema = await describeSchema(pgServer.url);
		const names = schema.indexes.map((i) => i.indexname);
		expect(names).toEqual(
			expect.arrayContaining(['jobs_claim_idx', 'jobs_running_lease_idx', 'jobs_one_pending_generate_post_per_bot', 'jobs_one_pending_per_key', 'jobs_finishedAt_idx', 'posts_jobId_key'])
		);
		expect(schema.constraints.map((c) => c.conname)).toEqual(expect.arrayContaining(['jobs_attempts_check', 'jobs_generate_post_needs_bot', 'jobs_type_length_check', 'jobs_priority_range_check']));
	});

	it('migrations match schema.prisma (no drift)', async () => {
		// Apply the schema's own SQL to a second database and compare tables, columns and enums.
		const c = new pg.Client({ connectionString: pgServer.url });
		await c.connect();
		await c.query('CREATE DATABASE from_schema');
		await c.end();
		const otherUrl = pgServer.url.replace(/\/rudo_fresh$/, '/from_schema');
		const sql = await diffSchemas(null, readFileSync('prisma/schema.prisma', 'utf8'), otherUrl);
		const o = new pg.Client({ connectionString: otherUrl });
		await o.connect();
		// SQL functions the schema's defaults call come from their own hand-written migration.
		for (const dir of readdirSync('prisma/migrations').filter((d) => d.endsWith('_functions'))) {
			await o.query(readFileSync(`prisma/migrations/${dir}/migration.sql`, 'utf8'));
		}
		await o.query(sql);
		await o.end();
		const fromMigrations = await describeSchema(pgServer.url);
		const fromSchema = await describeSchema(otherUrl);
		expect(fromSchema.columns).toEqual(fromMigrations.columns);
		expect(fromSchema.enums).toEqual(fromMigrations.enums);
		// Every index Prisma knows about exists; the hand-written ones are extra.
		const migrated = new Set(fromMigrations.indexes.map((i) => i.indexdef));
		for (const index of fromSchema.indexes) expect(migrated).toContain(index.indexdef);
	});
});
