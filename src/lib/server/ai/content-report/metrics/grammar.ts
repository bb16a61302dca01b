// Content report measures: grammar: the mistakes a slot-filling writer makes (see index.ts).
import nlp from 'compromise';
import { stripEmoji } from '../../caption.ts';

/** A term as compromise's json() gives it. */
export interface TermJson {
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
