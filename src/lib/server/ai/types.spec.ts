import { describe, expect, it } from 'vitest';
import { DEMO_BOTS } from '../demo/seed.ts';
import { ART_STYLES, BOT_TIERS } from '../../schemas/enums.ts';
import { seededRng } from './random.ts';
import {
	ART_STYLE_PROFILES,
	InvalidBotError,
	TIER_CAPABILITIES,
	clampPostsPerDay,
	decidePostType,
	pickVideoDuration,
	postTypeWeights,
	tierAtLeast,
	toBotContext,
	type BotContext,
	type PostType
} from './types.ts';

function bot(overrides: Partial<BotContext> = {}): BotContext {
	const demo = DEMO_BOTS[0];
	return { ...toBotContext({ id: 'bot_1', handle: demo.handle, name: demo.name, bio: demo.bio, tier: demo.tier, artStyle: demo.artStyle, personaDna: demo.dna }), ...overrides };
}

function sampleTypes(ctx: BotContext, n: number, seed = 'mix'): Record<PostType, number> {
	const counts: Record<PostType, number> = { TEXT: 0, IMAGE: 0, VIDEO: 0 };
	for (let i = 0; i < n; i++) counts[decidePostType(ctx, seededRng(seed, i))]++;
	return counts;
}

describe('tier capabilities', () => {
	it('never decrease from SPARK to APEX', () => {
		const caps = BOT_TIERS.map((t) => TIER_CAPABILITIES[t]);
		expect(caps.map((c) => c.rank)).toEqual([0, 1, 2, 3]);
		for (let i = 1; i < caps.length; i++) {
			expect(caps[i].maxPostsPerDay).toBeGreaterThan(caps[i - 1].maxPostsPerDay);
			expect(caps[i].imageSteps).toBeGreaterThan(caps[i - 1].imageSteps);
			expect(caps[i].maxVideoSeconds).toBeGreaterThanOrEqual(caps[i - 1].maxVideoSeconds);
			expect(caps[i].imageSize).toBeGreaterThanOrEqual(caps[i - 1].imageSize);
			expect(caps[i].videoShare).toBeGreaterThan(caps[i - 1].videoShare);
		}
	});

	it('unlock video and trend-aware tags at PULSE', () => {
		expect(TIER_CAPABILITIES.SPARK.videoAllowed).toBe(false);
		expect(TIER_CAPABILITIES.SPARK.trendAwareTags).toBe(false);
		for (const tier of ['PULSE', 'NOVA', 'APEX'] as const) {
			expect(TIER_CAPABILITIES[tier].videoAllowed).toBe(true);
			expect(TIER_CAPABILITIES[tier].trendAwareTags).toBe(true);
		}
		expect(tierAtLeast('NOVA', 'PULSE')).toBe(true);
		expect(tierAtLeast('SPARK', 'PULSE')).toBe(false);
	});

	it('clamp a schedule to what the tier allows, and to at least one post a day', () => {
		expect(clampPostsPerDay('SPARK', 10)).toBe(2);
		expect(clampPostsPerDay('APEX', 10)).toBe(10);
		expect(clampPostsPerDay('PULSE', 0)).toBe(1);
	});
});

describe('art styles', () => {
	it('cover every ArtStyle enum value with a distinct prompt fragment', () => {
		expect(Object.keys(ART_STYLE_PROFILES).sort()).toEqual([...ART_STYLES].sort());
		expect(ART_STYLES.length).toBeGreaterThanOrEqual(8);
		const prompts = new Set(Object.values(ART_STYLE_PROFILES).map((p) => p.prompt));
		expect(prompts.size).toBe(ART_STYLES.length);
	});
});

describe('toBotContext', () => {
	it('rejects unreadable persona DNA with the bot handle in the message', () => {
		expect(() => toBotContext({ id: 'x', handle: 'broken', name: 'B', bio: '', tier: 'SPARK', artStyle: 'ANIME', personaDna: { voice: 'x' } })).toThrow(InvalidBotError);
		expect(() => toBotContext({ id: 'x', handle: 'broken', name: 'B', bio: '', tier: 'SPARK', artStyle: 'ANIME', personaDna: {} })).toThrow(/@broken/);
	});

	it('keeps a valid character analysis and drops a malformed one', () => {
		const base = { id: 'x', handle: 'h', name: 'H', bio: '', tier: 'SPARK' as const, artStyle: 'ANIME' as const, personaDna: DEMO_BOTS[0].dna };
		const analysis = { appearance: 'A fox in a yellow raincoat', palette: ['#ffcc00'], distinguishingFeatures: ['one ear bent'], styleNotes: 'flat shading' };
		expect(toBotContext({ ...base, characterAnalysis: analysis }).characterAnalysis).toEqual(analysis);
		expect(toBotContext({ ...base, characterAnalysis: { appearance: 42 } }).characterAnalysis).toBeNull();
	});
});

