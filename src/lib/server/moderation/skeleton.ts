// What a reader sees, as plain text a moderator can judge: the "skeleton" of a text.
//
// A flagged phrase can be disguised so that it still reads the same to a person but no longer
// matches what a moderator looks for: a zero-width space inside a word, look-alike letters from
// other scripts (Cyrillic "о" for Latin "o"), full-width or mathematical letters, combining marks
// stacked on letters, a right-to-left override that displays reversed text the right way round,
// letters spaced or dotted apart ("k i l l", "k.i.l.l"), punctuation inside a word ("your.self").
// The skeleton undoes each of these. It is for moderation only (never shown, never stored): the
// caller moderates the original *and* the skeleton and keeps the worse score per category, so a
// transformation that mangles innocent text can only cost a false positive, never let text through.
//
// Look-alike letters: the `confusables` package (its map of Unicode confusables to the Latin
// letter they imitate, aimed at English text filters, which is what the moderators read). The
// steps before and after it follow UTS #39's skeleton (drop default-ignorable code points,
// compatibility-normalise), keeping the result readable rather than UTS #39's comparison form.
import { remove as removeConfusables } from 'confusables';
import { cleanText } from '../../text/safe-text.ts';

// Zero-width spaces and joiners, soft hyphens, word joiners, variation selectors, Hangul fillers,
// bidi controls, tag characters…: invisible in running text.
const DEFAULT_IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;
// Emoji sequences (👨‍👩‍👧, ❤️, flags) are left whole: their joiners and selectors are not disguise.
const EMOJI = /\p{RGI_Emoji}/gv;
// Right-to-left override/isolate … pop: the characters between them are displayed reversed.
const RTL_OVERRIDE = /[\u202E\u2067]([^\u202C\u2069\n]*)(?:[\u202C\u2069]|$)/gmu;
const COMBINING_MARK = /\p{M}/gu;
// Three or more single letters joined by the same separator (space, dot, dash, star, underscore,
// slash, bar, middle dot…): "k i l l", "k.i.l.l", "k-i-l-l". Two spaces between runs keep the words
// apart ("k i l l  y o u" → "kill you").
const SPACED_LETTERS = /(?<![\p{L}\p{N}])\p{L}(?:([ .\-_*/|·•~+:,'])\p{L})(?:\1\p{L})+(?![\p{L}\p{N}])/gu;
// Up to three punctuation or symbol characters between letters of one word: "your.self",
// "ki!!ll", "s*e*x". Apostrophes stay, so "don't" and "I'm" read as written.
const INNER_PUNCTUATION = /(?<=\p{L})(?:(?!['’])[\p{P}\p{S}]){1,3}(?=\p{L})/gu;

/** Reverses the code points of right-to-left overridden runs, as they are displayed. */
function applyOverrides(text: string): string {
	return text.replace(RTL_OVERRIDE, (_, run: string) => [...run].reverse().join(''));
}

/** Invisible characters out, compatibility forms, marks and look-alike letters folded to Latin. */
function foldLetters(text: string): string {
	if (text === '') return text;
	const visible = text.replace(DEFAULT_IGNORABLE, '').normalize('NFKC').normalize('NFD').replace(COMBINING_MARK, '');
	return removeConfusables(visible).normalize('NFKC');
}

/**
 * The readable skeleton of `text` for moderation: format and control characters removed,
 * right-to-left overrides applied, compatibility forms (full-width, mathematical, circled
 * letters) folded, combining marks removed, look-alike letters of other scripts replaced by the
 * Latin letters they imitate, spaced-out letters joined, punctuation inside words removed and
 * whitespace collapsed. Letters keep their case. Idempotent in practice; pure; no I/O.
 *
 * Examples: "kill your\u200Bself" → "kill yourself"; "kіll" (Cyrillic і) → "kill";
 * "ｋｉｌｌ" → "kill"; "k i l l  m e" → "kill me"; "your.self" → "yourself".
 */
export function moderationSkeleton(text: string): string {
	const source = applyOverrides(cleanText(text));
	let s = '';
	let last = 0;
	for (const match of source.matchAll(EMOJI)) {
		s += foldLetters(source.slice(last, match.index)) + match[0];
		last = match.index + match[0].length;
	}
	s += foldLetters(source.slice(last));
	s = s.replace(SPACED_LETTERS, (run, separator: string) => run.split(separator).join(''));
	s = s.replace(INNER_PUNCTUATION, '');
	return s.replace(/[^\S\n]+/g, ' ').replace(/\s*\n\s*/g, '\n').trim();
}

/**
 * The texts a moderator should judge for `text`: the original, and its skeleton when that differs
 * in more than case and spacing. One or two entries.
 */
export function moderationVariants(text: string): string[] {
	const original = cleanText(text);
	const skeleton = moderationSkeleton(original);
	const comparable = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();
	return comparable(skeleton) === comparable(original) ? [original] : [original, skeleton];
}
