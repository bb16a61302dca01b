// The measures behind `npm run report:content`: pure functions over generated text, so each one is
// unit-tested on its own (metrics.spec.ts) and the report only wires them to the generators.
import nlp from 'compromise';
import { stripEmoji } from '../caption.ts';
import { readVoice } from '../caption.ts';
import { tagKey } from '../tags.ts';
import type { BotContext } from '../types.ts';

// ---------------------------------------------------------------------------------------------
// Sentence shapes.

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

// ---------------------------------------------------------------------------------------------
// Voice and vocabulary.

const EMOJI = /\p{Extended_Pictographic}/gu;

export interface VoiceCheck {
	rule: string;
	passed: number;
	total: number;
}

/** The rules a persona's voice implies, checked on each caption. Only rules that apply are listed. */
export function voiceChecks(dna: BotContext['personaDna'], captions: readonly string[]): VoiceCheck[] {
	const cues = readVoice(dna);
	const rules: Array<[string, (c: string) => boolean]> = [];
	if (cues.lowercase) rules.push(['all lower-case', (c) => c === c.toLowerCase()]);
	if (cues.shout) rules.push(['all upper-case', (c) => c === c.toUpperCase()]);
	if (cues.capsEmphasis) rules.push(['a word in CAPS', (c) => /\b[A-Z]{3,}\b/.test(c)]);
	if (dna.emoji === 'none') rules.push(['no emoji', (c) => !EMOJI.test(c)]);
	if (dna.emoji === 'lots') rules.push(['two or more emoji', (c) => (c.match(EMOJI) ?? []).length >= 2]);
	if (dna.emoji === 'sparing') rules.push(['at most one emoji', (c) => (c.match(EMOJI) ?? []).length <= 1]);
	if (cues.exclaim) rules.push(['exclamation', (c) => c.includes('!')]);
	if (cues.lyrical) rules.push(['short lines (line breaks)', (c) => c.includes('\n') || c.split(/\s+/).length <= 8]);
	if (cues.terse) rules.push(['terse (≤ 25 words)', (c) => c.split(/\s+/).length <= 25]);
	if (cues.dreamy) rules.push(['ellipses', (c) => c.includes('…')]);
	if (dna.catchphrases.length > 0) rules.push(['catchphrase in 15–60 %', () => true]);
	return rules.map(([rule, test]) => {
		if (rule.startsWith('catchphrase')) {
			const used = captions.filter((c) => dna.catchphrases.some((p) => c.toLowerCase().includes(p.toLowerCase()))).length;
			const share = used / Math.max(1, captions.length);
			return { rule: `${rule} (${Math.round(share * 100)} %)`, passed: share >= 0.15 && share <= 0.6 ? captions.length : 0, total: captions.length };
		}
		return { rule, passed: captions.filter((c) => test(c)).length, total: captions.length };
	});
}

const STOP = new Set(
	'the and for with that this from into about after before over under just like what when where your mine have has are was were will would could should been being then than them they their there here very only also some more most much such not but all any its our out off one two now new got get still every day time way thing things want need make made back going really today tonight this morning'.split(' ')
);

