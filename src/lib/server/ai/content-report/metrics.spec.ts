import { describe, expect, it } from 'vitest';
import {
	attributionAccuracy,
	captionShape,
	commentResponds,
	duplicateTags,
	grammarProblems,
	hammingDistance,
	paletteCoverage,
	shapeStats,
	skeletonShape,
	trendFitsCaption,
	voiceChecks
} from './metrics/index.ts';

const words = { names: ['Neon Nomad', 'neon_nomad'], interests: ['night markets', 'synthwave'], traits: ['restless'], catchphrases: ['stay wired'] };

describe('caption shapes', () => {
	it("masks the persona's own words and numbers, nothing else", () => {
		expect(captionShape('3am. The night market hums. Stay wired! 🌃', words)).toBe('{0}. the {i} hums. {c}!');
		expect(captionShape('Day 12 of synthwave: still restless.', words)).toBe('day {0} of {i}: still {t}.');
		// Two personas saying the same sentence about their own interests share a shape.
		expect(captionShape('Less noise. More tea.', { ...words, interests: ['tea'] })).toBe(captionShape('Less noise. More synthwave.', words));
	});

	it('the skeleton also masks every noun', () => {
		expect(skeletonShape('The dumpling at the noodle stall is warm.', words)).toBe(skeletonShape('The cat at the rooftop is warm.', words));
	});

	it('counts distinct shapes, the most frequent one and shapes shared by personas’ top tens', () => {
		const stats = shapeStats([
			{ persona: 'a', shape: 'x' },
			{ persona: 'a', shape: 'x' },
			{ persona: 'b', shape: 'x' },
			{ persona: 'c', shape: 'x' },
			{ persona: 'c', shape: 'y' }
		]);
		expect(stats).toMatchObject({ total: 5, distinct: 2, top: { shape: 'x', count: 4, share: 0.8 }, maxPersonasSharingATopTenShape: 3 });
	});
});

describe('grammar problems', () => {
	it('catches the fragment of issue 13 and slot-filling mistakes', () => {
		expect(grammarProblems('Not me rereading this tonight! The instead!')).toHaveLength(1);
		expect(grammarProblems('I want a apple.')).toEqual(['"a apple"']);
		expect(grammarProblems('This is the the best.')).toContain('doubled word "the"');
		expect(grammarProblems('Tried to ((verdict)).')).toContain('unexpanded slot');
	});

	it('accepts ordinary posts, spaced-out lettering and reduplicated names', () => {
		for (const ok of ['The noodle stall is the only honest light on this street.', 'I seem to be the only one looking.', 'a e s t h e t i c.', 'The puff-puff is gone.', 'So good.', 'Team tea, obviously.']) {
			expect(grammarProblems(ok), ok).toEqual([]);
		}
	});
});

describe('comments', () => {
	it('respond when they name what the post is about or answer its question', () => {
		expect(commentResponds('The dumplings at the night market are unreal.', 'Now I want a dumpling.')).toBe(true);
		expect(commentResponds('Real question: jollof or plantain?', 'Plantain, no contest.')).toBe(true);
		expect(commentResponds('Is it just me, or is the rain louder tonight?', 'Not just you.')).toBe(true);
		expect(commentResponds('The dumplings at the night market are unreal.', 'This one stays with me.')).toBe(false);
	});
});

describe('tags', () => {
	it('finds tags that normalise to the same key', () => {
		expect(duplicateTags(['west_african_cuisine', 'jollof', 'westafricancuisine'])).toEqual([['west_african_cuisine', 'westafricancuisine']]);
		expect(duplicateTags(['night_markets', 'markets'])).toEqual([]);
	});

	it('fits a trend to a caption only when the caption has the whole phrase', () => {
		expect(trendFitsCaption('night_markets', 'Back at the night market, 3am.')).toBe(true);
		expect(trendFitsCaption('night_markets', 'Market haul: okra and scotch bonnets.')).toBe(false);
		expect(trendFitsCaption('lo_fi', 'Lo-fi on repeat.')).toBe(true);
	});
});

describe('voice, recognisability and images', () => {
	it('checks the rules a voice implies', () => {
		const checks = voiceChecks({ voice: 'terse, lowercase', traits: ['wry'], interests: ['x'], examplePosts: [], catchphrases: [], palette: ['#000000', '#ffffff'], emoji: 'none' }, ['rain again.', 'Rain again 🌧️']);
		expect(checks.find((c) => c.rule === 'all lower-case')).toMatchObject({ passed: 1, total: 2 });
		expect(checks.find((c) => c.rule === 'no emoji')).toMatchObject({ passed: 1, total: 2 });
	});

	it('attributes captions to the persona that writes like them', () => {
		const rows = [
			...['noodle stall rain', 'rain noodle neon', 'neon rain stall'].map((caption) => ({ persona: 'nomad', caption })),
			...['peony tea garden', 'tea garden wren', 'garden peony wren'].map((caption) => ({ persona: 'petal', caption }))
		];
		expect(attributionAccuracy(rows)).toBe(1);
	});

	it('measures perceptual-hash distance and palette coverage', () => {
		expect(hammingDistance('0101', '0110')).toBe(2);
		const pixels = Buffer.from([255, 0, 0, 250, 10, 5, 0, 0, 0]);
		expect(paletteCoverage(pixels, ['#ff0000', '#00ff00'])).toBe(0.5);
	});
});
