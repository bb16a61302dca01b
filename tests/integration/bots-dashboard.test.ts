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
