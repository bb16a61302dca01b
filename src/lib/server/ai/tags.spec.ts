import { describe, expect, it } from 'vitest';
import { DEMO_BOTS } from '../demo/seed.ts';
import { LocalTextModel } from './providers/local/index.ts';
import type { JsonRequest, JsonResult, TextModel } from './providers/types.ts';
import { generateTags, normalizeTag, normalizeTags, tagKey } from './tags.ts';
import { toBotContext, type BotContext } from './types.ts';

function demo(handle: string, overrides: Partial<BotContext> = {}): BotContext {
	const b = DEMO_BOTS.find((d) => d.handle === handle)!;
	return { ...toBotContext({ id: `id_${handle}`, handle: b.handle, name: b.name, bio: b.bio, tier: b.tier, artStyle: b.artStyle, personaDna: b.dna }), ...overrides };
}

function scripted(tags: string[]): TextModel & { users: string[] } {
	const users: string[] = [];
	return {
		provider: 'test',
		model: 'scripted',
		supportsImages: false,
		users,
		async generateJson<T>(request: JsonRequest<T>): Promise<JsonResult<T>> {
			users.push(request.user);
			return { value: request.schema.parse({ tags }), usage: { provider: 'test', model: 'scripted', operation: request.operation, costUsd: 0 } };
		}
	};
}

describe('normalizeTags', () => {
	it('lower-cases, strips #, joins words with underscores and drops other characters', () => {
		expect(normalizeTag('#Night Markets')).toBe('night_markets');
		expect(normalizeTag('##Lo-Fi')).toBe('lo_fi');
		expect(normalizeTag('Café ☕ Culture!')).toBe('cafe_culture');
		expect(normalizeTag('🔥🔥')).toBe('');
	});

	it('treats spellings that differ only in underscores, case or plural as one tag (first kept)', () => {
		expect(tagKey('west_african_cuisine')).toBe(tagKey('westafricancuisine'));
		expect(tagKey('#WestAfricanCuisine')).toBe(tagKey('west african cuisine'));
		expect(tagKey('night_markets')).toBe(tagKey('night_market'));
		expect(tagKey('stories')).toBe(tagKey('story'));
		expect(tagKey('glass')).not.toBe(tagKey('glas'));
		expect(tagKey('night_markets')).not.toBe(tagKey('markets'));
		expect(normalizeTags(['west_african_cuisine', 'westafricancuisine', '#WestAfricanCuisine', 'night_markets', 'night market', 'jollof'])).toEqual(['west_african_cuisine', 'night_markets', 'jollof']);
	});

	it('removes duplicates after normalising and caps the list at 8', () => {
		const tags = normalizeTags(['#Synthwave', 'synthwave', 'SYNTHWAVE', ...Array.from({ length: 12 }, (_, i) => `tag ${i}`)]);
		expect(tags.filter((t) => t === 'synthwave')).toHaveLength(1);
		expect(tags).toHaveLength(8);
		for (const tag of tags) expect(tag).toMatch(/^[a-z0-9_]+$/);
	});

	it('tops a short list up to 3 from the fill list', () => {
		expect(normalizeTags(['#one'], ['Two Words', 'three', 'four'])).toEqual(['one', 'two_words', 'three']);
	});
});

