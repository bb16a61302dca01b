// Content report measures: sentence shapes (see index.ts).
import nlp from 'compromise';
import { stripEmoji } from '../../caption.ts';
import type { BotContext } from '../../types.ts';

/** The persona's own words, which a caption's shape masks. */
export interface PersonaWords {
	names: string[];
	interests: string[];
	traits: string[];
	catchphrases: string[];
}

export function personaWords(bot: Pick<BotContext, 'name' | 'handle' | 'personaDna'>): PersonaWords {
	const dna = bot.personaDna;
	return {
		names: [bot.name, ...bot.name.split(/\s+/), bot.handle, bot.handle.replace(/_/g, ' ')].filter((n) => n.length > 1),
		interests: dna.interests,
		traits: dna.traits,
		catchphrases: dna.catchphrases
	};
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Singular and plural spellings of a phrase's last word, enough to mask "night market" and "night markets". */
function variants(phrase: string): string[] {
	const p = phrase.toLowerCase().trim();
	const out = new Set([p]);
	if (/ies$/.test(p)) out.add(`${p.slice(0, -3)}y`);
	else if (/s$/.test(p)) out.add(p.slice(0, -1));
	else if (/y$/.test(p)) out.add(`${p.slice(0, -1)}ies`);
	else out.add(`${p}s`).add(`${p}es`);
	return [...out];
}

/**
 * A caption's shape: lower-case, emoji and line breaks removed, the persona's own words (its
 * catchphrases {c}, interests {i}, traits {t} and names {n}) and every number {0} masked. Two
 * captions with the same shape differ only in those words: the same sentence with the persona
 * swapped in. (The definition of issue 13.)
 */
export function captionShape(caption: string, words: PersonaWords): string {
	let text = ` ${stripEmoji(caption).toLowerCase().replace(/\s+/g, ' ')} `;
	const masks: Array<[string, string]> = [
		...words.catchphrases.flatMap((c) => variants(c).map((v) => [v, '{c}'] as [string, string])),
		...words.interests.flatMap((i) => variants(i).map((v) => [v, '{i}'] as [string, string])),
		...words.traits.flatMap((t) => variants(t).map((v) => [v, '{t}'] as [string, string])),
		...words.names.map((n) => [n.toLowerCase(), '{n}'] as [string, string])
	].sort((a, b) => b[0].length - a[0].length);
	for (const [phrase, mask] of masks) {
		if (phrase.length < 2) continue;
		text = text.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escape(phrase)}(?![\\p{L}\\p{N}])`, 'gu'), mask);
	}
	return text
		.replace(/\d+(?:[:.,]\d+)?(?:am|pm|%|st|nd|rd|th)?/g, '{0}')
		.replace(/\s+/g, ' ')
		.trim();
}

/**
 * A stricter shape: also every noun masked ({x}), so captions that differ only in which thing,
 * place or bio word they mention collapse together. What is left is the sentence's skeleton.
 */
export function skeletonShape(caption: string, words: PersonaWords): string {
	const shape = captionShape(caption, words);
	const doc = nlp(shape);
	doc.match('#Noun').not('#Pronoun').replaceWith('{x}');
	return doc
		.text()
		.replace(/\{x\}(?:\s*\{x\})+/g, '{x}')
		.replace(/\s+/g, ' ')
		.trim();
}

export interface ShapeStats {
	total: number;
	distinct: number;
	/** The most frequent shape and its share of all captions. */
	top: { shape: string; count: number; share: number };
	/** How many personas' ten most frequent shapes include the most widely shared shape. */
	maxPersonasSharingATopTenShape: number;
	sharedTopTenShape: string | null;
}

/** Ten most frequent shapes per persona (ties broken by shape text, so the result is stable). */
export function topShapes(shapes: readonly string[], n = 10): string[] {
	const counts = new Map<string, number>();
	for (const s of shapes) counts.set(s, (counts.get(s) ?? 0) + 1);
	return [...counts.entries()]
		.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
		.slice(0, n)
		.map(([s]) => s);
}

export function shapeStats(rows: ReadonlyArray<{ persona: string; shape: string }>): ShapeStats {
	const counts = new Map<string, number>();
	for (const r of rows) counts.set(r.shape, (counts.get(r.shape) ?? 0) + 1);
	let top = { shape: '', count: 0, share: 0 };
	for (const [shape, count] of counts) if (count > top.count) top = { shape, count, share: count / rows.length };
	const byPersona = new Map<string, string[]>();
	for (const r of rows) byPersona.set(r.persona, [...(byPersona.get(r.persona) ?? []), r.shape]);
	const topTenUse = new Map<string, number>();
	for (const shapes of byPersona.values()) for (const s of topShapes(shapes)) topTenUse.set(s, (topTenUse.get(s) ?? 0) + 1);
	let shared: [string | null, number] = [null, 0];
	for (const [s, n] of topTenUse) if (n > shared[1]) shared = [s, n];
	return { total: rows.length, distinct: counts.size, top, maxPersonasSharingATopTenShape: shared[1], sharedTopTenShape: shared[0] };
}
