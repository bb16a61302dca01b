// Seeded randomness for the generation engine. Every content decision and every local render takes
// an Rng so that "same bot + same seed" reproduces the same post (tests, retried jobs, debugging).
// Math.random is never used for content.

/** A source of uniform numbers in [0, 1). */
export type Rng = () => number;

/** 32-bit FNV-1a over the UTF-16 code units: stable across runs and platforms. */
export function hashSeed(input: string): number {
	let hash = 0x811c9dc5;
	for (let i = 0; i < input.length; i++) {
		hash ^= input.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193);
	}
	// Final avalanche so that seeds differing in one character land far apart.
	hash ^= hash >>> 16;
	hash = Math.imul(hash, 0x85ebca6b);
	hash ^= hash >>> 13;
	return hash >>> 0;
}

/** mulberry32: tiny, fast, good enough for content variety (not for anything secret). */
export function mulberry32(seed: number): Rng {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** An Rng seeded from any parts, e.g. seededRng(bot.id, jobSeed, 'caption'). */
export function seededRng(...parts: Array<string | number>): Rng {
	return mulberry32(hashSeed(parts.join('\u241f')));
}

/** A 31-bit non-negative integer seed (what Flux, Runway and Kling accept). */
export function numericSeed(...parts: Array<string | number>): number {
	return hashSeed(parts.join('\u241f')) & 0x7fffffff;
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
	if (items.length === 0) throw new Error('pick() needs at least one item');
	return items[Math.floor(rng() * items.length)];
}

/** Inclusive on both ends. */
export function intBetween(rng: Rng, min: number, max: number): number {
	return min + Math.floor(rng() * (max - min + 1));
}

export function chance(rng: Rng, probability: number): boolean {
	return rng() < probability;
}

/** Fisher–Yates on a copy. */
export function shuffle<T>(rng: Rng, items: readonly T[]): T[] {
	const out = items.slice();
	for (let i = out.length - 1; i > 0; i--) {
		const j = Math.floor(rng() * (i + 1));
		[out[i], out[j]] = [out[j], out[i]];
	}
	return out;
}

/** Picks a key with probability proportional to its weight; zero and negative weights never win. */
export function weightedPick<T>(rng: Rng, entries: ReadonlyArray<readonly [T, number]>): T {
	const usable = entries.filter(([, w]) => Number.isFinite(w) && w > 0);
	if (usable.length === 0) throw new Error('weightedPick() needs at least one positive weight');
	const total = usable.reduce((sum, [, w]) => sum + w, 0);
	let roll = rng() * total;
	for (const [value, weight] of usable) {
		roll -= weight;
		if (roll < 0) return value;
	}
	return usable[usable.length - 1][0];
}
