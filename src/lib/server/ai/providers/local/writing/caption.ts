// Offline captions: one interest and a few concrete things from the persona's lexicon are bound,
// the grammar expands one or two moves that fit the post type and voice, and the voice styles the
// result. Deterministic for a bot and seed; a caption that repeats a recent one is drawn again.
import type { Grammar } from 'tracery-grammar';
import { chance, intBetween, pick, seededRng, shuffle, weightedPick, type Rng } from '../../../random.ts';
import type { BotContext, PostType } from '../../../types.ts';
import { capitalise, createWriterGrammar, expand, CLOSERS, FEELINGS, OPENERS, type Move } from './grammar.ts';
import { article, gerund, isPlural, pastTense, plural, singular } from './inflect.ts';
import { personaLexicon, type Interest, type PersonaLexicon, type Term } from './lexicon.ts';
import { topicsFor, type MotifId } from './topics/index.ts';
import { addEmoji, closerStyle, finish, openerStyle, punFor, styleText, withCatchphrase, writerCues, type WriterCues } from './voice.ts';

export interface ComposedCaption {
	caption: string;
	mood: string;
	/** The concrete subject of the post, as the image should show it ("dumpling at the noodle stall"). */
	hook: string;
	/** What the post is about, for tests and the content report. */
	subject: { text: string; motif: MotifId; interest: string };
	moves: Move[];
}

const STYLE_DID: Record<string, string> = {
	realistic: 'shot',
	anime: 'drew',
	cartoon: 'doodled',
	watercolor: 'painted',
	'pixel art': 'pixelled',
	cyberpunk: 'rendered',
	'oil painting': 'painted',
	minimalist: 'drew',
	vaporwave: 'made',
	comic: 'inked'
};

/** What a picture in each style is made of, for "a small study of …, in …". */
const MEDIUM: Record<string, string> = {
	realistic: 'natural light',
	anime: 'clean lines',
	cartoon: 'thick outlines',
	watercolor: 'watercolour',
	'pixel art': 'sixteen colours',
	cyberpunk: 'neon',
	'oil painting': 'oils',
	minimalist: 'a single line',
	vaporwave: 'pastel gradients',
	comic: 'ink'
};

const GENERIC_TIMES = ['this morning', 'tonight', 'on a slow sunday', 'right before sunset', 'after the rain', 'at golden hour', 'before coffee', 'this afternoon', 'on the way home', 'after dark'];

/** Weights of the moves a post opens with, by post type. */
const LEAD_WEIGHTS: Record<PostType, Partial<Record<Move, number>>> = {
	TEXT: { scene: 3, story: 3, take: 2, feel: 2, ask: 2, log: 2, plan: 1.5, list: 1, saying: 1, self: 1.5, ref: 0.8, echo: 1.5 },
	IMAGE: { visual: 6, scene: 2, story: 1, feel: 1, ask: 0.7, self: 0.4, ref: 1, echo: 1.2 },
	VIDEO: { motion: 6, scene: 2, story: 1, echo: 0.8 }
};
const FOLLOW_WEIGHTS: Partial<Record<Move, number>> = { scene: 2, take: 1.5, feel: 1.5, ask: 1, log: 1, self: 1, story: 1, saying: 0.6 };

const grammars = new WeakMap<PersonaLexicon, Grammar>();
function grammarFor(lexicon: PersonaLexicon): Grammar {
	let grammar = grammars.get(lexicon);
	if (!grammar) {
		grammar = createWriterGrammar({});
		grammars.set(lexicon, grammar);
	}
	return grammar;
}

