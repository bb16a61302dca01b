import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { makeBot, makeUser } from '../helpers/factories.ts';
import { asSessionUser, callerAs, memoryCookies, errorOf } from '../helpers/trpc.ts';
import { appRouter } from '../../src/lib/server/trpc/root.ts';
import { SESSION_COOKIE, hashToken, validateSession } from '../../src/lib/server/auth/session.ts';

let db: TestDatabase;
beforeAll(async () => {
	db = await createTestDatabase();
});
afterAll(async () => db?.drop());


describe('login', () => {
	it('signs in with the right password and sets an httpOnly session that resolves to the user', async () => {
		const user = await makeUser(db, { email: 'ok@example.test', password: 'right-password-1' });
		const cookies = memoryCookies();
		const me = await callerAs(db, null, cookies).auth.login({ email: '  OK@Example.test ', password: 'right-password-1' });
		expect(me).toMatchObject({ id: user.id, email: 'ok@example.test' });
		const token = cookies.jar.get(SESSION_COOKIE);
		expect(token).toBeTruthy();
		expect(await validateSession(db, token)).toMatchObject({ id: user.id, role: 'CREATOR' });
		// Only the hash is stored: the cookie value itself is not a session id in the table.
		expect(await db.prisma.session.findUnique({ where: { id: token! } })).toBeNull();
		expect(await db.prisma.session.findUnique({ where: { id: hashToken(token!) } })).not.toBeNull();
	});

	it('gives the same message for a wrong password, an unknown user and a suspended account', async () => {
		await makeUser(db, { email: 'known@example.test', password: 'right-password-2' });
		await makeUser(db, { email: 'suspended@example.test', password: 'right-password-3', status: 'SUSPENDED' });
		const wrong = await errorOf(callerAs(db, null).auth.login({ email: 'known@example.test', password: 'nope' }));
		const unknown = await errorOf(callerAs(db, null).auth.login({ email: 'nobody@example.test', password: 'nope' }));
		const suspended = await errorOf(callerAs(db, null).auth.login({ email: 'suspended@example.test', password: 'right-password-3' }));
		for (const e of [wrong, unknown, suspended]) {
			expect(e.code).toBe('UNAUTHORIZED');
			expect(e.message).toBe('Email or password is incorrect.');
		}
	});

	it('treats an expired session as signed out and removes it', async () => {
		const user = await makeUser(db);
		const cookies = memoryCookies();
		await callerAs(db, null, cookies).auth.login({ email: user.email, password: 'correct horse battery' });
		const token = cookies.jar.get(SESSION_COOKIE)!;
		await db.prisma.session.update({ where: { id: hashToken(token) }, data: { expiresAt: new Date(Date.now() - 1000) } });
		expect(await validateSession(db, token)).toBeNull();
		expect(await db.prisma.session.count({ where: { id: hashToken(token) } })).toBe(0);
	});

	it('logs out: the cookie is cleared and the session no longer resolves', async () => {
		const user = await makeUser(db);
		const cookies = memoryCookies();
		await callerAs(db, null, cookies).auth.login({ email: user.email, password: 'correct horse battery' });
		const token = cookies.jar.get(SESSION_COOKIE)!;
		await callerAs(db, asSessionUser(user), cookies).auth.logout();
		expect(cookies.jar.has(SESSION_COOKIE)).toBe(false);
		expect(await validateSession(db, token)).toBeNull();
	});
});

describe('procedure guards', () => {
	it('a signed-out call to an authed procedure is UNAUTHORIZED', async () => {
		expect((await errorOf(callerAs(db, null).overview.counts())).code).toBe('UNAUTHORIZED');
	});

	it('a creator calling an admin procedure gets FORBIDDEN; an admin succeeds', async () => {
		const creator = await makeUser(db);
		const admin = await makeUser(db, { role: 'ADMIN' });
		expect((await errorOf(callerAs(db, asSessionUser(creator)).queue.counts())).code).toBe('FORBIDDEN');
		await expect(callerAs(db, asSessionUser(admin)).queue.counts()).resolves.toBeInstanceOf(Array);
	});

	it('creators see only their own bots in lists and counts; admins see all', async () => {
		const a = await makeUser(db);
		const b = await makeUser(db);
		const admin = await makeUser(db, { role: 'ADMIN' });
		await makeBot(db, a.id, { handle: 'alpha_one' });
		await makeBot(db, a.id, { handle: 'alpha_two' });
		await makeBot(db, b.id, { handle: 'beta_one' });
		const aBots = await callerAs(db, asSessionUser(a)).bots.list();
		expect(aBots.map((x) => x.handle).sort()).toEqual(['alpha_one', 'alpha_two']);
		expect((await callerAs(db, asSessionUser(b)).overview.counts()).bots).toBe(1);
		expect((await callerAs(db, asSessionUser(b)).overview.counts()).jobs).toBeNull();
		const all = await callerAs(db, asSessionUser(admin)).bots.list();
		expect(all.map((x) => x.handle)).toEqual(expect.arrayContaining(['alpha_one', 'alpha_two', 'beta_one']));
	});
});

describe('input validation over HTTP', () => {
	it('a bad input returns 400 with zod field errors', async () => {
		const response = await fetchRequestHandler({
			endpoint: '/trpc',
			router: appRouter,
			req: new Request('http://localhost/trpc/auth.login', {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ json: { email: 'not-an-email', password: '' } })
			}),
			createContext: () => ({ db, user: null, cookies: memoryCookies(), secureCookies: false })
		});
		expect(response.status).toBe(400);
		const body = await response.json();
		const fieldErrors = body.error.json.data.zodError.fieldErrors;
		expect(fieldErrors.email).toEqual(['Enter a valid email address']);
		expect(fieldErrors.password).toEqual(['Enter your password']);
	});
});
