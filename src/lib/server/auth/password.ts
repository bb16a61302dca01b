// Password hashing with scrypt (a memory-hard KDF from node:crypto: no native addon to build).
// Stored as "scrypt$N$r$p$<salt b64>$<hash b64>" so parameters can be raised later without
// invalidating existing hashes.
//
// One scrypt with these parameters takes ~100 ms of CPU and 32 MB on a libuv thread. libuv has four
// threads by default, shared with file reads and DNS: a burst of sign-in attempts hashing at once
// would queue every other request's file access behind them (32 parallel bad logins held a real
// user's sign-in for ~30 s). So at most HASH_CONCURRENCY hashes run at once, at most
// HASH_QUEUE_LIMIT wait, and beyond that an attempt is refused at once as busy; throttling
// (throttle.ts) refuses most of a burst before it gets here.
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const N = 1 << 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

/** Hashes running at once: half of libuv's default four threads, the rest stay free for I/O. */
export const HASH_CONCURRENCY = 2;
/** Hashes waiting at most; more are refused (PasswordHashingBusyError). */
export const HASH_QUEUE_LIMIT = 16;

/** Too many sign-ins are hashing right now; the caller should try again in a moment. */
export class PasswordHashingBusyError extends Error {
	override name = 'PasswordHashingBusyError';
	constructor() {
		super('Sign-in is busy right now. Try again in a moment.');
	}
}

let running = 0;
const waiting: Array<() => void> = [];

/** Runs `work` when a hashing slot is free (FIFO), or refuses when the queue is full. */
async function withHashSlot<T>(work: () => Promise<T>): Promise<T> {
	if (running >= HASH_CONCURRENCY) {
		if (waiting.length >= HASH_QUEUE_LIMIT) throw new PasswordHashingBusyError();
		await new Promise<void>((resolve) => waiting.push(resolve));
	} else {
		running++;
	}
	try {
		return await work();
	} finally {
		// Hand the slot straight to the next waiter (running stays the same), or free it.
		const next = waiting.shift();
		if (next) next();
		else running--;
	}
}

/** How many hashes run and wait right now (tests and diagnostics). */
export function hashingLoad(): { running: number; waiting: number } {
	return { running, waiting: waiting.length };
}

function scrypt(password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
	return withHashSlot(
		() =>
			new Promise((resolve, reject) =>
				scryptCb(password.normalize('NFKC'), salt, keylen, { ...options, maxmem: 128 * options.N! * options.r! * 2 }, (error, key) =>
					error ? reject(error) : resolve(key)
				)
			)
	);
}

export async function hashPassword(password: string): Promise<string> {
	const salt = randomBytes(16);
	const key = await scrypt(password, salt, KEY_LENGTH, { N, r: R, p: P });
	return ['scrypt', N, R, P, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
	const [scheme, n, r, p, saltB64, hashB64] = stored.split('$');
	if (scheme !== 'scrypt' || !saltB64 || !hashB64) return false;
	const expected = Buffer.from(hashB64, 'base64');
	const actual = await scrypt(password, Buffer.from(saltB64, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
	return actual.length === expected.length && timingSafeEqual(actual, expected);
}

// Verifying against this when the email is unknown makes both failures take the same time,
// so response timing does not reveal which accounts exist.
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
	dummyHash ??= hashPassword(randomBytes(16).toString('hex')).catch((error: unknown) => {
		dummyHash = undefined; // refused as busy: try again next time rather than cache the failure
		throw error;
	});
	return dummyHash;
}
