// Applies prisma/migrations the way `prisma migrate deploy` does, through Prisma's WASM schema
// engine over adapter-pg: the native engine cannot be downloaded on our machines. Migrations are
// recorded in `_prisma_migrations` exactly as the CLI records them, so both can be mixed.
// Used by the launch scripts and tests only — never imported by the app bundle.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { utcConnectionString } from './utc.ts';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';

const require = createRequire(import.meta.url);

interface MigrateModule {
	SchemaEngineWasm: { setup(opts: { adapter: unknown }): Promise<SchemaEngine> };
	Migrate: new (opts: { engine: SchemaEngine; migrationsDirPath: string }) => {
		applyMigrations(): Promise<{ appliedMigrationNames: string[] }>;
		stop(): Promise<void>;
	};
}

export interface SchemaEngine {
	migrateDiff(args: unknown): Promise<unknown>;
	stop?(): Promise<void>;
}

export const MIGRATIONS_DIR = resolve('prisma/migrations');

function loadMigrate(): MigrateModule {
	// CommonJS package: its named exports only exist on the default export.
	return require('@prisma/migrate') as MigrateModule;
}

/** Apply every pending migration; returns the names applied (empty when up to date). */
export async function applyMigrations(connectionString: string, migrationsDir = MIGRATIONS_DIR): Promise<string[]> {
	const { SchemaEngineWasm, Migrate } = loadMigrate();
	// Our own pool, closed afterwards: a lingering connection would, for example, block
	// `CREATE DATABASE … TEMPLATE` of the database just migrated.
	const pool = new pg.Pool({ connectionString: utcConnectionString(connectionString), max: 2 });
	try {
		const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg(pool));
		const engine = await SchemaEngineWasm.setup({ adapter });
		const migrate = new Migrate({ engine, migrationsDirPath: migrationsDir });
		try {
			const { appliedMigrationNames } = await migrate.applyMigrations();
			return appliedMigrationNames;
		} finally {
			await migrate.stop();
		}
	} finally {
		await pool.end();
	}
}

/** SQL that turns the `from` schema text (or an empty database) into the `to` schema text. */
export async function diffSchemas(fromSchema: string | null, toSchema: string, connectionString: string): Promise<string> {
	const { SchemaEngineWasm } = loadMigrate();
	const pool = new pg.Pool({ connectionString, max: 1 });
	const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg(pool));
	const engine = await SchemaEngineWasm.setup({ adapter });
	const files = (path: string, content: string) => [{ path, content }];
	// migrateDiff prints the script to stdout; capture it.
	const chunks: string[] = [];
	const write = process.stdout.write.bind(process.stdout);
	process.stdout.write = ((chunk: string | Uint8Array) => {
		chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
		return true;
	}) as typeof process.stdout.write;
	try {
		await engine.migrateDiff({
			from: fromSchema === null ? { tag: 'empty' } : { tag: 'schemaDatamodel', files: files('old.prisma', fromSchema) },
			to: { tag: 'schemaDatamodel', files: files('schema.prisma', toSchema) },
			script: true,
			exitCode: null,
			filters: { externalTables: [], externalEnums: [] }
		});
	} finally {
		process.stdout.write = write;
		await engine.stop?.();
		await pool.end();
	}
	return chunks.join('');
}
