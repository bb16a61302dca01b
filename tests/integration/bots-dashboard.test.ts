// Issue 12, the bots side, through the real routers (createCaller) on a throwaway database:
// required-field messages, previews of someone else's bot, filters from a stale URL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { makeBot, makeUser } from '../helpers/factories.ts';
import { asSessionUser, callerAs, errorOf } from '../helpers/trpc.ts';
import { botListFiltersFromQuery, type BotInput } from '../../src/lib/schemas/bot.ts';

let db: TestDatabase;
beforeAll(async () => {
	db = await createTestDatabase();
});
afterAll(async () => {
	await db?.drop();
});

function fieldErrors(error: TRPCError): Record<string, string[]> {
	expect(error.code).toBe('BAD_REQUEST');
	const issues = (error.cause as { issues?: { path: PropertyKey[]; message: string }[] }).issues ?? [];
	const out: Record<string, string[]> = {};
	for (const issue of issues) (out[issue.path.map(String).join('.')] ??= []).push(issue.message);
	return out;
}

const dna = { voice: 'calm and curious', traits: ['patient'], interests: ['tide pools'] };
const botData = (over: Partial<BotInput> = {}): BotInput => ({ handle: 'sea_glass', name: 'Sea Glass', bio: '', personaDna: dna, postsPerDay: 1, schedulingEnabled: false, ...over });

async function people() {
	const maya = await makeUser(db, { name: 'Maya' });
	const leo = await makeUser(db, { name: 'Leo' });
	return { maya, leo, asMaya: callerAs(db, asSessionUser(maya)), asLeo: callerAs(db, asSessionUser(leo)) };
}

describe('required fields say they are required, not too short', () => {
	it('an empty handle is "Enter a handle" first; a short one is the length message', async () => {
		const { asMaya } = await people();
		expect(fieldErrors(await errorOf(asMaya.bots.create(botData({ handle: '' }))))['handle'][0]).toBe('Enter a handle');
		expect(fieldErrors(await errorOf(asMaya.bots.create(botData({ handle: '   ' }))))['handle'][0]).toBe('Enter a handle');
		expect(fieldErrors(await errorOf(asMaya.bots.create(botData({ handle: 'ab' }))))['handle']).toEqual(['Use at least 3 characters']);
		expect(fieldErrors(await errorOf(asMaya.bots.create(botData({ name: '' }))))['name'][0]).toBe('Give the bot a name');
	});
});

describe("a preview of someone else's bot", () => {
	it('is NOT_FOUND saying "No such bot", the same words as for a bot that does not exist; nothing is written', async () => {
		const { leo, asMaya } = await people();
		const chef = await makeBot(db, leo.id);
		const other = await errorOf(asMaya.posts.previewCreate({ botId: chef.id }));
		const missing = await errorOf(asMaya.posts.previewCreate({ botId: 'no-such-bot' }));
		expect(other.code).toBe('NOT_FOUND');
		expect(other.message).toMatch(/^No such bot/);
		expect(other.message).not.toMatch(/preview/i);
		expect(missing.message).toBe(other.message);
		expect(await db.prisma.postDraft.count({ where: { botId: chef.id } })).toBe(0);
	});
});

describe('list filters from a stale URL', () => {
	it('unknown tier and style values are dropped, so the list is as wide as the "All" the selects show', async () => {
		const filters = botListFiltersFromQuery(new URLSearchParams('tier=GOLD&style=CUBIST&scheduling=maybe'));
		expect(filters).toMatchObject({ tier: undefined, artStyle: undefined, scheduling: undefined });
		const { maya, asMaya } = await people();
		await makeBot(db, maya.id, { tier: 'SPARK' });
		await makeBot(db, maya.id, { tier: 'APEX' });
		expect(await asMaya.bots.list(filters)).toHaveLength(2);
	});
});