describe('decidePostType', () => {
	it('never picks video for SPARK bots, even with a strong learned bias towards it', () => {
		const spark = bot({ tier: 'SPARK' });
		expect(postTypeWeights(spark, { bias: { VIDEO: 10 } }).VIDEO).toBe(0);
		expect(sampleTypes(spark, 300).VIDEO).toBe(0);
	});

	it('posts more video at higher tiers', () => {
		const pulse = sampleTypes(bot({ tier: 'PULSE' }), 2000);
		const apex = sampleTypes(bot({ tier: 'APEX' }), 2000);
		expect(pulse.VIDEO).toBeGreaterThan(0);
		expect(apex.VIDEO).toBeGreaterThan(pulse.VIDEO * 1.5);
	});

	it('leans on text for minimalist accounts and on images for comic ones', () => {
		const minimalist = postTypeWeights(bot({ tier: 'SPARK', artStyle: 'MINIMALIST' }));
		const comic = postTypeWeights(bot({ tier: 'SPARK', artStyle: 'COMIC' }));
		expect(minimalist.TEXT).toBeGreaterThan(comic.TEXT);
		expect(comic.IMAGE).toBeGreaterThan(minimalist.IMAGE);
	});

	it('breaks up a streak: after several image posts, another image is less likely', () => {
		const fresh = postTypeWeights(bot({ tier: 'NOVA', recentPostTypes: [] }));
		const streak = postTypeWeights(bot({ tier: 'NOVA', recentPostTypes: ['IMAGE', 'IMAGE', 'IMAGE', 'IMAGE'] }));
		expect(streak.IMAGE).toBeLessThan(fresh.IMAGE / 2);
		expect(streak.TEXT).toBeGreaterThan(fresh.TEXT);
	});

	it('follows a learned bias', () => {
		const ctx = bot({ tier: 'NOVA' });
		expect(postTypeWeights(ctx, { bias: { TEXT: 4 } }).TEXT).toBeGreaterThan(postTypeWeights(ctx).TEXT * 1.5);
	});

	it('returns normalised weights and is deterministic for a seeded rng', () => {
		const ctx = bot({ tier: 'APEX', recentPostTypes: ['VIDEO', 'TEXT'] });
		const w = postTypeWeights(ctx);
		expect(w.TEXT + w.IMAGE + w.VIDEO).toBeCloseTo(1, 10);
		const a = Array.from({ length: 20 }, (_, i) => decidePostType(ctx, seededRng('same', i)));
		const b = Array.from({ length: 20 }, (_, i) => decidePostType(ctx, seededRng('same', i)));
		expect(a).toEqual(b);
		expect(new Set(a).size).toBeGreaterThan(1);
	});
});

describe('pickVideoDuration', () => {
	it('refuses tiers without video', () => {
		expect(() => pickVideoDuration('SPARK', seededRng('d'))).toThrow(/SPARK/);
	});

	it('keeps PULSE to 5-second clips and lets APEX favour 10 seconds', () => {
		const pulse = Array.from({ length: 200 }, (_, i) => pickVideoDuration('PULSE', seededRng('p', i)));
		expect(new Set(pulse)).toEqual(new Set([5]));
		const nova = Array.from({ length: 1000 }, (_, i) => pickVideoDuration('NOVA', seededRng('n', i)));
		const apex = Array.from({ length: 1000 }, (_, i) => pickVideoDuration('APEX', seededRng('a', i)));
		const share10 = (xs: number[]) => xs.filter((d) => d === 10).length / xs.length;
		expect(share10(nova)).toBeGreaterThan(0.2);
		expect(share10(apex)).toBeGreaterThan(share10(nova));
		for (const d of [...nova, ...apex]) expect([5, 10]).toContain(d);
	});
});
