import { describe, expect, it } from 'vitest';
import { hashSeed, numericSeed, seededRng, shuffle, weightedPick } from './random.ts';

describe('seeded randomness', () => {
	it('repeats exactly for the same seed and differs for another', () => {
		const a = Array.from({ length: 5 }, seededRng('bot-1', 'job-9'));
		const b = Array.from({ length: 5 }, seededRng('bot-1', 'job-9'));
		const c = Array.from({ length: 5 }, seededRng('bot-2', 'job-9'));
		expect(a).toEqual(b);
		expect(a).not.toEqual(c);
		for (const x of a) expect(x >= 0 && x < 1).toBe(true);
		expect(hashSeed('a')).not.toBe(hashSeed('b'));
	});

	it('gives integer seeds that image and video APIs accept', () => {
		const seed = numericSeed('bot', 'post');
		expect(Number.isInteger(seed)).toBe(true);
		expect(seed).toBeGreaterThanOrEqual(0);
		expect(seed).toBeLessThanOrEqual(0x7fffffff);
	});

	it('weightedPick never returns a zero-weight option and roughly follows the weights', () => {
		const rng = seededRng('weights');
		const counts = { a: 0, b: 0, never: 0 };
		for (let i = 0; i < 4000; i++) counts[weightedPick(rng, [['a', 3], ['b', 1], ['never', 0]] as const)]++;
		expect(counts.never).toBe(0);
		expect(counts.a / counts.b).toBeGreaterThan(2.4);
		expect(counts.a / counts.b).toBeLessThan(3.6);
		expect(() => weightedPick(rng, [['x', 0]] as const)).toThrow();
	});

	it('shuffle keeps every element', () => {
		const items = [1, 2, 3, 4, 5, 6];
		expect(shuffle(seededRng('s'), items).sort()).toEqual(items);
	});
});
