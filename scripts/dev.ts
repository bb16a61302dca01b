// `npm run dev`: embedded PostgreSQL (unless DATABASE_URL is set) + migrations + demo data + Vite.
import { resolve } from 'node:path';
import { runWithDatabase } from './lib/run-with-database.ts';

await runWithDatabase(process.execPath, [resolve('node_modules/vite/bin/vite.js'), 'dev', ...process.argv.slice(2)]);
