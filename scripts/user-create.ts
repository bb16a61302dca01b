// `npm run user:create -- --email you@example.com --name "You" [--admin] [--reset-password]`
//
// Creates a user (an ADMIN with --admin): how a production install gets its first admin, since
// `npm start` never seeds anyone. For an existing email, --admin promotes and --reset-password
// sets a new password; either ends that user's sessions. The password is read from standard
// input (asked for twice, without echo, on a terminal; the first line of piped input otherwise),
// never from the command line, where it would land in the shell history and `ps`.
// Database: DATABASE_URL, or the embedded one in RUDO_DATA_DIR (reached while `npm start` runs
// it, started for the moment otherwise).
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { ZodError } from 'zod';
import { bootstrapDatabase } from '../src/lib/server/db/bootstrap.ts';
import { createDb } from '../src/lib/server/db/client.ts';
import { runningEmbeddedUrl } from '../src/lib/server/db/embedded.ts';
import { env } from '../src/lib/server/env.ts';
import { createUser, setPassword, setRole, UserExistsError } from '../src/lib/server/auth/users.ts';

const { values } = parseArgs({
	options: {
		email: { type: 'string' },
		name: { type: 'string' },
		admin: { type: 'boolean', default: false },
		'reset-password': { type: 'boolean', default: false }
	}
});
if (!values.email) {
	console.error('usage: npm run user:create -- --email you@example.com --name "Your Name" [--admin] [--reset-password]');
	process.exit(2);
}

async function readPassword(): Promise<string> {
	if (!process.stdin.isTTY) {
		const rl = createInterface({ input: process.stdin });
		for await (const line of rl) {
			rl.close();
			return line;
		}
		return '';
	}
	const ask = (question: string) =>
		new Promise<string>((resolveAnswer) => {
			const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
			const output = rl as unknown as { _writeToOutput: (s: string) => void };
			process.stdout.write(question);
			output._writeToOutput = () => {}; // no echo
			rl.question('', (answer) => {
				rl.close();
				process.stdout.write('\n');
				resolveAnswer(answer);
			});
		});
	const first = await ask('Password (at least 10 characters): ');
	const second = await ask('Again: ');
	if (first !== second) throw new Error('The two passwords differ.');
	return first;
}

async function connect(): Promise<{ url: string; stop: () => Promise<void> }> {
	const config = env();
	if (config.DATABASE_URL) return { url: config.DATABASE_URL, stop: async () => {} };
	const running = await runningEmbeddedUrl(resolve(config.RUDO_DATA_DIR, 'pg'));
	if (running) return { url: running, stop: async () => {} };
	const db = await bootstrapDatabase({ log: () => {} });
	return { url: db.url, stop: db.stop };
}

const target = await connect();
const db = createDb(target.url, { max: 2 });
let code = 0;
try {
	const email = values.email.trim().toLowerCase();
	const existing = await db.prisma.user.findUnique({ where: { email } });
	if (existing) {
		if (!values.admin && !values['reset-password']) throw new UserExistsError(`A user with the email ${email} already exists (add --admin to promote it, --reset-password to set a new password).`);
		if (values['reset-password']) {
			const ended = await setPassword(db, existing.id, await readPassword());
			console.log(`[rudo] New password set for ${email}; ${ended} session(s) ended.`);
		}
		if (values.admin && existing.role !== 'ADMIN') {
			const ended = await setRole(db, existing.id, 'ADMIN');
			console.log(`[rudo] ${email} is now an admin; ${ended} session(s) ended.`);
		}
	} else {
		const user = await createUser(db, { email, name: values.name ?? email.split('@')[0], password: await readPassword(), role: values.admin ? 'ADMIN' : 'CREATOR' });
		console.log(`[rudo] Created ${user.role === 'ADMIN' ? 'admin' : 'creator'} ${user.email}.`);
	}
} catch (error) {
	code = 1;
	if (error instanceof ZodError) console.error(`[rudo] ${error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}`);
	else console.error(`[rudo] ${error instanceof Error ? error.message : error}`);
} finally {
	await db.close();
	await target.stop();
}
process.exit(code);
