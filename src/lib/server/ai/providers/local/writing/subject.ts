// What a post is about, read from its text with compromise: the noun phrase a reader would name if
// asked "what is this post about?", and whether the post asks its readers something. Used to
// answer posts (comments), to tag them, and by the local renderer to decide what to draw, so that it
// works as well on captions a real model wrote as on the offline writer's own.
import nlp from 'compromise';
import { singular } from './inflect.ts';
import { knownThingsIn, motifFor, topicsFor, type MotifId } from './topics/index.ts';

export interface PostSubject {
	/** The noun phrase without its article, singular unless it only makes sense plural ("noodle stall"). */
	text: string;
	/** Its head word, singular ("stall"). */
	head: string;
	motif: MotifId | null;
}

const NOT_A_SUBJECT = new Set([
	'i', 'me', 'my', 'mine', 'it', 'you', 'we', 'us', 'they', 'them', 'he', 'she', 'someone', 'something', 'nothing', 'everything', 'anyone', 'nobody', 'everyone',
	'question', 'take', 'opinion', 'thing', 'things', 'way', 'day', 'days', 'time', 'week', 'today', 'tonight', 'morning', 'night', 'evening', 'afternoon', 'status',
	'update', 'note', 'self', 'plan', 'plans', 'report', 'progress', 'lesson', 'rule', 'rules', 'story', 'minute', 'minutes', 'hour', 'hours', 'noise', 'record', 'sign',
	'mood', 'study', 'proof', 'sketch', 'inventory', 'recipe', 'attempt', 'entry', 'log', 'field notes', 'life', 'side', 'secret', 'part', 'lot', 'one', 'luck', 'love',
	'people', 'hero', 'chat', 'chance', 'red', 'blue', 'green', 'yellow', 'pink', 'purple', 'orange', 'white', 'black', 'grey', 'teal', 'gold', 'brown', 'blues', 'reds', 'greens', 'whites', 'pinks', 'post', 'friend', 'friends', 'family', 'sound', 'light', 'loop', 'play', 'order', 'world', 'reasons', 'issue', 'shift', 'job', 'priorities'
]);

const motifOf = (text: string): MotifId | null => {
	const motif = motifFor(text, topicsFor(text)[0]?.motif ?? 'lantern');
	return motif === 'lantern' && !/lantern|lamp|candle/.test(text) ? null : motif;
};

interface NounJson {
	text: string;
	noun?: { root?: string };
	terms: Array<{ text: string; tags: string[] }>;
}

const phraseCache = new Map<string, string[]>();

/** Noun phrases of a text in order, cleaned (no articles, pronouns, punctuation or emoji). Cached: a post is read by its tags, its image and its comments. */
export function nounPhrasesOf(text: string): string[] {
	const hit = phraseCache.get(text);
	if (hit) return hit;
	const out = readNounPhrases(text);
	if (phraseCache.size > 2000) phraseCache.clear();
	phraseCache.set(text, out);
	return out;
}

function readNounPhrases(text: string): string[] {
	const doc = nlp(text.replace(/[\p{Extended_Pictographic}\u{FE0F}\u{200D}]/gu, ' '));
	const out: string[] = [];
	for (const noun of doc.nouns().json() as NounJson[]) {
		if (noun.terms.some((t) => t.tags.includes('Pronoun') || t.tags.includes('Acronym') || t.tags.includes('Value'))) continue;
		const root = (noun.noun?.root ?? noun.text)
			.toLowerCase()
			.replace(/[^\p{L}\p{N}' -]+/gu, ' ')
			.replace(/^(the|a|an|this|that|some|more|less|your|my|our|their|his|her|its|any|no|every|each|all)\s+/, '')
			.replace(/\s+(and|or)\s+.*$/, '')
			.replace(/\s+/g, ' ')
			.trim();
		if (root.length < 3 || NOT_A_SUBJECT.has(root) || root.split(' ').every((w) => NOT_A_SUBJECT.has(w))) continue;
		out.push(root);
	}
	return out;
}

/**
 * The subject of a post: the first noun phrase that names something drawable or known to a topic
 * family, else the first noun phrase at all. `vocabulary` (e.g. the author's interests) wins ties.
 */
export function pickSubject(text: string, vocabulary: readonly string[] = []): PostSubject | null {
	// Things the topic lexicon knows come first (a noun parser can read "the fried egg smells" as
	// "egg smell"); a thing beats a place. Then the parser's noun phrases.
	const known = knownThingsIn(text);
	const thing = known.find((k) => !k.place) ?? known[0];
	if (thing) {
		const name = singular(thing.text);
		return { text: name, head: name.split(' ').pop() ?? name, motif: thing.motif };
	}
	const phrases = nounPhrasesOf(text);
	if (phrases.length === 0) return null;
	const interests = vocabulary.map((v) => v.toLowerCase());
	let best: { phrase: string; score: number } | null = null;
	phrases.forEach((phrase, index) => {
		let score = -index * 0.1;
		if (motifOf(phrase)) score += 2;
		if (interests.some((k) => k === phrase || singular(k) === singular(phrase))) score += 1;
		if (phrase.includes(' ')) score += 0.3;
		if (!best || score > best.score) best = { phrase, score };
	});
	const phrase = (best as { phrase: string } | null)?.phrase ?? phrases[0];
	const text1 = singular(phrase);
	return { text: text1, head: text1.split(' ').pop() ?? text1, motif: motifOf(phrase) };
}

export type QuestionKind = 'either' | 'favourite' | 'yes-no' | 'open';

export interface PostQuestion {
	kind: QuestionKind;
	text: string;
	/** For "X or Y?" questions, the two options. */
	options: string[];
}

/** The question a post asks its readers, if it asks one (its last sentence that ends in "?"). */
export function readQuestion(text: string): PostQuestion | null {
	const sentences = text.replace(/\n/g, ' ').split(/(?<=[.!?…])\s+/);
	const question = [...sentences].reverse().find((s) => /\?\s*[\p{Extended_Pictographic}\s]*$/u.test(s));
	if (!question) return null;
	const q = question.trim();
	const lower = q.toLowerCase();
	const either = /(?::\s*|^)(?:(?:a|an|the|some)\s+)?([\p{L}' -]{2,40}?)\s+or\s+(?:(?:a|an|the|some)\s+)?([\p{L}' -]{2,40}?)\s*\?/u.exec(lower);
	if (either && !/just me/.test(lower)) return { kind: 'either', text: q, options: [either[1].trim(), either[2].trim()] };
	if (/favou?rite|ritual|what's your|what is your|how do you take|which is better/.test(lower)) return { kind: 'favourite', text: q, options: [] };
	if (/^(?:\S+\s+)?(is it|anyone else|am i|does anyone|have you|do you|are you|is anyone|who else)/.test(lower) || /just me/.test(lower)) return { kind: 'yes-no', text: q, options: [] };
	return { kind: 'open', text: q, options: [] };
}
