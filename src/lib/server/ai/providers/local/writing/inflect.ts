// English inflection for the offline writer, through compromise: plurals, verb forms and articles.
// Every result is cached: the same few hundred words are inflected again and again.
import nlp from 'compromise';

type Doc = ReturnType<typeof nlp>;
/** A word forced to a part of speech (compromise guesses poorly on lone words). */
const as = (word: string, tag: 'Noun' | 'Verb') => nlp(word).tag(tag) as Doc;

const cache = new Map<string, string>();
function cached(key: string, make: () => string): string {
	let value = cache.get(key);
	if (value === undefined) {
		value = make();
		if (cache.size > 20_000) cache.clear();
		cache.set(key, value);
	}
	return value;
}

/** compromise's conjugation misses a few regular verbs; these are checked by a unit test. */
const VERB_FIXES: Record<string, { past?: string; gerund?: string }> = {
	knead: { past: 'kneaded' },
	iron: { past: 'ironed' },
	steep: { past: 'steeped' },
	frog: { gerund: 'frogging' },
	repot: { gerund: 'repotting' },
	label: { past: 'labelled' }
};
const UNCHANGED_PAST = new Set(['put', 'let', 'cut', 'set', 'hit', 'beat', 'cast', 'reset', 'shut', 'spread', 'read', 'hurt', 'cost', 'quit']);

function conjugate(verb: string): { past: string; gerund: string; third: string } {
	const base = verb.toLowerCase();
	const key = `v:${base}`;
	const packed = cached(key, () => {
		const forms = (as(base, 'Verb').verbs().conjugate()[0] ?? {}) as Record<string, string | undefined>;
		const fix = VERB_FIXES[base] ?? {};
		let past = fix.past ?? forms.PastTense ?? '';
		if (!past || (past === base && !UNCHANGED_PAST.has(base))) past = base.endsWith('e') ? `${base}d` : `${base}ed`;
		let gerund = fix.gerund ?? forms.Gerund ?? '';
		if (!gerund || gerund === base) gerund = base.endsWith('e') && !base.endsWith('ee') ? `${base.slice(0, -1)}ing` : `${base}ing`;
		let third = forms.PresentTense ?? '';
		if (!third || third === base) third = /(s|sh|ch|x|z|o)$/.test(base) ? `${base}es` : /[^aeiou]y$/.test(base) ? `${base.slice(0, -1)}ies` : `${base}s`;
		return [past, gerund, third].join('|');
	});
	const [past, gerund, third] = packed.split('|');
	return { past, gerund, third };
}

/** The verb phrase's first word is its verb ("stir the pot" → "stirred the pot"). */
function inflectPhrase(phrase: string, form: 'past' | 'gerund' | 'third'): string {
	const [verb, ...rest] = phrase.split(' ');
	const forms = conjugate(verb);
	// "I" inside an action ("taste as I go") stays as it is; only the head verb changes.
	return [forms[form], ...rest].join(' ');
}

export const pastTense = (phrase: string) => inflectPhrase(phrase, 'past');
export const gerund = (phrase: string) => inflectPhrase(phrase, 'gerund');
/** Third person singular present: "stir the pot" → "stirs the pot". */
export const thirdPerson = (phrase: string) => inflectPhrase(phrase, 'third');

/** Plural of a noun phrase (its last word); mass nouns are returned unchanged by the caller. */
export function plural(phrase: string): string {
	return cached(`p:${phrase}`, () => {
		// "swoosh of sauce" → "swooshes of sauce": the head comes before "of".
		const of = phrase.indexOf(' of ');
		if (of > 0) return `${plural(phrase.slice(0, of))}${phrase.slice(of)}`;
		const words = phrase.split(' ');
		const head = words[words.length - 1];
		if (/s$/.test(head) && isPlural(phrase)) return phrase;
		const out = as(head, 'Noun').nouns().toPlural().text() || (/(s|sh|ch|x|z)$/.test(head) ? `${head}es` : `${head}s`);
		return [...words.slice(0, -1), out].join(' ');
	});
}

/** Singular of a noun phrase (its last word). */
export function singular(phrase: string): string {
	return cached(`s:${phrase}`, () => {
		const of = phrase.indexOf(' of ');
		if (of > 0) return `${singular(phrase.slice(0, of))}${phrase.slice(of)}`;
		const words = phrase.split(' ');
		const head = words[words.length - 1];
		const out = as(head, 'Noun').nouns().toSingular().text() || head;
		return [...words.slice(0, -1), out].join(' ');
	});
}

/** Whether a noun phrase is plural, judged by its last word ("night markets" yes, "tea" no). */
export function isPlural(phrase: string): boolean {
	return (
		cached(`n:${phrase}`, () => {
			const head = phrase.split(' ').pop() ?? phrase;
			if (!/s$/i.test(head) || /(ss|us|is)$/i.test(head)) return '0';
			const sg = as(head, 'Noun').nouns().toSingular().text();
			return sg && sg.toLowerCase() !== head.toLowerCase() ? '1' : '0';
		}) === '1'
	);
}

/** Whether a one-word interest is an activity ("gardening", "speedrunning"). */
export function isGerund(phrase: string): boolean {
	return cached(`g:${phrase}`, () => (/^\S+ing$/.test(phrase) && nlp(phrase).has('#Gerund') ? '1' : '0')) === '1';
}

/** "a" or "an" by sound, close enough for the words the writer uses ("an hour", "a unicorn"). */
export function article(phrase: string): string {
	const lower = phrase.toLowerCase();
	if (/^(hour|honest|heir)/.test(lower)) return `an ${phrase}`;
	if (/^(uni|use|usu|one|eu|ur)/.test(lower)) return `a ${phrase}`;
	if (/^[8]/.test(lower) || /^(11|18)\b/.test(lower)) return `an ${phrase}`;
	return /^[aeiou]/.test(lower) ? `an ${phrase}` : `a ${phrase}`;
}

export const capitalise = (s: string) => (s ? s[0].toUpperCase() + s.slice(1) : s);