/** Removes tracery syntax from persona text before it becomes a rule. */
const safe = (s: string) => s.replace(/[#[\]\\]/g, '');

function whenPhrase(raw: string): string {
	const t = raw.trim().toLowerCase();
	if (/^\d/.test(t) || /^(midnight|dawn|dusk|noon|sunset|sunrise|closing time|golden hour)$/.test(t)) return `at ${t}`;
	return t;
}

function clock(lexicon: PersonaLexicon, rng: Rng): string {
	const own = lexicon.ownTimes.find((t) => /\d/.test(t));
	const night = own ? /am/.test(own) && parseInt(own, 10) < 6 : false;
	const hour = night ? intBetween(rng, 1, 4) : intBetween(rng, 6, 11);
	const minutes = chance(rng, 0.4) ? `:${String(intBetween(rng, 0, 11) * 5).padStart(2, '0')}` : '';
	return `${hour}${minutes}${night || chance(rng, 0.5) ? 'am' : 'pm'}`;
}

function pickTerms(interest: Interest, rng: Rng, count: number, filter: (t: Term) => boolean = () => true): Term[] {
	const pool = interest.things.filter(filter);
	const chosen: Term[] = [];
	const weighted = pool.map((t) => [t, t.source === 'topic' ? 1 : 4] as const);
	for (let i = 0; i < count * 4 && chosen.length < count && weighted.length > 0; i++) {
		const t = weightedPick(rng, weighted);
		if (!chosen.includes(t)) chosen.push(t);
	}
	while (chosen.length < count) chosen.push(pool[chosen.length % Math.max(1, pool.length)] ?? { text: interest.text, plural: interest.plural, mass: !interest.plural, motif: interest.motif, source: 'interest' });
	return chosen;
}

function thingForms(prefix: string, term: Term): Record<string, string> {
	const one = term.mass ? term.text : term.plural ? singular(term.text) : term.text;
	const many = term.mass ? term.text : term.plural ? term.text : plural(term.text);
	return {
		[prefix]: safe(one),
		[`${prefix}_a`]: safe(term.mass ? `some ${one}` : article(one)),
		[`${prefix}_the`]: safe(`the ${one}`),
		[`${prefix}_pl`]: safe(many),
		[`${prefix}_howmany`]: safe(term.mass ? `how much ${one} is too much` : `how many ${many} is too many`)
	};
}

/** Everything the grammar's slots are filled with for one post. */
export function bindSlots(bot: BotContext, lexicon: PersonaLexicon, interest: Interest, rng: Rng): { bindings: Record<string, string | string[]>; things: Term[]; place: string } {
	const [t1, t2, t3] = pickTerms(interest, rng, 3);
	// A place that repeats the thing ("a panel, panel four") reads as a stutter.
	const head = singular(t1.text).split(' ').pop()?.toLowerCase() ?? '';
	const places = shuffle(rng, interest.places.filter((p) => !p.toLowerCase().includes(head)));
	if (places.length === 0) places.push(...interest.places);
	const actions = shuffle(rng, interest.actions);
	// The persona's own words as bare noun phrases: plural and mass nouns as they are, a singular
	// countable one with "the" ("grateful for the street").
	const ownWords = lexicon.ownTerms.map((t) => (t.plural || t.mass || /^\p{Lu}/u.test(t.text) ? t.text : `the ${t.text}`));
	const own = ownWords.length > 0 ? shuffle(rng, ownWords) : shuffle(rng, lexicon.interests.map((i) => i.text).filter((t) => t !== interest.text));
	// The persona's own times first ("after midnight"), then its interest's, rarely a generic one.
	const own3 = lexicon.ownTimes.map(whenPhrase);
	const times = [...own3, ...own3, ...own3, ...interest.times, ...interest.times, ...GENERIC_TIMES.slice(0, 3 + Math.floor(rng() * 3))];
	const colours = lexicon.colours;
	const mood = pick(rng, lexicon.moods);
	const a1 = actions[0] ?? 'take a closer look';
	const a2 = actions[1] ?? 'write it down';
	const other = lexicon.interests.filter((i) => i !== interest);
	const bindings: Record<string, string | string[]> = {
		S: safe(interest.text),
		S_be: interest.plural ? 'are' : 'is',
		S_it: interest.plural ? 'they' : 'it',
		...thingForms('T', t1),
		...thingForms('T2', t2),
		...thingForms('T3', t3),
		T_mass: safe(t1.mass ? t1.text : !interest.plural ? interest.text : t1.text),
		// "Every …" needs something countable.
		TC: safe(singular([t1, t2, t3].find((t) => !t.mass)?.text ?? 'moment')),
		P: safe(places[0] ?? 'the usual spot'),
		P2: safe(places[1] ?? places[0] ?? 'the usual spot'),
		A: safe(a1),
		A2: safe(a2),
		A_ed: safe(pastTense(a1)),
		A2_ed: safe(pastTense(a2)),
		A_ing: safe(gerund(a1)),
		SENSE: interest.senses.map(safe),
		WHEN: safe(pick(rng, times)),
		WHEN2: safe(pick(rng, times)),
		STAMP: clock(lexicon, rng),
		MINE: safe(own[0] ?? interest.text),
		MINE2: safe(own[1] ?? other[0]?.text ?? interest.text),
		TRAIT: lexicon.traits.map(safe),
		// Traits that read as adjectives ("restless", not "drifting") for "being …".
		TRAIT_ADJ: lexicon.traits.filter((t) => !/ing$/.test(t)).map(safe).concat(lexicon.traits.some((t) => !/ing$/.test(t)) ? [] : FEELINGS[mood] ?? FEELINGS.reflective),
		FEEL: FEELINGS[mood] ?? FEELINGS.reflective,
		COLOUR: colours[0] ?? 'gold',
		COLOURS: colours.map((c) => `${c}s`),
		STYLE: lexicon.styleLabel,
		MEDIUM: MEDIUM[lexicon.styleLabel] ?? 'colour',
		STYLE_DID: STYLE_DID[lexicon.styleLabel] ?? 'made',
		FEATURE: lexicon.features.length > 0 ? lexicon.features.map(safe) : ['usual look'],
		NAME: safe(bot.name),
		N: String(intBetween(rng, 2, 14))
	};
	bindings.COLOUR = pick(rng, colours.length > 0 ? colours : ['gold']);
	return { bindings, things: [t1, t2, t3], place: String(bindings.P) };
}

function leadWeights(lexicon: PersonaLexicon, extra: WriterCues, postType: PostType): Array<readonly [Move, number]> {
	const cues = lexicon.cues;
	const weights = { ...LEAD_WEIGHTS[postType] };
	if (cues.questioning && weights.ask) weights.ask *= 2;
	if (cues.aphoristic) weights.saying = (weights.saying ?? 0.5) * 4;
	if (extra.noir && weights.story) {
		weights.story_now = weights.story * 1.5;
		delete weights.story;
	}
	if (lexicon.features.length === 0) delete weights.ref;
	if (lexicon.echoes.length === 0) delete weights.echo;
	return Object.entries(weights).map(([m, w]) => [m as Move, w] as const);
}

/**
 * The interest a topic names: exact, then one containing the other ("food" → "street food"),
 * then one sharing a word. Null when the topic is none of the persona's interests.
 */
export function interestForTopic(lexicon: PersonaLexicon, topic: string | null): Interest | null {
	const t = topic?.trim().toLowerCase().replace(/^#/, '').replace(/_/g, ' ');
	if (!t) return null;
	const interests = lexicon.interests;
	const words = (s: string) => new Set(s.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 2).map(singular));
	const tw = words(t);
	return (
		interests.find((i) => i.text.toLowerCase() === t) ??
		interests.find((i) => i.text.toLowerCase().includes(t) || t.includes(i.text.toLowerCase())) ??
		interests.find((i) => [...words(i.text)].some((w) => tw.has(w))) ??
		null
	);
}

function composeOnce(bot: BotContext, lexicon: PersonaLexicon, postType: PostType, rng: Rng, topic: string | null = null): ComposedCaption {
	const extra = writerCues(bot.personaDna.voice);
	const cues = lexicon.cues;
	const grammar = grammarFor(lexicon);
	// Drawn whether or not a topic is given, so the rest of the draw is the same either way.
	const drawn = pick(rng, lexicon.interests);
	const interest = interestForTopic(lexicon, topic) ?? drawn;
	const { bindings, things, place } = bindSlots(bot, lexicon, interest, rng);
	const run = (rule: string) => expand(grammar, rule, bindings, rng);

	const lead = weightedPick(rng, leadWeights(lexicon, extra, postType));
	const moves: Move[] = [lead];
	const followChance = cues.terse ? 0.08 : cues.aphoristic ? 0.25 : lexicon.exampleStyle.wordsPerSentence > 0 && lexicon.exampleStyle.wordsPerSentence < 8 ? 0.3 : 0.45;
	if (chance(rng, followChance)) {
		const options = Object.entries(FOLLOW_WEIGHTS).filter(([m]) => m !== lead && !(m === 'story' && extra.noir));
		if (extra.noir) options.push(['story_now', 1]);
		moves.push(weightedPick(rng, options.map(([m, w]) => [m as Move, w as number] as const)));
	}
	let leadRule = `#${lead}#`;
	if (lead === 'echo') {
		// An example post's rhythm with this post's thing in it, a thing of the same family as the
		// noun it replaces ("the peonies opened…" → "the seedlings opened…"), countable where the
		// example's noun was.
		const echo = pick(rng, lexicon.echoes);
		leadRule = echo.frame;
		const fits = (t: Term) => (echo.topics.length === 0 || topicsFor(t.text).some((f) => echo.topics.includes(f.id)) || interest.topics.some((f) => echo.topics.includes(f.id))) && (!/#T(_pl)?#/.test(echo.frame) || !t.mass);
		const original = singular(echo.original);
		const candidates = lexicon.interests.flatMap((i) => i.things).filter((t) => fits(t) && singular(t.text.toLowerCase()) !== original && !echo.frame.toLowerCase().includes(t.text.toLowerCase()));
		if (candidates.length > 0) {
			const thing = pick(rng, candidates);
			Object.assign(bindings, thingForms('T', thing), { T_mass: safe(thing.mass ? thing.text : plural(thing.text)) });
			things[0] = thing;
		}
	}
	// A post names what it is about (the thing, or the interest itself): a lead that only names a
	// place ("Painted the back step…") is drawn again, so the image and the caption agree.
	const namesSubject = (draft: string) => {
		const lower = draft.toLowerCase();
		return [...things.map((t) => singular(t.text)), interest.text].some((x) => lower.includes(x.toLowerCase()));
	};
	const draft = () => {
		let text = run(leadRule);
		for (let i = 0; i < 6 && !namesSubject(text); i++) text = run(leadRule);
		return text;
	};
	// Terse voices get the shortest of three drafts of the lead.
	const drafts = Array.from({ length: cues.terse ? 3 : 1 }, draft);
	const sentences = [drafts.reduce((a, b) => (b.length < a.length ? b : a)), ...moves.slice(1).map((m) => run(`#${m}#`))];
	let text = sentences.join(' ');
	// Terse voices keep to one move when two would run long.
	if (cues.terse && text.split(/\s+/).length > 16) text = sentences[0];

	const opener = weightedPick(rng, [[null, 1], ...openerStyle(lexicon, extra).map(([style, w]) => [style, w * 2] as const)] as Array<readonly [string | null, number]>);
	if (opener) {
		const line = run(pick(rng, OPENERS[opener]));
		text = line.endsWith(',') ? `${line} ${text[0].toLowerCase()}${text.slice(1)}` : `${line} ${text}`;
	}
	const catchphrase = lexicon.catchphrases.length > 0 && chance(rng, 0.35) ? pick(rng, lexicon.catchphrases) : null;
	if (!catchphrase && !cues.terse) {
		const closer = weightedPick(rng, [[null, 1], ...closerStyle(lexicon, extra).map(([style, w]) => [style, w * 2] as const)] as Array<readonly [string | null, number]>);
		if (closer && !/\?$/.test(text)) text = `${text} ${run(pick(rng, CLOSERS[closer]))}`;
	}
	if (cues.punny && chance(rng, 0.45)) {
		const pun = punFor(interest.topics.map((t) => t.id), rng);
		if (pun) text = `${text} ${pun}${chance(rng, 0.5) ? ' (pun intended)' : ''}`;
	}
	text = styleText(text, lexicon, rng);
	if (catchphrase) text = withCatchphrase(text, safe(catchphrase), cues.exclaim, rng);
	text = addEmoji(text, lexicon, interest.emoji, rng);
	const caption = finish(text, bot.personaDna, 280);

	// The subject is what the caption actually mentions: the main thing if it made it in, else the
	// next thing, else the interest itself.
	const lower = caption.toLowerCase();
	const mentioned = things.find((t) => lower.includes(singular(t.text).toLowerCase()) || lower.includes(t.text.toLowerCase()));
	// Named as the caption names it: "peony" when the caption says "a peony", "peonies" when plural.
	const subject = mentioned ? { text: lower.includes(singular(mentioned.text).toLowerCase()) ? singular(mentioned.text) : mentioned.text, motif: mentioned.motif } : { text: interest.text, motif: interest.motif };
	const placeShown = lower.includes(place.replace(/^the /, '').toLowerCase()) ? place : null;
	const withPlace = placeShown && !placeShown.includes(subject.text) ? `${subject.text} at ${placeShown}` : subject.text;
	const hookText = withPlace.split(' ').length <= 8 ? withPlace : subject.text;
	return {
		caption,
		mood: pick(rng, lexicon.moods),
		hook: finish(hookText, bot.personaDna, 160),
		subject: { ...subject, interest: interest.text },
		moves
	};
}

/** A caption in the persona's voice; retried (deterministically) when it repeats a recent one. */
export function composeCaption(bot: BotContext, postType: PostType, seed: string, recentCaptions: readonly string[] = [], topic: string | null = null): ComposedCaption {
	const lexicon = personaLexicon(bot);
	const recent = new Set(recentCaptions.map((c) => c.toLowerCase().trim()));
	for (let attempt = 0; attempt < 4; attempt++) {
		const result = composeOnce(bot, lexicon, postType, seededRng(bot.id, seed, 'caption', attempt), topic);
		if (!recent.has(result.caption.toLowerCase().trim())) return result;
	}
	return composeOnce(bot, lexicon, postType, seededRng(bot.id, seed, 'caption', 'last'), topic);
}

export { capitalise, isPlural };