describe('generateTags', () => {
	it('shows trends to PULSE and above, and never to SPARK', async () => {
		const pulse = scripted(['synthwave', 'night markets', 'rain']);
		await generateTags(demo('neon_nomad', { tier: 'PULSE' }), 'rain at the noodle stall', { text: pulse }, ['synthwave', 'vinyl'], { seed: 's' });
		expect(pulse.users[0]).toContain('Trending right now: synthwave, vinyl');

		const spark = scripted(['rain', 'noodles', 'night']);
		const result = await generateTags(demo('neon_nomad', { tier: 'SPARK' }), 'rain at the noodle stall', { text: spark }, ['synthwave'], { seed: 's' });
		expect(spark.users[0]).not.toContain('Trending');
		expect(result.trendTags).toEqual([]);
	});

	it('reports which trending tags made it onto the post', async () => {
		const model = scripted(['#Synthwave', 'rain', 'noodles']);
		const result = await generateTags(demo('neon_nomad'), 'synth bass and rain', { text: model }, ['synthwave', 'vinyl'], { seed: 's' });
		expect(result.tags).toEqual(['synthwave', 'rain', 'noodles']);
		expect(result.trendTags).toEqual(['synthwave']);
	});

	it('fills up with the bot interests when the model returns too few usable tags', async () => {
		const result = await generateTags(demo('zen_ink'), 'breathe', { text: scripted(['🔥']) }, [], { seed: 's' });
		expect(result.tags).toEqual(['calligraphy', 'meditation', 'architecture']);
	});

	it('locally picks a trend that matches the post, but not an unrelated one', async () => {
		const bot = demo('neon_nomad');
		const related = await generateTags(bot, 'synthwave under the overpass at 3am', { text: new LocalTextModel() }, ['synthwave'], { seed: 'a' });
		expect(related.tags).toContain('synthwave');
		expect(related.trendTags).toEqual(['synthwave']);
		const unrelated = await generateTags(bot, 'rain on the overpass', { text: new LocalTextModel() }, ['knitting_patterns'], { seed: 'a' });
		expect(unrelated.tags).not.toContain('knitting_patterns');
		expect(related.tags.length).toBeGreaterThanOrEqual(3);
		expect(related.tags.length).toBeLessThanOrEqual(8);
	});

	it('never uses a trend that shares only one word with the post', async () => {
		// The bug of issue 13: a cooking bot got #night_markets because its caption said "markets".
		const chef = demo('chef_orbit');
		for (const seed of ['a', 'b', 'c', 'd']) {
			const result = await generateTags(chef, 'Market haul: scotch bonnets, okra and a melon. The markets are loud today.', { text: new LocalTextModel() }, ['night_markets', 'street_food'], { seed });
			expect(result.tags).not.toContain('night_markets');
			expect(result.trendTags).toEqual([]);
		}
		const nomad = await generateTags(demo('neon_nomad'), 'the night markets after midnight: dumplings, rain, stray cats.', { text: new LocalTextModel() }, ['night_markets'], { seed: 'a' });
		expect(nomad.trendTags).toEqual(['night_markets']);
	});

	it('locally never gives a post two tags that normalise to the same key', async () => {
		const bot = demo('chef_orbit', { personaDna: { ...demo('chef_orbit').personaDna, interests: ['west african cuisine', 'WestAfricanCuisine', 'markets', 'market'] } });
		for (const seed of ['a', 'b', 'c', 'd', 'e', 'f']) {
			const { tags } = await generateTags(bot, 'West African cuisine at the market: jollof and a market haul.', { text: new LocalTextModel() }, [], { seed });
			expect(new Set(tags.map(tagKey)).size).toBe(tags.length);
		}
	});
});

describe('normalizeTag: a tag reads as the word it imitates', () => {
	it('folds look-alike letters mixed into Latin words, full-width letters and accents', () => {
		expect(normalizeTag('kіll yоurself')).toBe('kill_yourself'); // Cyrillic і and о
		expect(normalizeTag('ｗｅｓｔ ａｆｒｉｃａｎ')).toBe('west_african');
		expect(normalizeTag('Crème brûlée')).toBe('creme_brulee');
	});

	it('joins letters spelled out one by one, and leaves whole words apart', () => {
		expect(normalizeTag('k.i.l.l y.o.u.r.s.e.l.f')).toBe('killyourself');
		expect(normalizeTag('a b testing')).toBe('a_b_testing');
	});

	it('drops words of other scripts as before instead of inventing Latin ones', () => {
		expect(normalizeTag('москва')).toBe('');
	});
});
