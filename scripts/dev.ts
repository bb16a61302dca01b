// `npm run dev`: embedded PostgreSQL (unless DATABASE_URL is set) + migrations + demo data + Vite.
import { resolve } from 'node:path';
import { runWithDatabase } from './lib/run-with-database.ts';

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

await runWithDatabase(process.execPath, [resolve('node_modules/vite/bin/vite.js'), 'dev', ...args]);
