// `npm run db:seed`: demo data into DATABASE_URL (skipped when it already has users).
import { createDb } from '../src/lib/server/db/client.ts';
import { seedDemoData } from '../src/lib/server/demo/seed.ts';

const url = process.env.DATABASE_URL;
if (!url) {
	console.error('Set DATABASE_URL to seed a database (the embedded one is seeded automatically by `npm run dev`).');
	process.exit(2);
}
const db = createDb(url, { max: 2 });
try {
	const result = await seedDemoData(db, { onlyIfEmpty: true });
	console.log(result ? `Seeded: ${JSON.stringify(result)}` : 'The database already has users; nothing seeded.');
} finally {
	await db.close();
}
