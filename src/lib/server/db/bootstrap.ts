// What `npm run dev` and `npm start` do before serving: find or start a database and apply the
// migrations. Nothing else: demo data is the dev script's business (scripts/dev.ts), and a
// production install's first admin is created explicitly (`npm run user:create -- --admin`).
import { resolve } from 'node:path';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded.ts';
import { applyMigrations } from './migrate.ts';
import { env } from '../env.ts';
import { log as rootLog, logLines } from '../log.ts';

export interface Bootstrapped {
	url: string;
	embedded: EmbeddedDatabase | null;
	stop(): Promise<void>;
}

export async function bootstrapDatabase(options: { log?: (msg: string) => void } = {}): Promise<Bootstrapped> {
	const log = options.log ?? logLines(rootLog.child({ component: 'database' }));
	const config = env();
	let embedded: EmbeddedDatabase | null = null;
	let url = config.DATABASE_URL;
	if (!url) {
		const dir = resolve(config.RUDO_DATA_DIR, 'pg');
		log(`DATABASE_URL is not set: starting the embedded PostgreSQL (data in ${dir})…`);
		embedded = await startEmbeddedPostgres({ dir, port: process.env.RUDO_EMBEDDED_PG_PORT ? Number(process.env.RUDO_EMBEDDED_PG_PORT) : undefined });
		url = embedded.url;
		log(`embedded PostgreSQL listening on 127.0.0.1:${embedded.port}`);
	}
	try {
		const applied = await applyMigrations(url);
		log(applied.length ? `applied migrations: ${applied.join(', ')}` : 'database schema is up to date');
	} catch (error) {
		await embedded?.stop();
		throw error;
	}
	return { url, embedded, stop: async () => embedded?.stop() };
}
