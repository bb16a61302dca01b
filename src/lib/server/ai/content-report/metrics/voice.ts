// Content report measures: voice and vocabulary (see index.ts).
import { stripEmoji } from '../../caption.ts';
import { readVoice } from '../../caption.ts';
import type { BotContext } from '../../types.ts';

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

/** Words too common to say what a text is about. */
export const STOP_WORDS = new Set(
	'the and for with that this from into about after before over under just like what when where your mine have has are was were will would could should been being then than them they their there here very only also some more most much such not but all any its our out off one two now new got get still every day time way thing things want need make made back going really today tonight this morning'.split(' ')
);

export function contentWordsOf(text: string): string[] {
	return (stripEmoji(text).toLowerCase().match(/\p{L}[\p{L}'-]{2,}/gu) ?? []).filter((w) => !STOP_WORDS.has(w));
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
