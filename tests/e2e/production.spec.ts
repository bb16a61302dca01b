// Issue 9 items 3, 6, 7 and 8 against real production starts of the build:
//  - `npm start` with no DATABASE_URL (the embedded database, in a fresh data folder): no demo
//    user can sign in, the database password is random and owner-only, the console says how to
//    make the first admin, and `npm run user:create -- --admin` does it while the app runs;
//  - `node build/index.js` with no NODE_ENV at all: the dev cron secret is refused, an internal
//    error is a short message with a request id (the log has the same id and the details), no
//    stack reaches the client, NUL input is cleaned, batches are capped, HSTS behind https.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { expect, test } from '@playwright/test';
import { e2eDatabaseUrl } from './fixtures.ts';
import { freePort, PASSWORD_FILE, runningEmbeddedUrl, quoteIdent } from '../../src/lib/server/db/embedded.ts';
import { applyMigrations } from '../../src/lib/server/db/migrate.ts';

test.describe.configure({ mode: 'serial', timeout: 180_000 });

interface Server {
	url: string;
	process: ChildProcess;
	log: () => string;
	stop: () => Promise<void>;
}

/** Starts a command and waits until `url`/login answers. Output is kept for assertions. */
async function startServer(command: string, args: string[], env: NodeJS.ProcessEnv, port: number): Promise<Server> {
	const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	child.stdout!.on('data', (d) => (output += d));
	child.stderr!.on('data', (d) => (output += d));
	const url = `http://127.0.0.1:${port}`;
	for (let i = 0; i < 600; i++) {
		if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
		try {
			if ((await fetch(`${url}/login`)).ok) break;
		} catch {
			// not yet listening
		}
		await new Promise((r) => setTimeout(r, 250));
	}
	return {
		url,
		process: child,
		log: () => output,
		stop: async () => {
			if (child.exitCode === null) child.kill('SIGTERM');
			await new Promise((r) => (child.exitCode === null ? child.once('exit', r) : r(null)));
		}
	};
}

/** The environment of a machine that set nothing: no NODE_ENV, no DATABASE_URL, no secrets. */
function bareEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...extra };
	return env;
}

async function signIn(base: string, email: string, password: string): Promise<{ status: number; cookie: string | null; body: string }> {
	const response = await fetch(`${base}/trpc/auth.login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ json: { email, password } })
	});
	return { status: response.status, cookie: response.headers.get('set-cookie')?.split(';')[0] ?? null, body: await response.text() };
}

test('npm start on a fresh machine: no demo users, a random owner-only database password, the first admin made explicitly', async () => {
	const dataDir = mkdtempSync(join(tmpdir(), 'rudo-prod-data-'));
	chmodSync(dataDir, 0o755); // as root, the embedded PostgreSQL runs as `postgres`
	const port = await freePort();
	const server = await startServer('node_modules/.bin/tsx', ['scripts/start.ts'], bareEnv({ PORT: String(port), HOST: '127.0.0.1', RUDO_DATA_DIR: dataDir, ORIGIN: `http://127.0.0.1:${port}` }), port);
	try {
		for (const [email, password] of [
			['admin@rudo.dev', 'rudo-admin'],
			['maya@rudo.dev', 'rudo-creator']
		]) {
			expect((await signIn(server.url, email, password)).status).toBe(401);
		}
		expect(server.log()).toContain('No admin yet. Create the first one');
		expect(server.log()).toContain('npm run user:create -- --admin');

		const pgDir = join(dataDir, 'pg');
		expect(statSync(join(pgDir, PASSWORD_FILE)).mode & 0o777).toBe(0o600);
		const url = await runningEmbeddedUrl(pgDir);
		expect(url).not.toBeNull();
		const guess = new pg.Client({ connectionString: url!.replace(/\/\/postgres:[^@]+@/, '//postgres:postgres@') });
		await expect(guess.connect()).rejects.toThrow(/password authentication failed/);
		const db = new pg.Client({ connectionString: url! });
		await db.connect();
		expect((await db.query('SELECT count(*)::int AS n FROM users')).rows[0].n).toBe(0);
		await db.end();

		const created = spawnSync('node_modules/.bin/tsx', ['scripts/user-create.ts', '--email', 'owner@example.test', '--name', 'Owner', '--admin'], {
			input: 'first admin password\n',
			env: bareEnv({ RUDO_DATA_DIR: dataDir }),
			encoding: 'utf8'
		});
		expect(created.stdout).toContain('Created admin owner@example.test.');
		const admin = await signIn(server.url, 'owner@example.test', 'first admin password');
		expect(admin.status).toBe(200);
		expect(admin.body).toContain('"role":"ADMIN"');
	} finally {
		await server.stop();
		rmSync(dataDir, { recursive: true, force: true });
	}
});

