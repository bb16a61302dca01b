// Sign-in throttling per account and per address, with growing delays, stored in PostgreSQL
// (rate-limiter-flexible's Postgres store on the `rate_limits` table from the migrations), so
// every app process shares the counts and a restart forgets nothing.
//
// Each sign-in attempt is counted *before* the password is checked (an atomic upsert), so a burst
// of parallel attempts cannot all slip past the check. The first FREE attempts of a window are
// let through; after that an attempt needs the account's (or address's) gate to be open, and every
// attempt it lets through closes the gate for 2^(n − FREE) seconds, capped at MAX_DELAY: one try,
// then 2 s, 4 s, 8 s … up to 15 min. Attempts refused by a closed gate are not counted (they do
// not make the wait longer). A successful sign-in clears the account's count and gives the
// address its attempt back. Keys: SHA-256 of the normalised email (unknown emails are counted
// the same, so throttling reveals nothing about which accounts exist) and the client address.
import { createHash } from 'node:crypto';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { Db } from '../db/client.ts';

export const THROTTLE_TABLE = 'rate_limits';
/** Failed attempts an account gets before the delays start (within WINDOW). */
export const ACCOUNT_FREE_ATTEMPTS = 5;
/** Failed attempts an address gets before the delays start (offices share one address). */
export const ADDRESS_FREE_ATTEMPTS = 20;
/** How long failures are remembered. */
export const WINDOW_SECONDS = 24 * 3600;
/** The longest wait between attempts once throttled. */
export const MAX_DELAY_SECONDS = 15 * 60;

/** The delay (seconds) that an attempt numbered `attempt` imposes once past `free` attempts. */
export function delayAfter(attempt: number, free: number): number {
	if (attempt <= free) return 0;
	return Math.min(MAX_DELAY_SECONDS, 2 ** (attempt - free));
}

export class SignInThrottledError extends Error {
	override name = 'SignInThrottledError';
	constructor(readonly retryAfterSeconds: number) {
		super(`Too many sign-in attempts. Try again in ${formatWait(retryAfterSeconds)}.`);
	}
}

function formatWait(seconds: number): string {
	if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
	const minutes = Math.ceil(seconds / 60);
	return `${minutes} minutes`;
}

interface Limiters {
	counts: RateLimiterPostgres;
	gates: RateLimiterPostgres;
}

const byDb = new WeakMap<Db, Limiters>();

function limitersFor(db: Db): Limiters {
	let limiters = byDb.get(db);
	if (!limiters) {
		const common = { storeClient: db.pool, storeType: 'pool', tableName: THROTTLE_TABLE, tableCreated: true };
		limiters = {
			// Failures per key over the window (points is only a ceiling; the FREE numbers decide).
			counts: new RateLimiterPostgres({ ...common, keyPrefix: 'signin_count', points: 1_000_000, duration: WINDOW_SECONDS }),
			// One attempt per gate window; the window length is set per attempt (customDuration).
			gates: new RateLimiterPostgres({ ...common, keyPrefix: 'signin_gate', points: 1, duration: 1 })
		};
		byDb.set(db, limiters);
	}
	return limiters;
}

export interface ThrottleKeys {
	email: string;
	/** Null outside an HTTP request (server-side calls): then only the account is throttled. */
	address: string | null;
}

interface Dimension {
	key: string;
	free: number;
}

function dimensions(keys: ThrottleKeys): Dimension[] {
	const account = createHash('sha256').update(keys.email.trim().toLowerCase()).digest('hex');
	const out: Dimension[] = [{ key: `account:${account}`, free: ACCOUNT_FREE_ATTEMPTS }];
	if (keys.address) out.push({ key: `address:${keys.address.slice(0, 100)}`, free: ADDRESS_FREE_ATTEMPTS });
	return out;
}

/**
 * Counts a sign-in attempt and decides whether it may check the password. Throws
 * SignInThrottledError (nothing counted) when the account's or the address's gate is closed.
 * Call `signInSucceeded` after a successful sign-in.
 */
export async function admitSignInAttempt(db: Db, keys: ThrottleKeys): Promise<void> {
	const { counts, gates } = limitersFor(db);
	const admitted: Dimension[] = [];
	try {
		for (const dimension of dimensions(keys)) {
			const attempt = (await counts.penalty(dimension.key, 1)).consumedPoints;
			admitted.push(dimension);
			const delay = delayAfter(attempt, dimension.free);
			if (delay === 0) continue;
			try {
				await gates.consume(dimension.key, 1, { customDuration: delay });
			} catch (refusal) {
				if (refusal instanceof RateLimiterRes) throw new SignInThrottledError(Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)));
				throw refusal;
			}
		}
	} catch (error) {
		// A refused attempt does not count against any dimension it was counted in.
		if (error instanceof SignInThrottledError) await Promise.all(admitted.map((d) => counts.reward(d.key, 1)));
		throw error;
	}
}

/** A successful sign-in: the account starts afresh; the address gets this attempt back. */
export async function signInSucceeded(db: Db, keys: ThrottleKeys): Promise<void> {
	const { counts, gates } = limitersFor(db);
	const [account, address] = dimensions(keys);
	await Promise.all([counts.delete(account.key), gates.delete(account.key), address ? counts.reward(address.key, 1) : null]);
}
