// Shared by `npm run dev` and `npm start`: bring the database up (embedded when DATABASE_URL is
// unset), run `prepare` (dev seeds demo data; start checks for a first admin), run the server as
// a child process with DATABASE_URL pointing at it, and on Ctrl-C or SIGTERM let the server
// finish before Postgres is stopped cleanly.
import { spawn } from 'node:child_process';
import { bootstrapDatabase, type Bootstrapped } from '../../src/lib/server/db/bootstrap.ts';
import { log as rootLog } from '../../src/lib/server/log.ts';

export async function runWithDatabase(
	command: string,
	args: string[],
	extraEnv: Record<string, string> = {},
	prepare?: (db: Bootstrapped) => Promise<void>
): Promise<never> {
	// Made here, not at import: `npm run dev` sets NODE_ENV (pretty logs) after its imports.
	const log = rootLog.child({ component: 'launcher' });
	let db: Bootstrapped;
	try {
		db = await bootstrapDatabase();
	} catch (error) {
		log.fatal({ err: error }, `could not start the database: ${error instanceof Error ? error.message : error}`);
		process.exit(1);
	}
	try {
		await prepare?.(db);
	} catch (error) {
		log.fatal({ err: error }, `could not prepare the database: ${error instanceof Error ? error.message : error}`);
		await db.stop();
		process.exit(1);
	}
	const child = spawn(command, args, {
		stdio: 'inherit',
		env: { ...process.env, ...extraEnv, DATABASE_URL: db.url, RUDO_EMBEDDED_DB: db.embedded ? '1' : '0' }
	});

	let stopping = false;
	const onSignal = (signal: NodeJS.Signals) => {
		if (stopping) return;
		stopping = true;
		log.info(`${signal}: stopping…`);
		// With Ctrl-C the terminal already signalled the child; a `kill` reaches only us.
		if (child.exitCode === null) child.kill(signal);
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);

	const code: number = await new Promise((resolve) => child.on('exit', (c, s) => resolve(c ?? (s ? 0 : 1))));
	if (db.embedded) log.info('stopping the embedded PostgreSQL…');
	await db.stop();
	process.exit(code);
}
