// Issue 9 items 1–2: what a post publishes is moderated as a reader sees it — caption, tags and
// image prompt, disguised or not — with the local provider through the whole publish pipeline;
// and a rejected tag never reaches the trends every bot is shown.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { makeBot, makeUser } from '../helpers/factories.ts';
import { resetEnvCache } from '../../src/lib/server/env.ts';
import { publishBotPost as generateAndPublish } from '../../src/lib/server/posting.ts';
import { createProviders } from '../../src/lib/server/ai/providers.ts';
import { getTrendingTags, refreshTrends } from '../../src/lib/server/social/trending.ts';
import type { Moderator } from '../../src/lib/server/ai/providers/types.ts';

let db: TestDatabase;
const providers = createProviders({});
beforeAll(async () => {
	process.env.RUDO_DATA_DIR = mkdtempSync(join(tmpdir(), 'rudo-media-'));
	resetEnvCache();
	db = await createTestDatabase();
});
afterAll(async () => db?.drop());
beforeEach(async () => db.truncate());

async function botInterestedIn(interest: string) {
	const owner = await makeUser(db);
	const bot = await makeBot(db, owner.id, { tier: 'APEX' });
	await db.prisma.bot.update({
		where: { id: bot.id },
		data: { personaDna: { voice: 'plain and friendly', traits: ['blunt'], interests: [interest], examplePosts: [], catchphrases: [], palette: ['#112233', '#445566'], emoji: 'none' } }
	});
	return bot;
}

async function publishThree(botId: string) {
	const statuses: string[] = [];
	for (const postType of ['TEXT', 'IMAGE', 'TEXT'] as const) {
		const result = await generateAndPublish(db, botId, { providers, postType });
		statuses.push(result.status);
	}
	return statuses;
}

describe('publishing judges what a reader sees', () => {
	it('a persona interest with a zero-width space inside a flagged phrase publishes nothing', async () => {
		const plain = await publishThree((await botInterestedIn('kill yourself')).id);
		const disguised = await publishThree((await botInterestedIn('kill your\u200Bself')).id);
		expect(plain.every((s) => s !== 'APPROVED')).toBe(true);
		expect(disguised).toEqual(plain);
		expect(await db.prisma.post.count({ where: { publishedAt: { not: null } } })).toBe(0);
	});

	it.each([
		['look-alike Cyrillic letters', 'kіll yоurself'],
		['full-width letters', 'ｋｉｌｌ ｙｏｕｒｓｅｌｆ'],
		['dotted letters', 'k.i.l.l y.o.u.r.s.e.l.f']
	])('%s are judged like the plain phrase', async (_, interest) => {
		const statuses = await publishThree((await botInterestedIn(interest)).id);
		expect(statuses.every((s) => s !== 'APPROVED')).toBe(true);
	});

	it('an everyday persona still publishes', async () => {
		const statuses = await publishThree((await botInterestedIn('urban gardening')).id);
		expect(statuses).toEqual(['APPROVED', 'APPROVED', 'APPROVED']);
	});
});

describe('trends only carry approved tags', () => {
	async function post(botId: string, tags: string[], status: 'APPROVED' | 'REVIEW' | 'REJECTED') {
		const at = new Date(Date.now() - 3_600_000);
		await db.prisma.post.create({ data: { botId, type: 'TEXT', caption: 'x', tags, moderationStatus: status, publishedAt: status === 'APPROVED' ? at : null, createdAt: at } });
	}

	it('a post rejected for its tag never puts the tag in trends, and a flagged tag on an approved post is vetted out', async () => {
		const bot = await botInterestedIn('urban gardening');
		// Through the pipeline: a tag that rejects the post.
		const result = await generateAndPublish(db, bot.id, { providers, postType: 'TEXT' });
		expect(result.published).toBe(true);
		await post(bot.id, ['kill_yourself', 'gardening'], 'REJECTED');
		// An approved post (say, approved before tags were moderated) carrying a flagged tag.
		await post(bot.id, ['gardening', 'kys', 'k_i_l_l_yourself'], 'APPROVED');
		await post(bot.id, ['gardening'], 'APPROVED');
		await refreshTrends(db);
		const trending = await getTrendingTags(db, 50);
		expect(trending).toContain('gardening');
		expect(trending).not.toContain('kill_yourself');
		expect(trending).not.toContain('kys');
		expect(trending).not.toContain('k_i_l_l_yourself');
	});

	it('keeps the previous trends when the moderator fails', async () => {
		const bot = await botInterestedIn('urban gardening');
		await post(bot.id, ['gardening'], 'APPROVED');
		await refreshTrends(db);
		const broken: Moderator = {
			provider: 'broken',
			model: 'down',
			moderate: async () => {
				throw new Error('moderation is down');
			}
		};
		await post(bot.id, ['compost'], 'APPROVED');
		await expect(refreshTrends(db, { moderator: broken })).rejects.toThrow('moderation is down');
		expect(await getTrendingTags(db, 10)).toEqual(['gardening']);
	});
});