export function contentWordsOf(text: string): string[] {
	return (stripEmoji(text).toLowerCase().match(/\p{L}[\p{L}'-]{2,}/gu) ?? []).filter((w) => !STOP.has(w));
}

/**
 * The persona's own vocabulary beyond its interests: content words of its bio, example posts,
 * catchphrases and character reference. A caption "uses" it when one of these words appears.
 */
export function ownVocabulary(bot: Pick<BotContext, 'bio' | 'personaDna' | 'characterAnalysis'>): Set<string> {
	const interestWords = new Set(bot.personaDna.interests.flatMap(contentWordsOf));
	const source = [bot.bio, ...bot.personaDna.examplePosts, ...bot.personaDna.catchphrases, ...(bot.characterAnalysis?.distinguishingFeatures ?? [])];
	return new Set(source.flatMap(contentWordsOf).filter((w) => !interestWords.has(w)));
}

export function usesVocabulary(caption: string, vocabulary: ReadonlySet<string>): boolean {
	return contentWordsOf(caption).some((w) => vocabulary.has(w) || vocabulary.has(w.replace(/s$/, '')) || vocabulary.has(`${w}s`));
}

/** How a caption is written, as tokens a reader notices: line breaks, exclamations, ellipses, CAPS, all lower-case, each emoji. */
export function styleTokens(caption: string): string[] {
	const tokens: string[] = [];
	if (caption.includes('\n')) tokens.push('~linebreaks');
	if (caption.includes('!')) tokens.push('~exclaims');
	if (caption.includes('…')) tokens.push('~ellipsis');
	if (caption.includes('?')) tokens.push('~asks');
	if (/\b[A-Z]{3,}\b/.test(caption) && caption !== caption.toUpperCase()) tokens.push('~caps');
	if (caption === caption.toLowerCase()) tokens.push('~lowercase');
	tokens.push(...(caption.match(EMOJI) ?? []).map((e) => `~${e}`));
	return tokens;
}

/**
 * How recognisable personas are: each caption is attributed to the persona whose other captions
 * it is most similar to (cosine similarity of counts of content words and style tokens, the caption
 * itself left out): what a reader goes by, the words and the way they are written.
 * Returns the share attributed to the right persona.
 */
export function attributionAccuracy(rows: ReadonlyArray<{ persona: string; caption: string }>): number {
	return attribution(rows).overall;
}

/** attributionAccuracy, with the share per persona and the persona each one is most often mistaken for. */
export function attribution(rows: ReadonlyArray<{ persona: string; caption: string }>): { overall: number; byPersona: Record<string, number>; mistakenFor: Record<string, string> } {
	const vectors = rows.map((r) => {
		const v = new Map<string, number>();
		for (const w of [...contentWordsOf(r.caption), ...styleTokens(r.caption)]) v.set(w, (v.get(w) ?? 0) + 1);
		return v;
	});
	const centroids = new Map<string, Map<string, number>>();
	rows.forEach((r, i) => {
		const c = centroids.get(r.persona) ?? new Map<string, number>();
		for (const [w, n] of vectors[i]) c.set(w, (c.get(w) ?? 0) + n);
		centroids.set(r.persona, c);
	});
	let correct = 0;
	const right = new Map<string, number>();
	const seen = new Map<string, number>();
	const wrong = new Map<string, Map<string, number>>();
	rows.forEach((r, i) => {
		let best: [string, number] = ['', -1];
		for (const [persona, centroid] of centroids) {
			let dot = 0;
			let norm = 0;
			for (const [w, n] of centroid) {
				const own = persona === r.persona ? (vectors[i].get(w) ?? 0) : 0;
				const value = n - own;
				norm += value * value;
				dot += value * (vectors[i].get(w) ?? 0);
			}
			const score = norm > 0 ? dot / Math.sqrt(norm) : 0;
			if (score > best[1]) best = [persona, score];
		}
		seen.set(r.persona, (seen.get(r.persona) ?? 0) + 1);
		if (best[0] === r.persona) {
			correct++;
			right.set(r.persona, (right.get(r.persona) ?? 0) + 1);
		} else {
			const m = wrong.get(r.persona) ?? new Map<string, number>();
			m.set(best[0], (m.get(best[0]) ?? 0) + 1);
			wrong.set(r.persona, m);
		}
	});
	const byPersona: Record<string, number> = {};
	const mistakenFor: Record<string, string> = {};
	for (const [persona, n] of seen) {
		byPersona[persona] = (right.get(persona) ?? 0) / n;
		const m = [...(wrong.get(persona) ?? new Map<string, number>()).entries()].sort((a, b) => b[1] - a[1])[0];
		if (m) mistakenFor[persona] = m[0];
	}
	return { overall: correct / Math.max(1, rows.length), byPersona, mistakenFor };
}

// ---------------------------------------------------------------------------------------------
// Grammar: the mistakes a slot-filling writer makes.

interface TermJson {
	text: string;
	tags: string[];
}

/**
 * Problems a reader would notice, per sentence: a determiner with no noun after it ("The
 * instead!"), "a" before a vowel or "an" before a consonant, a doubled word, an unexpanded grammar
 * slot, a sentence that is a lone function word. Returns descriptions; empty when none is found.
 */
export function grammarProblems(text: string): string[] {
	const problems: string[] = [];
	const clean = stripEmoji(text).replace(/\n/g, ' ');
	if (/\(\(|\)\)|#\w+#|\{[a-z]+\}|undefined|\bnull\b|\[object/.test(clean)) problems.push('unexpanded slot');
	for (const sentence of clean.split(/(?<=[.!?…])\s+/)) {
		const s = sentence.trim();
		if (!s) continue;
		const terms = (nlp(s).json() as Array<{ terms: TermJson[] }>).flatMap((x) => x.terms);
		if (terms.length === 1 && terms[0].tags.some((t) => t === 'Determiner' || t === 'Preposition' || t === 'Conjunction')) problems.push(`lone function word: "${s}"`);
		terms.forEach((term, i) => {
			const next = terms[i + 1];
			const word = term.text.toLowerCase();
			if (term.tags.includes('Determiner') && ['the', 'a', 'an'].includes(word)) {
				if (!next) problems.push(`determiner without a noun: "${s}"`);
				else if (!next.tags.some((t) => ['Noun', 'Adjective', 'Value', 'Possessive', 'Gerund', 'Acronym', 'Ordinal', 'Cardinal', 'Adverb', 'Participle', 'PastTense', 'Verb'].includes(t)) || (next.tags.includes('Adverb') && !next.tags.some((t) => t === 'Adjective' || t === 'Noun') && !terms[i + 2]?.tags.some((t) => t === 'Adjective' || t === 'Noun' || t === 'Value'))) {
					problems.push(`determiner without a noun: "${s}"`);
				}
			}
			// Doubled words, except reduplicated names ("puff-puff", "chin chin" as one word).
			if (next && word === next.text.toLowerCase() && /^\p{L}+$/u.test(word) && !['very', 'ha', 'no', 'so'].includes(word) && !s.toLowerCase().includes(`${word}-${word}`)) problems.push(`doubled word "${word}"`);
			// "a e s t h e t i c" is spaced-out lettering, not an article.
			if (next && (word === 'a' || word === 'an') && next.text.length > 1) {
				const n = next.text.toLowerCase();
				const vowelSound = /^[aeiou]/.test(n) && !/^(uni|use|usu|one|eu|ur)/.test(n);
				if (word === 'a' && vowelSound) problems.push(`"a ${n}"`);
				if (word === 'an' && !vowelSound && !/^(hour|honest|heir|8|11|18)/.test(n)) problems.push(`"an ${n}"`);
			}
		});
	}
	return problems;
}

// ---------------------------------------------------------------------------------------------
// Comments.

/**
 * Whether a comment responds to its post: it names something the post is about (a noun of the
 * post, singular or plural), or the post asks a question and the comment answers it (picks one of
 * two options, says yes or no, or gives its own pick).
 */
const postNounCache = new Map<string, Set<string>>();

export function commentResponds(postCaption: string, comment: string): boolean {
	let postNouns = postNounCache.get(postCaption);
	if (!postNouns) {
		postNouns = readPostNouns(postCaption);
		postNounCache.set(postCaption, postNouns);
	}
	return respondsTo(postCaption, postNouns, comment);
}

function readPostNouns(postCaption: string): Set<string> {
	return new Set(
		(nlp(stripEmoji(postCaption)).nouns().json() as Array<{ terms: TermJson[] }>)
			.flatMap((n) => n.terms)
			.filter((t) => t.tags.includes('Noun') && !t.tags.includes('Pronoun'))
			.map((t) => t.text.toLowerCase().replace(/[^\p{L}-]/gu, ''))
			.filter((w) => w.length > 2 && !STOP.has(w))
	);
}

function respondsTo(postCaption: string, postNouns: Set<string>, comment: string): boolean {
	const words = contentWordsOf(comment);
	const stem = (w: string) => w.replace(/(es|s)$/, '');
	if (words.some((w) => postNouns.has(w) || [...postNouns].some((n) => stem(n) === stem(w)))) return true;
	const question = [...stripEmoji(postCaption).split(/(?<=[.!?…])\s+/)].reverse().find((s) => s.trim().endsWith('?'));
	if (!question) return false;
	const lower = comment.toLowerCase();
	const either = /([\p{L}' -]+?)\s+or\s+([\p{L}' -]+?)\?/u.exec(question.toLowerCase());
	if (either) return [either[1], either[2]].some((o) => o.split(' ').filter((w) => w.length > 2).some((w) => lower.includes(w)));
	return /\b(yes|no|not just you|definitely|absolutely|mine|for me|i would|i'd|easy|honestly|probably|i go with)\b/.test(lower);
}

// ---------------------------------------------------------------------------------------------
// Tags.

/** Pairs of a post's tags that normalise to the same key (`west_african_cuisine` / `westafricancuisine`). */
export function duplicateTags(tags: readonly string[]): Array<[string, string]> {
	const seen = new Map<string, string>();
	const pairs: Array<[string, string]> = [];
	for (const tag of tags) {
		const key = tagKey(tag);
		const first = seen.get(key);
		if (first !== undefined) pairs.push([first, tag]);
		else seen.set(key, tag);
	}
	return pairs;
}

/** Whether every word of a trend appears in the caption (singular or plural): the whole phrase, not one word. */
export function trendFitsCaption(trend: string, caption: string): boolean {
	const all = stripEmoji(caption).toLowerCase().replace(/-/g, ' ').match(/\p{L}[\p{L}']*/gu) ?? [];
	const words = new Set(all.flatMap((w) => [w, w.replace(/(es|s)$/, '')]));
	return trend
		.toLowerCase()
		.split(/[_\s]+/)
		.filter((w) => w.length > 1)
		.every((w) => words.has(w) || words.has(w.replace(/(es|s)$/, '')));
}

// ---------------------------------------------------------------------------------------------
// Images.

/** Hamming distance of two 64-bit perceptual hashes given as '0'/'1' strings. */
export function hammingDistance(a: string, b: string): number {
	let d = 0;
	for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) d++;
	return d + Math.abs(a.length - b.length);
}

/**
 * Which palette colours appear in an image: a colour appears when some pixel of a small thumbnail
 * lies within `tolerance` (Euclidean RGB distance) of it. `pixels` is raw RGB.
 */
export function paletteCoverage(pixels: Uint8Array | Buffer, palette: readonly string[], tolerance = 60): number {
	if (palette.length === 0) return 1;
	let found = 0;
	for (const hex of palette) {
		const v = parseInt(hex.slice(1), 16);
		const [r, g, b] = [(v >> 16) & 255, (v >> 8) & 255, v & 255];
		for (let i = 0; i + 2 < pixels.length; i += 3) {
			if (Math.hypot(pixels[i] - r, pixels[i + 1] - g, pixels[i + 2] - b) <= tolerance) {
				found++;
				break;
			}
		}
	}
	return found / palette.length;
}
