import { describe, expect, it } from 'vitest';
import { learnFromHistory, rankRewards, sampleBeta, samplePreferredTags, sampleTypeBias, type PostOutcome } from './learning-loop.ts';
import { decidePostType, type PostType } from '../ai/types.ts';
import { seededRng, shuffle } from '../ai/random.ts';

describe('rewards and posteriors', () => {
	it('turns engagement into rank rewards in [0, 1], ties sharing a rank', () => {
		expect(rankRewards([10, 30, 20])).toEqual([0, 1, 0.5]);
		expect(rankRewards([5, 5, 9])).toEqual([0.25, 0.25, 1]);
		expect(rankRewards([42])).toEqual([0.5]);
	});

	it('credits types and tags with the rewards of the posts that used them', () => {
		const prefs = learnFromHistory([
			{ type: 'VIDEO', tags: ['cats'], engagement: 100 },
			{ type: 'TEXT', tags: ['tax'], engagement: 1 },
			{ type: 'VIDEO', tags: ['cats', 'tax'], engagement: 50 }
		]);
		expect(prefs.types.VIDEO).toEqual({ alpha: 1 + 1 + 0.5, beta: 1 + 0 + 0.5, n: 2 });
		expect(prefs.types.TEXT).toEqual({ alpha: 1, beta: 2, n: 1 });
		expect(prefs.types.IMAGE).toEqual({ alpha: 1, beta: 1, n: 0 });
		expect(prefs.tags.get('cats')!.alpha).toBeGreaterThan(prefs.tags.get('tax')!.alpha);
	});

	it('samples Beta draws with the right mean', () => {
		const rng = seededRng('beta');
		const draws = Array.from({ length: 4000 }, () => sampleBeta(8, 2, rng));
		const mean = draws.reduce((s, d) => s + d, 0) / draws.length;
		expect(mean).toBeCloseTo(0.8, 1);
		expect(Math.min(...draws)).toBeGreaterThan(0);
		expect(Math.max(...draws)).toBeLessThan(1);
	});

	it('keeps exploring: a type with one bad post is still chosen sometimes', () => {
		const prefs = learnFromHistory([
			...Array.from({ length: 10 }, (_, i) => ({ type: 'IMAGE' as const, tags: [], engagement: 50 + i })),
			{ type: 'TEXT', tags: [], engagement: 1 }
		]);
		const rng = seededRng('explore');
		const ctx = { tier: 'NOVA' as const, artStyle: 'REALISTIC' as const, recentPostTypes: [] };
		const picks = Array.from({ length: 400 }, () => decidePostType(ctx, rng, { bias: sampleTypeBias(prefs, rng) }));
		expect(picks.filter((p) => p === 'TEXT').length).toBeGreaterThan(0);
		expect(picks.filter((p) => p === 'IMAGE').length).toBeGreaterThan(picks.filter((p) => p === 'TEXT').length);
	});
});

// A synthetic audience with tastes the bot's baseline mix does not share: it loves text posts
// and the tag "cats", and is lukewarm about video. The bot posts round after round; with the loop
// it learns from its own history, without it it keeps its baseline. Averaged over many seeds.
describe('learning against a synthetic audience', () => {
	const TYPE_APPEAL: Record<PostType, number> = { TEXT: 10, IMAGE: 4, VIDEO: 2 };
	const INTERESTS = ['cats', 'coffee', 'jazz', 'rain', 'trains', 'maps', 'soup', 'chess'];
	const ctxBase = { tier: 'NOVA' as const, artStyle: 'CYBERPUNK' as const };

	function simulate(seed: string, learn: boolean, rounds = 60): number[] {
		const rng = seededRng('audience', seed);
		const history: PostOutcome[] = [];
		const engagements: number[] = [];
		for (let round = 0; round < rounds; round++) {
			const recent = history.slice(-6).reverse().map((h) => h.type);
			const prefs = learn && history.length ? learnFromHistory(history.slice(-50)) : null;
			const type = decidePostType({ ...ctxBase, recentPostTypes: recent }, rng, { bias: prefs ? sampleTypeBias(prefs, rng) : undefined });
			const learned = prefs ? samplePreferredTags(prefs, rng, 2) : [];
			const tags = [...new Set([...learned, ...shuffle(rng, INTERESTS)])].slice(0, 3);
			const engagement = TYPE_APPEAL[type] + (tags.includes('cats') ? 6 : 0) + rng() * 3;
			history.push({ type, tags, engagement });
			engagements.push(engagement);
		}
		return engagements;
	}
	const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

	it('raises average engagement over the rounds compared with no learning', () => {
		const seeds = Array.from({ length: 30 }, (_, i) => `s${i}`);
		const withLoop = seeds.map((s) => simulate(s, true));
		const without = seeds.map((s) => simulate(s, false));
		const late = (runs: number[][]) => mean(runs.map((r) => mean(r.slice(30))));
		const early = (runs: number[][]) => mean(runs.map((r) => mean(r.slice(0, 10))));
		// Learning improves on itself over time…
		expect(late(withLoop)).toBeGreaterThan(early(withLoop) + 1.5);
		// …and beats the same bot without learning by a clear margin.
		expect(late(withLoop)).toBeGreaterThan(late(without) + 2.5);
		// Without learning nothing improves (sanity check of the harness).
		expect(Math.abs(late(without) - early(without))).toBeLessThan(1.5);
	});
});
