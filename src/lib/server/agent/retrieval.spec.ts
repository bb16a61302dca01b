import { describe, expect, it } from 'vitest';
import { minMaxNormalise, recencyOf, scoreMemories, type MemoryCandidate } from './retrieval.ts';
import { cosine, decodeVector, encodeVector } from './vectors.ts';

const now = new Date('2026-01-01T12:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
const v = (...xs: number[]) => Float32Array.from(xs);

// A worked example of the paper's retrieval function (Park et al. 2023 §4.1), by hand:
//
//   memory  last access  importance  vector      recency 0.995^h   cos(·, q = [1, 0])
//   A       0 h          2           [1, 0]      1                 1
//   B       10 h         8           [0, 1]      0.951110          0
//   C       100 h        5           [0.6, 0.8]  0.605770          0.6
//
//   min–max over the three:  recency A 1, B (0.951110 − 0.605770) / (1 − 0.605770) = 0.875986, C 0
//                            importance A 0, B 1, C 0.5         relevance A 1, B 0, C 0.6
//   score = recency + importance + relevance:  A 2, B 1.875986, C 1.1  →  A, B, C
const memories: MemoryCandidate[] = [
	{ id: 'A', importance: 2, lastAccessedAt: hoursAgo(0), vector: v(1, 0) },
	{ id: 'B', importance: 8, lastAccessedAt: hoursAgo(10), vector: v(0, 1) },
	{ id: 'C', importance: 5, lastAccessedAt: hoursAgo(100), vector: v(0.6, 0.8) }
];

describe('retrieval score (recency + importance + relevance, min–max normalised)', () => {
	it('matches the worked example', () => {
		const scored = scoreMemories(memories, v(1, 0), now);
		expect(scored.map((s) => s.id)).toEqual(['A', 'B', 'C']);
		const byId = Object.fromEntries(scored.map((s) => [s.id, s]));
		expect(byId.B.raw.recency).toBeCloseTo(0.9511101, 6);
		expect(byId.C.raw.recency).toBeCloseTo(0.6057704, 6);
		expect(byId.B.recency).toBeCloseTo(0.8759863, 6);
		expect(byId.C.importance).toBeCloseTo(0.5, 9);
		expect(byId.C.relevance).toBeCloseTo(0.6, 6);
		expect(byId.A.score).toBeCloseTo(2, 9);
		expect(byId.B.score).toBeCloseTo(1.8759863, 6);
		expect(byId.C.score).toBeCloseTo(1.1, 6);
	});

	it('a different query reorders by relevance: q = [0, 1] puts B first, then C', () => {
		// relevance A 0, B 1, C 0.8 → scores A 1 + 0 + 0, B 0.875986 + 1 + 1, C 0 + 0.5 + 0.8
		const scored = scoreMemories(memories, v(0, 1), now);
		expect(scored.map((s) => [s.id, Number(s.score.toFixed(6))])).toEqual([
			['B', 2.875986],
			['C', 1.3],
			['A', 1]
		]);
	});

	it('recency decays 0.995 per hour since last access', () => {
		expect(recencyOf(hoursAgo(1), now)).toBeCloseTo(0.995, 12);
		expect(recencyOf(hoursAgo(24), now)).toBeCloseTo(Math.pow(0.995, 24), 12);
		expect(recencyOf(new Date(now.getTime() + 60_000), now)).toBe(1); // clock skew: never above 1
	});

	it('a component equal for every memory counts 0.5 for each (no division by zero)', () => {
		expect(minMaxNormalise([3, 3, 3])).toEqual([0.5, 0.5, 0.5]);
		expect(minMaxNormalise([1, 3, 2])).toEqual([0, 1, 0.5]);
		const same = scoreMemories(memories.map((m) => ({ ...m, importance: 4 })), null, now);
		expect(same.every((s) => s.importance === 0.5 && s.relevance === 0.5)).toBe(true);
	});

	it('memories of another embedding model get relevance 0, not a meaningless cosine', () => {
		const mixed = scoreMemories([{ ...memories[0], vector: null }, memories[2]], v(1, 0), now);
		expect(mixed.find((m) => m.id === 'A')!.raw.relevance).toBe(0);
		expect(cosine(v(1, 0, 0), v(1, 0))).toBe(0);
	});

	it('stores vectors as float32 bytes and reads them back', () => {
		const x = v(0.25, -0.5, 0.125, 1e-3);
		const bytes = encodeVector(x);
		expect(bytes.length).toBe(16);
		expect(Array.from(decodeVector(bytes))).toEqual(Array.from(x));
	});
});