describe('the bots list by pages', () => {
	it('pages by name then handle with an exact total; filters apply to the count; past the end is empty with the real page count', async () => {
		const { maya, leo, asMaya } = await people();
		const names = ['Echo', 'Alpha', 'Delta', 'Bravo', 'Charlie'];
		for (const [i, name] of names.entries()) {
			const b = await makeBot(db, maya.id, { handle: `page_${i}_${Math.random().toString(36).slice(2, 6)}`, tier: i % 2 ? 'APEX' : 'SPARK' });
			await db.prisma.bot.update({ where: { id: b.id }, data: { name } });
		}
		await makeBot(db, leo.id);
		const p1 = await asMaya.bots.page({ pageSize: 2 });
		expect(p1).toMatchObject({ total: 5, page: 1, pageSize: 2, pageCount: 3 });
		expect(p1.bots.map((b) => b.name)).toEqual(['Alpha', 'Bravo']);
		expect((await asMaya.bots.page({ pageSize: 2, page: 2 })).bots.map((b) => b.name)).toEqual(['Charlie', 'Delta']);
		expect((await asMaya.bots.page({ pageSize: 2, page: 3 })).bots.map((b) => b.name)).toEqual(['Echo']);
		expect(await asMaya.bots.page({ pageSize: 2, page: 4 })).toMatchObject({ bots: [], total: 5, page: 4, pageCount: 3 });
		// Filters narrow rows and total alike.
		expect(await asMaya.bots.page({ pageSize: 2, tier: 'APEX' })).toMatchObject({ total: 2, pageCount: 1 });
		// An empty list is "page 1 of 1".
		expect(await asMaya.bots.page({ search: 'nobody' })).toMatchObject({ total: 0, pageCount: 1, bots: [] });
		expect((await errorOf(asMaya.bots.page({ page: 0 }))).code).toBe('BAD_REQUEST');

		// Archived bots are left out and counted as hidden (under the same filters), unless shown.
		const [first] = p1.bots;
		await asMaya.bots.archive({ id: first.id });
		expect(await asMaya.bots.page({ pageSize: 2 })).toMatchObject({ total: 4, archivedHidden: 1 });
		expect(await asMaya.bots.page({ pageSize: 2, archived: 'include' })).toMatchObject({ total: 5, archivedHidden: 0 });
		expect(await asMaya.bots.page({ search: 'Bravo' })).toMatchObject({ total: 1, archivedHidden: 0 });
	});

	it('reads the page from the URL: a whole number from 1, anything else is page 1', async () => {
		const { botListPageFromQuery } = await import('../../src/lib/schemas/bot.ts');
		const at = (q: string) => botListPageFromQuery(new URLSearchParams(q));
		expect([at(''), at('page=2'), at('page=0'), at('page=-3'), at('page=abc'), at('page=1.5'), at('page=99999999')]).toEqual([1, 2, 1, 1, 1, 1, 1]);
	});
});

describe("a bot's activity", () => {
	it('the owner sees its latest posts (any state, newest first) and no jobs; an admin also sees its jobs; others get NOT_FOUND', async () => {
		const { maya, asMaya, asLeo } = await people();
		const admin = callerAs(db, asSessionUser(await makeUser(db, { role: 'ADMIN' })));
		const bot = await makeBot(db, maya.id);
		for (let i = 0; i < 10; i++) {
			await db.prisma.post.create({
				data: { botId: bot.id, type: 'TEXT', caption: `post ${i}`, createdAt: new Date(Date.now() - (10 - i) * 60_000), moderationStatus: i === 9 ? 'REVIEW' : 'APPROVED', publishedAt: i === 9 ? null : new Date() }
			});
		}
		const { rows } = await db.pool.query<{ id: string }>(`INSERT INTO jobs (type, "botId", payload) VALUES ('GENERATE_POST', $1, '{}') RETURNING id`, [bot.id]);

		const mine = await asMaya.bots.activity({ id: bot.id });
		expect(mine.posts.map((p) => p.caption)).toEqual(['post 9', 'post 8', 'post 7', 'post 6', 'post 5', 'post 4', 'post 3', 'post 2']);
		expect(mine.posts[0]).toMatchObject({ moderationStatus: 'REVIEW', publishedAt: null });
		expect(mine.morePosts).toBe(true);
		expect(mine.jobs).toBeNull();

		const asAdmin = await admin.bots.activity({ id: bot.id });
		expect(asAdmin.jobs?.map((j) => j.id)).toEqual([rows[0].id]);
		expect(asAdmin.jobs?.[0]).toMatchObject({ type: 'GENERATE_POST', status: 'QUEUED' });

		expect((await errorOf(asLeo.bots.activity({ id: bot.id }))).code).toBe('NOT_FOUND');
	});
});
