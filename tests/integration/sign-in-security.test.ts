// Issue 9 items 4 and 12: sign-in throttled per account and per address with growing delays,
// password hashing that a burst cannot use to starve a real user, and sessions that end when
// they should (sign out everywhere, password change, role change, expiry).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { makeUser } from '../helpers/factories.ts';
import { asSessionUser, errorOf, memoryCookies } from '../helpers/trpc.ts';
import { createCaller } from '../../src/lib/server/trpc/root.ts';
import { SESSION_COOKIE, createSession, pruneExpiredSessionsEvery, SESSION_PRUNE_INTERVAL_MS, validateSession } from '../../src/lib/server/auth/session.ts';
import { ACCOUNT_FREE_ATTEMPTS, ADDRESS_FREE_ATTEMPTS, delayAfter, MAX_DELAY_SECONDS } from '../../src/lib/server/auth/throttle.ts';
import { setRole } from '../../src/lib/server/auth/users.ts';
import type { SessionUser } from '../../src/lib/server/auth/session.ts';

let db: TestDatabase;
beforeAll(async () => {
	db = await createTestDatabase();
});
afterAll(async () => db?.drop());
beforeEach(async () => {
	await db.truncate();
	await db.pool.query('TRUNCATE rate_limits');
});

/** A caller as a browser at `address` would be (the hook passes the client address). */
function from(address: string | null, user: SessionUser | null = null, cookies = memoryCookies()) {
	return { caller: createCaller({ db, user, cookies, secureCookies: false, clientAddress: address }), cookies };
}

const RIGHT = 'correct horse battery';

describe('sign-in throttling', () => {
	it('25 wrong passwords, then the right one: refused with a wait, not signed in', async () => {
		const user = await makeUser(db, { email: 'victim@example.test' });
		const codes: string[] = [];
		for (let i = 0; i < 25; i++) codes.push((await errorOf(from('198.51.100.7').caller.auth.login({ email: user.email, password: `guess-${i}` }))).code);
		expect(codes.slice(0, ACCOUNT_FREE_ATTEMPTS + 1).every((c) => c === 'UNAUTHORIZED')).toBe(true);
		expect(codes.slice(ACCOUNT_FREE_ATTEMPTS + 1).every((c) => c === 'TOO_MANY_REQUESTS')).toBe(true);
		const { caller, cookies } = from('198.51.100.7');
		const refused = await errorOf(caller.auth.login({ email: user.email, password: RIGHT }));
		expect(refused.code).toBe('TOO_MANY_REQUESTS');
		expect(refused.message).toMatch(/^Too many sign-in attempts\. Try again in \d+ seconds?\.$/);
		expect(cookies.jar.has(SESSION_COOKIE)).toBe(false);
		// The same holds from another address: the account itself is throttled.
		expect((await errorOf(from('203.0.113.9').caller.auth.login({ email: user.email, password: RIGHT }))).code).toBe('TOO_MANY_REQUESTS');
	});

	it('once the wait is over the right password signs in, and the count starts afresh', async () => {
		const user = await makeUser(db);
		for (let i = 0; i <= ACCOUNT_FREE_ATTEMPTS; i++) await errorOf(from('198.51.100.8').caller.auth.login({ email: user.email, password: 'nope' }));
		expect((await errorOf(from('198.51.100.8').caller.auth.login({ email: user.email, password: RIGHT }))).code).toBe('TOO_MANY_REQUESTS');
		// Let the gate's window pass (what waiting does), without sleeping in the test.
		await db.pool.query(`UPDATE rate_limits SET expire = 0 WHERE key LIKE 'signin_gate:%'`);
		await expect(from('198.51.100.8').caller.auth.login({ email: user.email, password: RIGHT })).resolves.toMatchObject({ id: user.id });
		const { rows } = await db.pool.query(`SELECT points FROM rate_limits WHERE key LIKE 'signin_count:account:%'`);
		expect(rows).toEqual([]);
	});

	it('an address trying many accounts is throttled too, and unknown emails count like known ones', async () => {
		const address = '192.0.2.44';
		const codes: string[] = [];
		for (let i = 0; i < ADDRESS_FREE_ATTEMPTS + 3; i++) codes.push((await errorOf(from(address).caller.auth.login({ email: `nobody${i}@example.test`, password: 'x' }))).code);
		expect(codes.slice(0, ADDRESS_FREE_ATTEMPTS + 1).every((c) => c === 'UNAUTHORIZED')).toBe(true);
		expect(codes.at(-1)).toBe('TOO_MANY_REQUESTS');
		// Another address is not affected.
		const user = await makeUser(db);
		await expect(from('192.0.2.45').caller.auth.login({ email: user.email, password: RIGHT })).resolves.toMatchObject({ id: user.id });
	});

	it('the delays grow and are capped', () => {
		expect([1, 5, 6, 7, 8, 12].map((n) => delayAfter(n, 5))).toEqual([0, 0, 2, 4, 8, 128]);
		expect(delayAfter(40, 5)).toBe(MAX_DELAY_SECONDS);
	});

	it('32 parallel bad sign-ins are mostly refused before hashing, and a real user signs in meanwhile', async () => {
		const target = await makeUser(db, { email: 'target@example.test' });
		const real = await makeUser(db, { email: 'real@example.test' });
		const burst = Array.from({ length: 32 }, (_, i) => errorOf(from('198.51.100.66').caller.auth.login({ email: target.email, password: `bad-${i}` })));
		const { caller, cookies } = from('203.0.113.77');
		const mine = caller.auth.login({ email: real.email, password: RIGHT });
		const [results, me] = await Promise.all([Promise.all(burst), mine]);
		expect(me).toMatchObject({ id: real.id });
		expect(await validateSession(db, cookies.jar.get(SESSION_COOKIE))).toMatchObject({ id: real.id });
		const refused = results.filter((e) => e.code === 'TOO_MANY_REQUESTS').length;
		const checked = results.filter((e) => e.code === 'UNAUTHORIZED').length;
		// Only the free attempts and one gated attempt ever reach the password hash.
		expect(checked).toBeLessThanOrEqual(ACCOUNT_FREE_ATTEMPTS + 1);
		expect(refused + checked).toBe(32);
	});

	it('a password change is throttled like a sign-in', async () => {
		const user = await makeUser(db);
		const { caller } = from('198.51.100.90', asSessionUser(user));
		const codes: string[] = [];
		for (let i = 0; i < ACCOUNT_FREE_ATTEMPTS + 3; i++) codes.push((await errorOf(caller.auth.changePassword({ currentPassword: `wrong-${i}`, newPassword: 'a brand new password' }))).code);
		expect(codes.at(-1)).toBe('TOO_MANY_REQUESTS');
	});
});

