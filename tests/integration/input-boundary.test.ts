// Issue 9 item 7: strings from outside are cleaned (or refused) at the zod boundary of every
// procedure, so NUL never reaches PostgreSQL as a 500 with Prisma's text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { makeBot, makeUser } from '../helpers/factories.ts';
import { asSessionUser, callerAs, errorOf } from '../helpers/trpc.ts';

let db: TestDatabase;
beforeAll(async () => {
	db = await createTestDatabase();
});
afterAll(async () => db?.drop());

describe('NUL at the boundary', () => {
	it('the jobs error-text filter: cleaned when there is text left, refused when there is none', async () => {
		const admin = callerAs(db, asSessionUser(await makeUser(db, { role: 'ADMIN' })));
		await expect(admin.queue.list({ filter: { errorText: 'time\u0000out' }, pageSize: 25, sort: 'created-desc' })).resolves.toMatchObject({ total: { count: 0 } });
		await expect(admin.queue.bulkCount({ filter: { errorText: 'x\u0000', botId: 'b\u0000' }, action: 'retry' })).resolves.toEqual({ count: 0 });
		expect((await errorOf(admin.queue.bulkCount({ filter: { errorText: '\u0000' }, action: 'retry' }))).code).toBe('BAD_REQUEST');
	});

	it('ids, cursors and emails with NUL are cleaned, then answered like any other value', async () => {
		const owner = await makeUser(db);
		const bot = await makeBot(db, owner.id);
		const maya = callerAs(db, asSessionUser(owner));
		// Cleaned, the id is the bot's own id.
		await expect(maya.bots.get({ id: `${bot.id}\u0000` })).resolves.toMatchObject({ id: bot.id });
		expect((await errorOf(maya.bots.get({ id: 'no\u0000such' }))).code).toBe('NOT_FOUND');
		await expect(maya.posts.feed({ limit: 5, cursor: 'c\u0000', botId: 'x\u0000' })).resolves.toBeTruthy();
		await expect(maya.usage.costPerDay({ botId: `${bot.id}\u0000`, days: 7 })).resolves.toBeTruthy();
		expect((await errorOf(callerAs(db, null).auth.login({ email: 'a\u0000@example.test', password: 'p\u0000' }))).code).toBe('UNAUTHORIZED');
	});
});