test.describe('node build/index.js with no NODE_ENV is production', () => {
	let server: Server;
	let databaseUrl: string;
	let adminUrl: string;
	const name = `rudo_prod_${process.pid}`;

	test.beforeAll(async () => {
		adminUrl = e2eDatabaseUrl();
		const u = new URL(adminUrl);
		u.pathname = `/${name}`;
		databaseUrl = u.toString();
		const admin = new pg.Client({ connectionString: adminUrl });
		await admin.connect();
		await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
		await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
		await admin.end();
		await applyMigrations(databaseUrl);
		const user = spawnSync('node_modules/.bin/tsx', ['scripts/user-create.ts', '--email', 'ops@example.test', '--name', 'Ops'], {
			input: 'an ops password\n',
			env: bareEnv({ DATABASE_URL: databaseUrl }),
			encoding: 'utf8'
		});
		expect(user.status, user.stderr).toBe(0);
		const port = await freePort();
		server = await startServer(
			process.execPath,
			['build/index.js'],
			bareEnv({ PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: databaseUrl, PROTOCOL_HEADER: 'x-forwarded-proto', RUDO_DATA_DIR: mkdtempSync(join(tmpdir(), 'rudo-prod-media-')) }),
			port
		);
	});

	test.afterAll(async () => {
		await server?.stop();
		const admin = new pg.Client({ connectionString: adminUrl });
		await admin.connect();
		await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
		await admin.end();
	});

	test('the documented dev cron secret is refused', async () => {
		const response = await fetch(`${server.url}/api/cron/generate`, { method: 'POST', headers: { authorization: 'Bearer rudo-dev-cron-secret' } });
		expect(response.status).toBe(503);
	});

	test('an internal error shows a short message with a request id, and the log has the id and the details', async () => {
		const { cookie } = await signIn(server.url, 'ops@example.test', 'an ops password');
		expect(cookie).toMatch(/^rudo_session=/);
		const db = new pg.Client({ connectionString: databaseUrl });
		await db.connect();
		// A real failure inside Prisma: the table is briefly not where the query expects it.
		await db.query('ALTER TABLE bots RENAME TO bots_moved');
		let response: Response;
		try {
			response = await fetch(`${server.url}/trpc/bots.list`, { headers: { cookie: cookie! } });
		} finally {
			await db.query('ALTER TABLE bots_moved RENAME TO bots');
			await db.end();
		}
		expect(response.status).toBe(500);
		const requestId = response.headers.get('x-request-id')!;
		expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
		const body = await response.text();
		const error = JSON.parse(body).error.json;
		expect(error.message).toBe(`Something went wrong on our side. Reference: ${requestId}`);
		expect(error.data.stack).toBeUndefined();
		expect(body).not.toMatch(/prisma|invocation|bots_moved|relation|at .*\.js/i);
		// The log (JSON lines) has the same id on the error's line, with the details.
		await expect.poll(() => server.log()).toContain(`"requestId":"${requestId}"`);
		const line = server
			.log()
			.split('\n')
			.filter((l) => l.startsWith('{'))
			.map((l) => JSON.parse(l))
			.find((l) => l.requestId === requestId && l.level === 'error');
		expect(line?.msg).toMatch(/bots/);
		expect(line?.err?.stack).toMatch(/bots/);
	});

	test('NUL in inputs is cleaned at the boundary, not a 500', async () => {
		const { cookie } = await signIn(server.url, 'ops@example.test', 'an ops password');
		const input = encodeURIComponent(JSON.stringify({ json: { search: 'a\u0000b' } }));
		const response = await fetch(`${server.url}/trpc/bots.list?input=${input}`, { headers: { cookie: cookie! } });
		expect(response.status).toBe(200);
	});

	test('a batch of many calls, or of several sign-ins, is refused whole', async () => {
		const eight = Array.from({ length: 8 }, () => 'auth.login').join(',');
		const input = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [i, { json: { email: 'ops@example.test', password: `guess ${i}` } }]));
		const response = await fetch(`${server.url}/trpc/${eight}?batch=1`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });
		expect(response.status).toBe(400);
		expect(await response.text()).toContain('auth.login may appear only once in a batch');
		const many = Array.from({ length: 11 }, () => 'auth.me').join(',');
		expect((await fetch(`${server.url}/trpc/${many}?batch=1&input=${encodeURIComponent('{}')}`)).status).toBe(400);
	});

	test('security headers; HSTS only behind https', async () => {
		// adapter-node takes the protocol from PROTOCOL_HEADER (https when the header is absent).
		const plain = await fetch(`${server.url}/login`, { headers: { 'x-forwarded-proto': 'http' } });
		expect(plain.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
		expect(plain.headers.get('x-content-type-options')).toBe('nosniff');
		expect(plain.headers.get('strict-transport-security')).toBeNull();
		const behindProxy = await fetch(`${server.url}/login`, { headers: { 'x-forwarded-proto': 'https' } });
		expect(behindProxy.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
	});
});
