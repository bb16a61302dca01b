// `npm start`: the production server (adapter-node output in build/) against DATABASE_URL, or the
// embedded database when none is set.
import { existsSync } from 'node:fs';
import { runWithDatabase } from './lib/run-with-database.ts';

if (!existsSync('build/index.js')) {
	console.error('[rudo] build/index.js is missing: run `npm run build` first.');
	process.exit(1);
}
// adapter-node does not set NODE_ENV; without it errors would carry stacks to the browser.
// adapter-node refuses bodies over 512 KB by default; character references travel as base64.
await runWithDatabase(process.execPath, ['build/index.js'], { NODE_ENV: process.env.NODE_ENV ?? 'production', BODY_SIZE_LIMIT: process.env.BODY_SIZE_LIMIT ?? '8M' });
