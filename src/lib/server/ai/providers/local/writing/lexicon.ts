// A persona's own vocabulary, read once from everything Rudo knows about the bot: its interests,
// bio, example posts, catchphrases, traits, palette, art style and character reference. compromise
// finds the noun phrases, times and adjectives in the free text; topics.ts adds what a person into
// each interest would talk about when the persona's own words run short.
import nlp from 'compromise';
import { readVoice, type VoiceCues } from '../../../caption.ts';
import { artStyleProfile, type BotContext } from '../../../types.ts';
import { colourName } from '../colour.ts';
import { isGerund, isPlural } from './inflect.ts';
import { GENERIC_TOPIC, motifFor, parseThing, topicsFor, type MotifId, type Topic } from './topics/index.ts';

/** A concrete thing the persona can mention. */
export interface Term {
	text: string;
	plural: boolean;
	mass: boolean;
	motif: MotifId;
	/** Where it came from: the persona's own words rank above the topic lexicon. */
	source: 'interest' | 'bio' | 'example' | 'reference' | 'topic';
}

export interface Interest {
	text: string;
	plural: boolean;
	/** An activity ("gardening") rather than a thing ("night markets"). */
	activity: boolean;
	topics: Topic[];
	/** Things to mention when posting about this interest: own words first, then the topic's. */
	things: Term[];
	places: string[];
	actions: string[];
	senses: string[];
	times: string[];
	emoji: string[];
	motif: MotifId;
}

/** How the example posts are written, so generated posts can follow the same habits. */
export interface ExampleStyle {
	/** "3am. the noodle stall…": posts that open on a clock time. */
	clockOpenings: boolean;
	ellipses: boolean;
	/** Examples that end without a full stop ("the food court at dusk is a cathedral"). */
	openEnded: boolean;
	/** Mean words per sentence across the examples (0 when there are none). */
	wordsPerSentence: number;
}

export interface PersonaLexicon {
	name: string;
	handle: string;
	cues: VoiceCues;
	interests: Interest[];
	/** Noun phrases from the bio, example posts and character reference. */
	ownTerms: Term[];
	/** Time phrases from the bio and example posts ("after midnight", "3am"). */
	ownTimes: string[];
	/** Adjectives from the bio and example posts ("rain-slick", "honest"). */
	ownAdjectives: string[];
	/** Sentences of the example posts with one noun phrase turned into a slot (see echoFrames). */
	echoes: Echo[];
	exampleStyle: ExampleStyle;
	traits: string[];
	moods: string[];
	catchphrases: string[];
	colours: string[];
	styleLabel: string;
	/** Wearables and features from the character reference ("teal scarf", "cracked visor"). */
	features: string[];
	emoji: PersonaEmoji;
	/** Every content word the persona itself wrote (lower-case): what "its own vocabulary" means. */
	vocabulary: Set<string>;
}

export type PersonaEmoji = { mode: 'none' | 'sparing' | 'lots'; pool: string[] };

const DETERMINERS = /^(?:the|a|an|this|that|these|those|my|our|his|her|their|your|its|some|one|every|each)\s+/i;
const TOO_VAGUE = new Set(['day', 'thing', 'things', 'way', 'time', 'lot', 'bit', 'stuff', 'one', 'someone', 'something', 'nothing', 'everything', 'me', 'myself', 'i', 'you', 'it', 'them', 'us', 'we', 'they', 'he', 'she', 'secret', 'hero', 'foe']);
const TIME_RE = /\b(?:(?:after|before|at|past|until|by)\s+)?(?:midnight|dawn|dusk|noon|sunset|sunrise|closing time|golden hour|\d{1,2}(?::\d{2})?\s?(?:am|pm))\b/gi;
/** The same pattern without the global flag, for yes/no tests (a /g regex keeps state between calls). */
const IS_TIME = new RegExp(TIME_RE.source, 'i');
const WEARABLE = /\b(scarf|visor|hood|hoodie|sunglasses|robe|sash|toque|jacket|coat|cape|mask|hat|cap|beanie|glasses|goggles|headphones|boots|apron|helmet|antenna|ears|tail|wings|braid|bun|hair|eyes|freckles|beard|tattoo|badge|bandana|sleeves|gloves|backpack|umbrella|necklace|earrings)\b/i;

const LEADING_GLUE = /^(?:and|or|but|at|in|on|of|with|for|to|from|by|about|like|into)\s+/i;

