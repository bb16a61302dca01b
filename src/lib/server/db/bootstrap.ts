// What `npm run dev`, `npm start` and the worker do before serving: find or start a database,
// apply migrations, and seed demo data into an empty embedded database.
import { resolve } from 'node:path';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded.ts';
import { applyMigrations } from './migrate.ts';
import { createDb } from './client.ts';
import { seedDemoData } from '../demo/seed.ts';
import { seedDemoMedia } from '../demo/seed-media.ts';
import { env } from '../env.ts';

export interface Bootstrapped {
	url: string;
	embedded: EmbeddedDatabase | null;
	stop(): Promise<void>;
}

export async function bootstrapDatabase(options: { seed?: 'if-empty' | 'never'; log?: (msg: string) => void } = {}): Promise<Bootstrapped> {
	const log = options.log ?? ((m: string) => console.log(`[rudo] ${m}`));
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
		// Demo data only where nobody's real data can be: the embedded database (or when asked).
		const wantSeed = options.seed !== 'never' && (embedded !== null || process.env.RUDO_SEED_DEMO === '1');
		if (wantSeed) {
			const db = createDb(url, { max: 2 });
			try {
				const seeded = await seedDemoData(db, { onlyIfEmpty: true });
				if (seeded) {
					log(`seeded demo data: ${seeded.users} users, ${seeded.bots} bots, ${seeded.posts} posts, ${seeded.jobs} jobs`);
					log('rendering demo images and a clip offline…');
					log(`added ${await seedDemoMedia(db)} demo posts with media`);
				}
			} finally {
				await db.close();
			}
		}
	} catch (error) {
		await embedded?.stop();
		throw error;
	}
	return { url, embedded, stop: async () => embedded?.stop() };
}
