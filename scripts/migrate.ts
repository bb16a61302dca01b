// `npm run db:migrate`: apply pending migrations to DATABASE_URL (what `prisma migrate deploy`
// does, without the native engine download).
import { applyMigrations } from '../src/lib/server/db/migrate.ts';

const url = process.env.DATABASE_URL;
if (!url) {
	console.error('Set DATABASE_URL (the embedded database is migrated automatically by `npm run dev`).');
	process.exit(2);
}
const applied = await applyMigrations(url);
console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Already up to date.');
