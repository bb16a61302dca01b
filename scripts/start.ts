// `npm start`: the production server (adapter-node output in build/) against DATABASE_URL, or the
// embedded database when none is set. No demo data, ever: with no users yet it says how to create
// the first admin (`npm run user:create -- --admin`).
import { existsSync } from 'node:fs';
import { runWithDatabase } from './lib/run-with-database.ts';
import { createDb } from '../src/lib/server/db/client.ts';
import { log } from '../src/lib/server/log.ts';

if (!existsSync('build/index.js')) {
	log.fatal('build/index.js is missing: run `npm run build` first.');
	process.exit(1);
}
// The built server is production unless NODE_ENV says otherwise (env.ts); said explicitly here
// too. adapter-node refuses bodies over 512 KB by default; character references travel as base64.
await runWithDatabase(process.execPath, ['build/index.js'], { NODE_ENV: process.env.NODE_ENV ?? 'production', BODY_SIZE_LIMIT: process.env.BODY_SIZE_LIMIT ?? '8M' }, async ({ url, embedded }) => {
	const db = createDb(url, { max: 1 });
	try {
		const admins = await db.prisma.user.count({ where: { role: 'ADMIN', status: 'ACTIVE' } });
		if (admins === 0) {
			const data = embedded ? ` (with the same RUDO_DATA_DIR${process.env.RUDO_DATA_DIR ? `=${process.env.RUDO_DATA_DIR}` : ''})` : ' (with the same DATABASE_URL)';
			log.warn(`No admin yet. Create the first one${data}: npm run user:create -- --admin --email you@example.com --name "Your Name"`);
		}
	} finally {
		await db.close();
	}
});
