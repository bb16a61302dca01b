// Issue 9 item 10: the Vite dev server serves nothing from the data folder. Before, with
// `server.fs.allow: ['.data']`, an anonymous GET /@fs/<project>/.data/pg/pg_hba.conf?raw returned
// the file. The dev server here is the project's own config (vite.config.ts), started bare.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { freePort } from '../../src/lib/server/db/embedded.ts';

test('GET /@fs/…/.data/… is refused by the dev server, while source files are served', async () => {
	test.setTimeout(120_000);
	const probeDir = resolve('.data', `e2e-probe-${process.pid}`);
	mkdirSync(probeDir, { recursive: true });
	const probe = resolve(probeDir, 'pg_hba.conf');
	writeFileSync(probe, 'host all all 0.0.0.0/0 trust\n');
	const port = await freePort();
	// No request reaches SvelteKit's hooks here, so the database is never touched.
	const vite = spawn(process.execPath, ['node_modules/vite/bin/vite.js', 'dev', '--port', String(port), '--strictPort', '--host', '127.0.0.1'], {
		env: { ...process.env, NODE_ENV: 'development', DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	vite.stdout!.on('data', (d) => (output += d));
	vite.stderr!.on('data', (d) => (output += d));
	try {
		const base = `http://127.0.0.1:${port}`;
		await expect.poll(async () => (await fetch(`${base}/@fs${resolve('src/app.css')}?raw`).catch(() => null))?.status ?? 0, { timeout: 90_000, message: output }).toBe(200);
		const data = await fetch(`${base}/@fs${probe}?raw`);
		expect(data.status).toBe(403);
		expect(await data.text()).not.toContain('trust');
		const direct = await fetch(`${base}/.data/e2e-probe-${process.pid}/pg_hba.conf?raw`);
		expect(await direct.text()).not.toContain('host all all');
	} finally {
		vite.kill('SIGTERM');
		await new Promise((r) => (vite.exitCode === null ? vite.once('exit', r) : r(null)));
		rmSync(probeDir, { recursive: true, force: true });
	}
});