function clean(phrase: string): string {
	let out = phrase
		.replace(/[\p{Extended_Pictographic}\u{FE0F}\u{200D}\u{1F3FB}-\u{1F3FF}]/gu, ' ')
		.replace(/[.,;:!?…()"“”]+/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
	for (let i = 0; i < 3; i++) out = out.replace(LEADING_GLUE, '').replace(DETERMINERS, '');
	return out;
}

interface TaggedTerm {
	text: string;
	tags: string[];
}
const termsOf = (text: string): TaggedTerm[] => (nlp(text).json() as Array<{ terms: TaggedTerm[] }>).flatMap((s) => s.terms);

/** Lower-case, except words compromise knows as names, demonyms or acronyms ("West African", "PB"). */
function caseOf(phrase: string): string {
	const keep = new Set(termsOf(phrase).filter((t) => t.tags.some((tag) => tag === 'ProperNoun' || tag === 'Demonym' || tag === 'Acronym')).map((t) => t.text));
	const words = phrase.split(' ');
	const kept = words.map((word) => word.split('-').some((part) => keep.has(part)));
	// "West African": a capitalised word right before a kept one belongs to the same name.
	for (let i = words.length - 2; i >= 0; i--) if (kept[i + 1] && /^\p{Lu}/u.test(words[i])) kept[i] = true;
	return words.map((word, i) => (kept[i] ? word : word.toLowerCase())).join(' ');
}

/** A noun phrase worth mentioning: ends on a noun, holds no verb, adverb or pronoun. */
function isConcretePhrase(text: string): boolean {
	const terms = termsOf(text);
	const last = terms[terms.length - 1];
	if (!last || !last.tags.includes('Noun') || last.tags.includes('Pronoun')) return false;
	return !terms.some((t) => t.tags.includes('Verb') || t.tags.includes('Adverb') || t.tags.includes('Pronoun') || t.tags.includes('Conjunction') || t.tags.includes('Preposition'));
}

function toTerm(raw: string, source: Term['source'], fallbackMotif: MotifId): Term | null {
	const text = caseOf(clean(raw));
	if (!text || text.length < 3 || text.split(' ').length > 4 || TOO_VAGUE.has(text.toLowerCase()) || /\d{3,}/.test(text) || !isConcretePhrase(text)) return null;
	const mass = nlp(text.split(' ').pop() ?? text).has('#Uncountable');
	return { text, plural: isPlural(text), mass, motif: motifFor(text, topicsFor(text)[0]?.motif ?? fallbackMotif), source };
}

/** Noun phrases of free text: list-like bios ("Street food, synth bass, stray cats.") whole, prose through compromise. */
export function nounPhrases(text: string): string[] {
	const out: string[] = [];
	const withoutTimes = text.replace(TIME_RE, ' ');
	for (const chunk of withoutTimes.split(/[.,;:!?…()]+|\s(?:and|or|but|while|because)\s/i)) {
		const trimmed = chunk.trim();
		if (!trimmed) continue;
		const doc = nlp(trimmed);
		const words = trimmed.split(/\s+/).length;
		if (words <= 4 && !doc.has('#Verb') && !doc.has('#Pronoun')) {
			out.push(trimmed);
			continue;
		}
		for (const noun of doc.nouns().json() as Array<{ text: string; terms: Array<{ tags: string[] }> }>) {
			if (noun.terms.some((t) => t.tags.includes('Pronoun') || t.tags.includes('Possessive'))) continue;
			out.push(noun.text);
		}
	}
	return out;
}

export function timePhrases(text: string): string[] {
	return [...new Set((text.match(TIME_RE) ?? []).map((t) => t.toLowerCase().trim()))];
}

function adjectivesOf(text: string): string[] {
	return (nlp(text).adjectives().out('array') as string[])
		.map((a) => a.toLowerCase().replace(/[^a-z-]/g, ''))
		.filter((a) => a.length > 3 && !a.endsWith('-') && !['only', 'other', 'same', 'optional'].includes(a));
}

/** An example post as a frame, and the topic families of the noun its slot replaced. */
export interface Echo {
	frame: string;
	/** Empty when the replaced noun belongs to no known family (then any thing fits). */
	topics: string[];
	/** The noun phrase the slot replaced: never put back, or the example would be copied. */
	original: string;
}

/**
 * The example posts as frames: each sentence with one concrete noun phrase replaced by a slot for
 * the post's main thing, so a new post keeps the persona's rhythm ("the brush knows before the hand
 * does." → "the #T# knows before the hand does."). Times become a slot too.
 */
export function echoFrames(examplePosts: readonly string[]): Echo[] {
	const frames: Echo[] = [];
	for (const post of examplePosts) {
		// Tracery's own syntax ('#', brackets, backslash) cannot appear in a frame except as our slots.
		const text = post.trim().replace(/[#[\]\\]/g, '');
		// A long, written-out example (a product description) is not a rhythm a post can borrow.
		if (text.split(/\s+/).length > 24) continue;
		const candidates: Array<Echo & { concrete: boolean }> = [];
		for (const noun of nlp(text).nouns().json() as Array<{ text: string; terms: TaggedTerm[] }>) {
			const tags = noun.terms.flatMap((t) => t.tags);
			const bare = clean(noun.text);
			if (!bare || noun.terms.length > 3 || TOO_VAGUE.has(bare.toLowerCase()) || IS_TIME.test(noun.text)) continue;
			if (['Pronoun', 'Possessive', 'Acronym', 'Value', 'Verb', 'Adverb'].some((tag) => tags.includes(tag))) continue;
			const phrase = noun.text.replace(/[.,;:!?…()]+$/g, '').trim();
			const at = text.indexOf(phrase);
			if (at < 0) continue;
			const before = text.slice(0, at);
			const determiner = /^(the|a|an|this|that)\s/i.exec(phrase)?.[1]?.toLowerCase();
			const plural = isPlural(bare);
			let slot: string;
			// After "at", "in" or "on" a definite noun phrase is a place: it becomes the post's place.
			if (/\b(at|in|on|inside|outside)\s$/i.test(before) && determiner === 'the') slot = '#P#';
			else if (determiner === 'the' || determiner === 'this' || determiner === 'that') slot = `${determiner} ${plural ? '#T_pl#' : '#T#'}`;
			else if (determiner) slot = '#T_a#';
			// Agreement is kept: a plural noun becomes the plural thing, a bare singular one a mass noun.
			else slot = plural ? '#T_pl#' : '#T_mass#';
			const frame = (before + slot + text.slice(at + phrase.length)).replace(TIME_RE, (m) => (/^\d/.test(m) ? '#STAMP#' : '#WHEN#'));
			const topics = slot === '#P#' ? [] : topicsFor(bare).map((t) => t.id);
			// A noun no family knows cannot be swapped for a fitting one ("salty cos surfboards").
			if (slot !== '#P#' && topics.length === 0) continue;
			candidates.push({ frame, topics, original: bare.toLowerCase(), concrete: motifFor(bare, topicsFor(bare)[0]?.motif ?? 'lantern') !== 'lantern' || slot === '#P#' });
		}
		// Concrete nouns (a noodle stall, peonies, jollof) make the best slots; an abstract one ("a love
		// language") only when the post has nothing else. Two frames per post at most.
		const concrete = candidates.filter((c) => c.concrete);
		for (const { frame, topics, original } of (concrete.length > 0 ? concrete : candidates).slice(0, 2)) frames.push({ frame, topics, original });
	}
	return frames;
}

function exampleStyleOf(examples: readonly string[]): ExampleStyle {
	if (examples.length === 0) return { clockOpenings: false, ellipses: false, openEnded: false, wordsPerSentence: 0 };
	const sentences = examples.flatMap((e) => e.split(/(?<=[.!?…])\s+/)).filter(Boolean);
	return {
		clockOpenings: examples.some((e) => /^\d{1,2}(:\d{2})?\s?(am|pm)\b/i.test(e.trim())),
		ellipses: examples.some((e) => e.includes('…') || e.includes('...')),
		openEnded: examples.filter((e) => !/[.!?…)]$/.test(e.trim())).length * 2 >= examples.length,
		wordsPerSentence: sentences.reduce((s, x) => s + x.split(/\s+/).length, 0) / Math.max(1, sentences.length)
	};
}

const MOOD_BY_TRAIT: Array<[RegExp, string]> = [
	[/restless|adventur|wander|rebel/, 'restless'],
	[/curious|observ|inventive|nerd|geek/, 'curious'],
	[/wry|dry|sarcas|cynic|deadpan/, 'wry'],
	[/calm|patient|precise|gentle|tender|serene|kind/, 'calm'],
	[/playful|goofy|silly|excit|competitive|cheeky/, 'playful'],
	[/bold|brave|confident|generous|fierce/, 'bold'],
	[/nostalg|drift|dream|wistful|romantic/, 'dreamy']
];

export function moodsOf(traits: readonly string[]): string[] {
	const moods = traits.flatMap((trait) => MOOD_BY_TRAIT.filter(([re]) => re.test(trait.toLowerCase())).map(([, mood]) => mood));
	return moods.length > 0 ? [...new Set(moods)] : ['reflective'];
}

function words(text: string): string[] {
	return text.toLowerCase().match(/[\p{L}][\p{L}'-]{2,}/gu) ?? [];
}

const FUNCTION_WORDS = new Set('the and for with that this from into about after before over under just like what when where your mine have has are was were will would could should been being then than them they their there here very only also some more most much such not but all any its our out off one two'.split(' '));

function buildInterest(text: string, ownTerms: Term[]): Interest {
	const topics = topicsFor(text);
	const families = topics.length > 0 ? topics : [GENERIC_TOPIC];
	// Interests no family knows lean on the persona's own words, and on the interest itself when it
	// names things.
	const own = topics.length > 0 ? ownTerms.filter((t) => families.some((f) => f.match.test(t.text.toLowerCase()) || f.motif === t.motif)) : [...ownTerms];
	// Only plural interests are surely things one can hold ("suvs", "tarts"); "health" is not.
	if (topics.length === 0 && isPlural(text) && isConcretePhrase(text)) own.unshift({ text, plural: isPlural(text), mass: !isPlural(text) && nlp(text).has('#Uncountable'), motif: GENERIC_TOPIC.motif, source: 'interest' });
	const topicThings = families.flatMap((f) =>
		f.things.map((raw): Term => {
			const { text: thing, mass } = parseThing(raw);
			return { text: thing, mass, plural: false, motif: motifFor(thing, f.motif), source: 'topic' };
		})
	);
	const seen = new Set<string>();
	const things = [...own, ...topicThings].filter((t) => !seen.has(t.text.toLowerCase()) && seen.add(t.text.toLowerCase()));
	const uniq = (xs: string[]) => [...new Set(xs)];
	return {
		text,
		plural: isPlural(text),
		activity: isGerund(text),
		topics: families,
		things,
		places: uniq(families.flatMap((f) => f.places)),
		actions: uniq(families.flatMap((f) => f.actions)),
		senses: uniq(families.flatMap((f) => f.senses)),
		times: uniq(families.flatMap((f) => f.times)),
		emoji: uniq(families.flatMap((f) => f.emoji)),
		motif: motifFor(text, families[0].motif)
	};
}

const lexiconCache = new Map<string, PersonaLexicon>();

/** The lexicon of a bot (cached by everything it is built from). */
export function personaLexicon(bot: BotContext): PersonaLexicon {
	const key = JSON.stringify([bot.name, bot.handle, bot.bio, bot.artStyle, bot.personaDna, bot.characterAnalysis]);
	const hit = lexiconCache.get(key);
	if (hit) return hit;
	const lexicon = buildLexicon(bot);
	if (lexiconCache.size > 500) lexiconCache.clear();
	lexiconCache.set(key, lexicon);
	return lexicon;
}

function buildLexicon(bot: BotContext): PersonaLexicon {
	const dna = bot.personaDna;
	const analysis = bot.characterAnalysis;
	const ownTerms: Term[] = [];
	const add = (raw: string, source: Term['source']) => {
		const term = toTerm(raw, source, 'lantern');
		if (term && !ownTerms.some((t) => t.text.toLowerCase() === term.text.toLowerCase()) && !dna.interests.some((i) => i.toLowerCase() === term.text.toLowerCase())) ownTerms.push(term);
	};
	for (const phrase of nounPhrases(bot.bio)) add(phrase, 'bio');
	for (const post of dna.examplePosts) for (const phrase of nounPhrases(post)) add(phrase, 'example');
	const features: string[] = [];
	if (analysis) {
		for (const feature of [...analysis.distinguishingFeatures, ...nounPhrases(analysis.appearance)]) {
			const cleaned = clean(feature).toLowerCase();
			if (WEARABLE.test(cleaned) && cleaned.split(' ').length <= 4 && !/#|\d/.test(cleaned) && !features.includes(cleaned)) features.push(cleaned);
		}
	}
	const interests = dna.interests.map((i) => buildInterest(i.trim(), ownTerms));
	const colourSource = analysis?.palette?.length ? [...analysis.palette, ...dna.palette] : dna.palette;
	const colours = [...new Set(colourSource.map(colourName))];
	const vocabulary = new Set(
		[bot.bio, ...dna.examplePosts, ...dna.catchphrases, ...dna.interests, ...features]
			.flatMap(words)
			.filter((w) => !FUNCTION_WORDS.has(w))
	);
	const topicEmoji = interests.flatMap((i) => i.emoji);
	return {
		name: bot.name,
		handle: bot.handle,
		cues: readVoice(dna),
		interests,
		ownTerms,
		ownTimes: timePhrases([bot.bio, ...dna.examplePosts].join(' ')),
		ownAdjectives: [...new Set(adjectivesOf([bot.bio, ...dna.examplePosts].join('. ')))],
		echoes: echoFrames(dna.examplePosts),
		exampleStyle: exampleStyleOf(dna.examplePosts),
		traits: dna.traits.map((t) => t.toLowerCase()),
		moods: moodsOf(dna.traits),
		catchphrases: dna.catchphrases,
		colours,
		styleLabel: artStyleProfile(bot.artStyle).label.toLowerCase(),
		features,
		emoji: { mode: dna.emoji, pool: topicEmoji.length > 0 ? [...new Set(topicEmoji)] : GENERIC_TOPIC.emoji },
		vocabulary
	};
}
