// Issue 9 item 3: no known credentials in a production install. The embedded database gets a
// random superuser password kept in its folder (owner-only), the bootstrap seeds nobody, and the
// first admin is made explicitly with `npm run user:create -- --admin`.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { PASSWORD_FILE, runningEmbeddedUrl, startEmbeddedPostgres } from '../../src/lib/server/db/embedded.ts';
import { bootstrapDatabase } from '../../src/lib/server/db/bootstrap.ts';
import { resetEnvCache } from '../../src/lib/server/env.ts';
import { verifyPassword } from '../../src/lib/server/auth/password.ts';
import { validateSession, createSession } from '../../src/lib/server/auth/session.ts';

let db: TestDatabase;
beforeAll(async () => {
	db = await createTestDatabase();
});
afterAll(async () => db?.drop());

async function canConnect(url: string): Promise<boolean> {
	const client = new pg.Client({ connectionString: url });
	try {
		await client.connect();
		await client.end();
		return true;
	} catch {
		return false;
	}
}

describe('the embedded database', () => {
	it('has a random superuser password in an owner-only file, refuses postgres/postgres, and keeps the password across restarts', { timeout: 120_000 }, async () => {
		const parent = mkdtempSync(join(tmpdir(), 'rudo-embedded-'));
		chmodSync(parent, 0o755); // as root, PostgreSQL runs as `postgres`, who must reach the folder
		const dir = join(parent, 'pg');
		try {
			const first = await startEmbeddedPostgres({ dir });
			try {
				const file = join(dir, PASSWORD_FILE);
				expect(statSync(file).mode & 0o777).toBe(0o600);
				expect(first.url).not.toContain(':postgres@');
				expect(await canConnect(first.url)).toBe(true);
				expect(await canConnect(`postgresql://postgres:postgres@127.0.0.1:${first.port}/postgres`)).toBe(false);
				// While it runs, other commands (npm run user:create) reach it through the folder.
				expect(await runningEmbeddedUrl(dir)).toBe(first.url);
			} finally {
				await first.stop();
			}
			expect(await runningEmbeddedUrl(dir)).toBeNull();
			const second = await startEmbeddedPostgres({ dir });
			try {
				expect(second.url.split('@')[0]).toBe(first.url.split('@')[0]);
				expect(await canConnect(second.url)).toBe(true);
			} finally {
				await second.stop();
			}
		} finally {
			rmSync(join(dir, '..'), { recursive: true, force: true });
		}
	});
});

describe('an embedded cluster made before random passwords', () => {
	it('gets a random password on its next start, and postgres/postgres stops working', { timeout: 120_000 }, async () => {
		const parent = mkdtempSync(join(tmpdir(), 'rudo-embedded-legacy-'));
		chmodSync(parent, 0o755);
		const dir = join(parent, 'pg');
		try {
			// Make it look like an old cluster: superuser password "postgres", no password file.
			const old = await startEmbeddedPostgres({ dir });
			const client = new pg.Client({ connectionString: old.url });
			await client.connect();
			await client.query(`ALTER ROLE postgres PASSWORD 'postgres'`);
			await client.end();
			await old.stop();
			rmSync(join(dir, PASSWORD_FILE));

			const upgraded = await startEmbeddedPostgres({ dir });
			try {
				expect(statSync(join(dir, PASSWORD_FILE)).mode & 0o777).toBe(0o600);
				expect(upgraded.url).not.toContain(':postgres@');
				expect(await canConnect(upgraded.url)).toBe(true);
				expect(await canConnect(`postgresql://postgres:postgres@127.0.0.1:${upgraded.port}/postgres`)).toBe(false);
			} finally {
				await upgraded.stop();
			}
		} finally {
			rmSync(parent, { recursive: true, force: true });
		}
	});
});

describe('a production start seeds nobody; the first admin is made explicitly', () => {
	it('bootstrapping an empty database applies the migrations and creates no users', async () => {
		const saved = process.env.DATABASE_URL;
		process.env.DATABASE_URL = db.url;
		resetEnvCache();
		try {
			const booted = await bootstrapDatabase({ log: () => {} });
			await booted.stop();
		} finally {
			process.env.DATABASE_URL = saved;
			resetEnvCache();
		}
		expect(await db.prisma.user.count()).toBe(0);
	});

	it('npm run user:create -- --admin creates an admin from a piped password; promoting or resetting ends sessions', { timeout: 60_000 }, () => {
		const run = (args: string[], input: string) =>
			spawnSync('node_modules/.bin/tsx', ['scripts/user-create.ts', ...args], { input, env: { ...process.env, DATABASE_URL: db.url }, encoding: 'utf8' });
		const created = run(['--email', 'Boss@Example.test', '--name', 'The Boss', '--admin'], 'a long enough password\n');
		expect(created.stderr).toBe('');
		expect(created.stdout).toContain('Created admin boss@example.test.');
		const short = run(['--email', 'weak@example.test'], 'short\n');
		expect(short.status).toBe(1);
		expect(short.stderr).toMatch(/at least 10 characters/);
		const again = run(['--email', 'boss@example.test'], 'whatever password\n');
		expect(again.status).toBe(1);
		expect(again.stderr).toMatch(/already exists/);
		return (async () => {
			const boss = await db.prisma.user.findUniqueOrThrow({ where: { email: 'boss@example.test' } });
			expect(boss).toMatchObject({ role: 'ADMIN', status: 'ACTIVE', name: 'The Boss' });
			expect(await verifyPassword('a long enough password', boss.passwordHash)).toBe(true);
			const { token } = await createSession(db, boss.id, 1);
			const reset = run(['--email', 'boss@example.test', '--reset-password'], 'another long password\n');
			expect(reset.stdout).toContain('1 session(s) ended');
			expect(await validateSession(db, token)).toBeNull();
			const after = await db.prisma.user.findUniqueOrThrow({ where: { email: 'boss@example.test' } });
			expect(await verifyPassword('another long password', after.passwordHash)).toBe(true);
		})();
	});
});