describe('sessions', () => {
	async function signIn(user: { email: string }, address: string) {
		const { caller, cookies } = from(address);
		await caller.auth.login({ email: user.email, password: RIGHT });
		return cookies;
	}

	it('"sign out everywhere" ends every session of the user, and only theirs', async () => {
		const user = await makeUser(db);
		const other = await makeUser(db);
		const laptop = await signIn(user, '10.0.0.1');
		const phone = await signIn(user, '10.0.0.2');
		const theirs = await signIn(other, '10.0.0.3');
		expect((await from('10.0.0.1', asSessionUser(user), laptop).caller.auth.sessions()).active).toBe(2);
		const result = await from('10.0.0.1', asSessionUser(user), laptop).caller.auth.logoutEverywhere();
		expect(result.ended).toBe(2);
		expect(laptop.jar.has(SESSION_COOKIE)).toBe(false);
		expect(await validateSession(db, phone.jar.get(SESSION_COOKIE))).toBeNull();
		expect(await validateSession(db, theirs.jar.get(SESSION_COOKIE))).toMatchObject({ id: other.id });
	});

	it('a password change ends the other sessions, keeps this one, and the new password works', async () => {
		const user = await makeUser(db);
		const here = await signIn(user, '10.0.1.1');
		const elsewhere = await signIn(user, '10.0.1.2');
		const { caller } = from('10.0.1.1', asSessionUser(user), here);
		expect((await errorOf(caller.auth.changePassword({ currentPassword: 'not it', newPassword: 'a brand new password' }))).message).toBe('The current password is not right.');
		expect((await errorOf(caller.auth.changePassword({ currentPassword: RIGHT, newPassword: 'short' }))).code).toBe('BAD_REQUEST');
		await expect(caller.auth.changePassword({ currentPassword: RIGHT, newPassword: 'a brand new password' })).resolves.toEqual({ endedSessions: 1 });
		expect(await validateSession(db, here.jar.get(SESSION_COOKIE))).toMatchObject({ id: user.id });
		expect(await validateSession(db, elsewhere.jar.get(SESSION_COOKIE))).toBeNull();
		expect((await errorOf(from('10.0.1.3').caller.auth.login({ email: user.email, password: RIGHT }))).code).toBe('UNAUTHORIZED');
		await expect(from('10.0.1.3').caller.auth.login({ email: user.email, password: 'a brand new password' })).resolves.toMatchObject({ id: user.id });
	});

	it('a role change ends all of the user’s sessions', async () => {
		const user = await makeUser(db, { role: 'ADMIN' });
		const cookies = await signIn(user, '10.0.2.1');
		expect(await setRole(db, user.id, 'CREATOR')).toBe(1);
		expect(await validateSession(db, cookies.jar.get(SESSION_COOKIE))).toBeNull();
	});

	it('expired sessions are pruned on sign-in, at most once per interval', async () => {
		const user = await makeUser(db);
		for (let i = 0; i < 3; i++) {
			const { token } = await createSession(db, user.id, 1);
			await db.pool.query(`UPDATE sessions SET "expiresAt" = now() - interval '1 hour' WHERE id = encode(sha256($1::bytea), 'hex')`, [token]);
		}
		const far = Date.now() + 10 * SESSION_PRUNE_INTERVAL_MS;
		expect(await pruneExpiredSessionsEvery(db, far)).toBe(3);
		expect(await pruneExpiredSessionsEvery(db, far + 1000)).toBeNull();
		expect(await db.prisma.session.count()).toBe(0);
	});
});
