// `npm run dev`: embedded PostgreSQL (unless DATABASE_URL is set) + migrations + demo data + Vite.
// The one place dev conveniences are switched on: NODE_ENV=development (the documented dev cron
// secret, stack traces in errors, the in-process worker) and the demo users, seeded into an
// empty embedded database (or into DATABASE_URL's when RUDO_SEED_DEMO=1).
import { resolve } from 'node:path';
import { runWithDatabase } from './lib/run-with-database.ts';
import { createDb } from '../src/lib/server/db/client.ts';
import { seedDemoData } from '../src/lib/server/demo/seed.ts';
import { seedDemoMedia } from '../src/lib/server/demo/seed-media.ts';
import { log } from '../src/lib/server/log.ts';

process.env.NODE_ENV ??= 'development';

const args = process.argv.slice(2);
const portFlag = args.findIndex((a) => a === '--port' || a.startsWith('--port='));
const port = portFlag < 0 ? 5173 : Number(args[portFlag].includes('=') ? args[portFlag].split('=')[1] : args[portFlag + 1]);

// Vite runs the app's server `init` hook (which starts the in-process worker and scheduler) on
// the first request, not at start: make that request, so demo bots post without a visitor.
void (async () => {
	for (let i = 0; i < 120; i++) {
		await new Promise((r) => setTimeout(r, 1_000));
		try {
			if ((await fetch(`http://localhost:${port}/login`)).ok) return;
		} catch {
			// not listening yet
		}
	}
})();

await runWithDatabase(process.execPath, [resolve('node_modules/vite/bin/vite.js'), 'dev', ...args], { NODE_ENV: process.env.NODE_ENV }, async ({ url, embedded }) => {
	// Demo data only where nobody's real data can be: the embedded database (or when asked).
	if (!embedded && process.env.RUDO_SEED_DEMO !== '1') return;
	const db = createDb(url, { max: 2 });
	try {
		const seeded = await seedDemoData(db, { onlyIfEmpty: true });
		if (seeded) {
			log.info(seeded, `seeded demo data: ${seeded.users} users, ${seeded.bots} bots (${seeded.agents} of them agents deciding every few minutes), ${seeded.posts} posts, ${seeded.jobs} jobs, ${seeded.events} audience events`);
			log.info('rendering demo images and a clip offline…');
			log.info(`added ${await seedDemoMedia(db)} demo posts with media`);
		}
	} finally {
		await db.close();
	}
});
