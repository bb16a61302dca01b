// Offline text: captions, tags and comments composed from the persona DNA (many sentence shapes, the
// voice's cues applied). It cannot follow free-form prompts, so text requests must carry a
// structured `task`; character analysis is measured from the image (analysis.ts).
import type { PersonaDna } from '../../../../schemas/persona.ts';
import { applyVoiceRules, readVoice, type VoiceCues } from '../../caption.ts';
import { chance, intBetween, pick, seededRng, shuffle, weightedPick, type Rng } from '../../random.ts';
import { artStyleProfile, tierCapabilities, type BotContext, type PostType } from '../../types.ts';
import { ProviderError, type JsonRequest, type JsonResult, type TextModel, type TextTask } from '../types.ts';
import { analyzeImage } from './analysis.ts';
import { colourName } from './colour.ts';
import { LOCAL_PROVIDER, estimateTokens } from './shared.ts';

export class LocalTextModel implements TextModel {
	readonly provider = LOCAL_PROVIDER;
	readonly model = 'rudo-local-text-1';
	readonly supportsImages = true;

	async generateJson<T>(request: JsonRequest<T>): Promise<JsonResult<T>> {
		const raw = await composeForTask(request.task);
		const parsed = request.schema.safeParse(raw);
		if (!parsed.success) {
			// A bug, not bad luck: the local composer and the schema disagree. Retrying cannot help.
			throw new ProviderError(`Local text model output does not match "${request.schemaName}": ${parsed.error.issues[0]?.message ?? 'invalid'}`, {
				provider: this.provider,
				model: this.model,
				kind: 'unsupported',
				retryable: false
			});
		}
		return {
			value: parsed.data,
			usage: {
				provider: this.provider,
				model: this.model,
				operation: request.operation,
				inputTokens: estimateTokens(request.system + request.user),
				outputTokens: estimateTokens(JSON.stringify(raw)),
				costUsd: 0
			}
		};
	}
}

async function composeForTask(task: TextTask): Promise<unknown> {
	switch (task.kind) {
		case 'caption':
			return composeCaption(task.bot, task.postType, task.seed, task.recentCaptions ?? []);
		case 'tags':
			return { tags: composeTags(task.bot, task.caption, task.trends, task.seed) };
		case 'comment':
			return { comment: composeComment(task.bot, task.targetCaption, task.targetName, task.seed) };
		case 'character-analysis':
			return analyzeImage(task.image.bytes);
	}
}

// ---------------------------------------------------------------------------------------------
// Moods, from the persona traits.

const MOOD_BY_TRAIT: Array<[RegExp, string]> = [
	[/restless|adventur|wander|rebel/, 'restless'],
	[/curious|observ|inventive|nerd|geek/, 'curious'],
	[/wry|dry|sarcas|cynic|deadpan/, 'wry'],
	[/calm|patient|precise|gentle|tender|serene|kind/, 'calm'],
	[/playful|goofy|silly|excit|competitive|cheeky/, 'playful'],
	[/bold|brave|confident|generous|fierce/, 'bold'],
	[/nostalg|drift|dream|wistful|romantic/, 'dreamy']
];

const FEELINGS: Record<string, string[]> = {
	restless: ['restless', 'wired', 'itchy to move'],
	curious: ['curious', 'wide awake', 'nosy in the best way'],
	wry: ['amused', 'suspicious', 'unimpressed, mostly'],
	calm: ['still', 'steady', 'unhurried'],
	playful: ['giddy', 'ridiculous', 'unstoppable'],
	bold: ['fearless', 'loud about it', 'ready'],
	dreamy: ['far away', 'floaty', 'half in another year'],
	reflective: ['quiet', 'thoughtful', 'grateful']
};

function moodFor(dna: PersonaDna, rng: Rng): string {
	const moods = dna.traits.flatMap((trait) => MOOD_BY_TRAIT.filter(([re]) => re.test(trait.toLowerCase())).map(([, mood]) => mood));
	if (moods.length === 0 || chance(rng, 0.15)) return pick(rng, [...moods, 'reflective']);
	return pick(rng, moods);
}

// ---------------------------------------------------------------------------------------------
// Caption shapes. Each takes the slots and returns a sentence or two; the composer picks one that
// fits the post type and voice, then applies the voice's casing, punctuation and emoji.

interface Slots {
	interest: string;
	interest2: string;
	time: string;
	thing: string;
	verdict: string;
	verdict2: string;
	feeling: string;
	discovered: string;
	trait: string;
	styleWord: string;
	colour: string;
	count: number;
	span: string;
}

type ShapeKind = 'statement' | 'question' | 'list' | 'aphorism' | 'visual' | 'motion';
interface Shape {
	kind: ShapeKind;
	short: boolean;
	render: (s: Slots) => string;
}

const cap = (s: string) => (s ? s[0].toUpperCase() + s.slice(1) : s);

const SHAPES: Shape[] = [
	{ kind: 'statement', short: true, render: (s) => `${cap(s.time)}: ${s.interest}. ${cap(s.verdict)}.` },
	{ kind: 'statement', short: false, render: (s) => `${cap(s.discovered)} ${s.interest} ${s.time} and now I can't stop thinking about ${s.interest2}.` },
	{ kind: 'statement', short: false, render: (s) => `Hot take: ${s.interest} is just ${s.interest2} with better lighting.` },
	{ kind: 'list', short: false, render: (s) => `Three things keeping me going: ${s.interest}, ${s.interest2}, and ${s.thing}.` },
	{ kind: 'question', short: true, render: (s) => `Is it just me, or does ${s.interest} hit different ${s.time}?` },
	{ kind: 'question', short: false, render: (s) => `What's your ${s.interest} ritual? Mine involves ${s.thing}.` },
	{ kind: 'statement', short: true, render: (s) => `Note to self: more ${s.interest}, less scrolling.` },
	{ kind: 'list', short: true, render: (s) => `${cap(s.interest)}: ${s.verdict}. ${cap(s.interest2)}: ${s.verdict2}.` },
	{ kind: 'statement', short: false, render: (s) => `Somewhere between ${s.interest} and ${s.interest2} is exactly where I want to be ${s.time}.` },
	{ kind: 'statement', short: false, render: (s) => `Today's ${s.trait} report: ${s.discovered} ${s.interest}, kept ${s.thing} close, regret nothing.` },
	{ kind: 'aphorism', short: true, render: (s) => `${cap(s.interest)} is not a hobby. It is a way of paying attention.` },
	{ kind: 'aphorism', short: true, render: (s) => `The best part of ${s.interest} is the waiting.` },
	{ kind: 'aphorism', short: true, render: (s) => `Less noise. More ${s.interest}.` },
	{ kind: 'statement', short: true, render: (s) => `Can't explain it, but ${s.interest} makes me feel ${s.feeling}.` },
	{ kind: 'statement', short: true, render: (s) => `Current status: ${s.feeling}, surrounded by ${s.interest}.` },
	{ kind: 'statement', short: true, render: (s) => `Tried to take a break from ${s.interest}. Lasted ${s.span}.` },
	{ kind: 'statement', short: false, render: (s) => `If ${s.interest} had a soundtrack, it would sound like ${s.interest2} ${s.time}.` },
	{ kind: 'statement', short: true, render: (s) => `Day ${s.count} of ${s.interest}. ${cap(s.verdict)}.` },
	{ kind: 'question', short: false, render: (s) => `Real question: who taught ${s.interest} to be this good ${s.time}?` },
	{ kind: 'visual', short: false, render: (s) => `Sketched this after ${s.span} of ${s.interest}. ${cap(s.verdict)}.` },
	{ kind: 'visual', short: true, render: (s) => `Caught this ${s.time}: ${s.interest} in its natural habitat.` },
	{ kind: 'visual', short: false, render: (s) => `A small study of ${s.interest}, in ${s.styleWord} and ${s.colour}.` },
	{ kind: 'visual', short: true, render: (s) => `Proof that ${s.interest} looks better in ${s.colour}.` },
	{ kind: 'motion', short: true, render: (s) => `Watch ${s.interest} come alive ${s.time}.` },
	{ kind: 'motion', short: false, render: (s) => `A few seconds of ${s.interest}, on loop in my head since ${s.time.replace(/^(at|on|during|after|before|right before) /, '')}.` },
	{ kind: 'motion', short: true, render: (s) => `Press play: ${s.interest}, ${s.time}.` }
];

const KINDS_BY_TYPE: Record<PostType, ShapeKind[]> = {
	TEXT: ['statement', 'question', 'list', 'aphorism'],
	IMAGE: ['visual', 'visual', 'statement', 'question'],
	VIDEO: ['motion', 'motion', 'statement']
};

const TIMES = ['this morning', 'tonight', 'at 3am', 'on a slow sunday', 'right before sunset', 'during my lunch break', 'after the rain', 'at golden hour', 'on the last train home', 'before coffee'];
const THINGS = ['a half-finished coffee', 'a notebook full of arrows', 'one very loyal playlist', 'a window seat', 'borrowed headphones', 'the good pen', 'cold tea', 'a pocket full of receipts'];
const VERDICTS = ['still undefeated', 'better than expected', 'a little chaotic', 'quietly perfect', 'worth every minute', 'not done with me yet', 'somehow even better', 'no notes'];
const DISCOVERED = ['found', 'stumbled onto', 'spent an hour on', 'finally tried', 'went deep on', 'revisited'];
const SPANS = ['eleven minutes', 'one whole song', 'a day and a half', 'an entire afternoon', 'about four hours'];

const EMOJI_BY_TOPIC: Array<[RegExp, string[]]> = [
	[/food|cook|cuisine|noodle|street food|bak|market|ferment|plating|jollof/, ['🍜', '🌶️', '🍲', '🥘']],
	[/music|synth|chiptune|lo-?fi|song|band|jazz/, ['🎶', '🎧', '🎹']],
	[/game|speedrun|retro|arcade|pixel/, ['🎮', '👾', '🕹️']],
	[/garden|plant|flower|peon|basil|bird/, ['🌱', '🌸', '🐦']],
	[/tea|coffee/, ['🍵', '☕']],
	[/night|city|urban|neon|rain/, ['🌙', '🌃', '🌧️']],
	[/comic|hero|cape/, ['💥', '🦸', '⚡']],
	[/skate|surf|run|sport/, ['🛹', '🏃']],
	[/mall|vintage|90s|tech|payphone/, ['📼', '📟', '🌴']],
	[/poem|poetry|book|read|calligraph|ink/, ['📖', '🖋️']],
	[/meditat|architect|space|calm/, ['🪷', '🏛️']]
];

function emojiFor(dna: PersonaDna, rng: Rng): string {
	const topics = dna.interests.join(' ').toLowerCase();
	const candidates = EMOJI_BY_TOPIC.filter(([re]) => re.test(topics)).flatMap(([, e]) => e);
	return pick(rng, candidates.length > 0 ? candidates : ['✨', '💫', '🌈']);
}


function composeCaption(bot: BotContext, postType: PostType, seed: string, recentCaptions: string[]): { caption: string; mood: string; hook: string } {
	const dna = bot.personaDna;
	const cues = readVoice(dna);
	// A few draws, keeping the first that does not repeat a recent caption.
	for (let attempt = 0; attempt < 4; attempt++) {
		const rng = seededRng(bot.id, seed, 'caption', attempt);
		const result = composeOnce(bot, postType, cues, rng);
		const normalised = result.caption.toLowerCase();
		if (!recentCaptions.some((c) => c.toLowerCase() === normalised)) return result;
	}
	return composeOnce(bot, postType, cues, seededRng(bot.id, seed, 'caption', 'last'));
}

function composeOnce(bot: BotContext, postType: PostType, cues: VoiceCues, rng: Rng): { caption: string; mood: string; hook: string } {
	const dna = bot.personaDna;
	const mood = moodFor(dna, rng);
	const interests = shuffle(rng, dna.interests.map((i) => i.trim()));
	const interest = interests[0];
	const interest2 = interests[1] ?? pick(rng, THINGS);
	const slots: Slots = {
		interest,
		interest2,
		time: pick(rng, TIMES),
		thing: pick(rng, THINGS),
		verdict: pick(rng, VERDICTS),
		verdict2: pick(rng, VERDICTS),
		feeling: pick(rng, FEELINGS[mood] ?? FEELINGS.reflective),
		discovered: pick(rng, DISCOVERED),
		trait: pick(rng, dna.traits).toLowerCase(),
		styleWord: artStyleProfile(bot.artStyle).label.toLowerCase(),
		colour: `${colourName(pick(rng, dna.palette))}s`,
		count: intBetween(rng, 2, 40),
		span: pick(rng, SPANS)
	};
	if (slots.verdict2 === slots.verdict) slots.verdict2 = VERDICTS[(VERDICTS.indexOf(slots.verdict) + 1) % VERDICTS.length];

	const kinds = new Set<ShapeKind>(KINDS_BY_TYPE[postType]);
	if (cues.aphoristic) kinds.add('aphorism');
	const candidates = SHAPES.filter((s) => kinds.has(s.kind) && (!cues.terse || s.short));
	const shape = weightedPick(
		rng,
		candidates.map((s) => {
			let weight = 1;
			if (s.kind === 'question' && cues.questioning) weight *= 2.5;
			if (s.kind === 'aphorism' && cues.aphoristic) weight *= 3;
			return [s, weight] as const;
		})
	);
	let text = shape.render(slots);

	if (cues.terse && text.length > 80) text = text.split(/(?<=[.?!])\s+/)[0];
	if (cues.slang && chance(rng, 0.6)) text = `${pick(rng, ['ok chat,', 'no cap,', 'lowkey'])} ${text[0].toLowerCase()}${text.slice(1)}`;
	if (cues.punny && chance(rng, 0.5)) text = `${text} ${pick(rng, ['(pun fully intended)', '(I regret nothing)', '(sorry not sorry)'])}`;
	if (cues.exclaim) text = text.replace(/\.(\s|$)/g, '!$1');
	if (cues.dreamy) text = text.replace(/\.(\s|$)/g, '…$1');
	if (cues.capsEmphasis) {
		const words = text.split(' ').filter((w) => /^[a-z]{4,}[.,!?…]*$/i.test(w));
		if (words.length > 0) {
			const emphasised = pick(rng, words);
			text = text.replace(emphasised, emphasised.toUpperCase());
		}
	}

	const catchphrase = dna.catchphrases.length > 0 && chance(rng, 0.4) ? pick(rng, dna.catchphrases) : null;
	if (catchphrase && !text.toLowerCase().includes(catchphrase.toLowerCase())) {
		const ended = /[.!?…]$/.test(catchphrase) ? catchphrase : `${catchphrase}${cues.exclaim ? '!' : '.'}`;
		// Capitalised as a new sentence, unless it is stylised ("a e s t h e t i c").
		const closing = /^\p{L}{2,}/u.test(ended) ? cap(ended) : ended;
		text = `${text} ${closing}`;
	}
	if (cues.lyrical) text = text.replace(/([,.;:?!…])\s+/g, '$1\n');

	const emojiCount = dna.emoji === 'none' ? 0 : dna.emoji === 'lots' ? intBetween(rng, 2, 3) : chance(rng, 0.5) ? 1 : 0;
	if (emojiCount > 0) {
		const emoji = Array.from({ length: emojiCount }, () => emojiFor(dna, rng));
		text = `${text} ${[...new Set(emoji)].join('')}`;
	}

	const caption = applyVoiceRules(text, dna).slice(0, 280);
	const hook = applyVoiceRules(`${interest} ${slots.time}`, dna);
	return { caption, mood, hook };
}

// ---------------------------------------------------------------------------------------------
// Tags and comments.

const STOPWORDS = new Set(
	'about after again also and any are because been before being best better but can cant could does doing dont each even every from have here into just like made make more most much must never next nothing only other over really same should since some still such than that their them then there these they thing things this those through today together tonight under very want were what when where which while will with without would your yours mine always again'.split(' ')
);

export function toTag(phrase: string): string {
	return phrase
		.toLowerCase()
		.replace(/^#+/, '')
		.replace(/[\s-]+/g, '_')
		.replace(/[^a-z0-9_]/g, '')
		.replace(/_+/g, '_')
		.replace(/^_|_$/g, '');
}

function words(text: string): string[] {
	return (text.toLowerCase().match(/[a-z][a-z0-9']{3,}/g) ?? []).map((w) => w.replace(/'/g, ''));
}

/** Words the caption shapes and fillers bring in: never a post's subject, so never a tag. */
const TEMPLATE_WORDS = new Set(
	words(
		[
			...SHAPES.map((s) => s.render({ interest: '', interest2: '', time: '', thing: '', verdict: '', verdict2: '', feeling: '', discovered: '', trait: '', styleWord: '', colour: '', count: 0, span: '' })),
			...TIMES,
			...THINGS,
			...VERDICTS,
			...DISCOVERED,
			...SPANS,
			...Object.values(FEELINGS).flat()
		].join(' ')
	)
);

function keywords(text: string): string[] {
	return [...new Set(words(text).filter((w) => w.length >= 5 && !STOPWORDS.has(w) && !TEMPLATE_WORDS.has(w)))];
}

/** Time-of-day phrases worth a tag of their own. */
const TIME_TAGS: Array<[RegExp, string]> = [
	[/golden hour/, 'golden_hour'],
	[/3am|midnight|tonight/, 'late_night'],
	[/sunday/, 'sunday'],
	[/after the rain/, 'rainy_day'],
	[/sunset/, 'sunset'],
	[/morning|before coffee/, 'morning']
];

function composeTags(bot: BotContext, caption: string, trends: string[], seed: string): string[] {
	const rng = seededRng(bot.id, seed, 'tags');
	const dna = bot.personaDna;
	const tags: string[] = [];
	const add = (t: string) => {
		const tag = toTag(t);
		if (tag.length >= 2 && !tags.includes(tag)) tags.push(tag);
	};
	// Interests the caption mentions first, then others.
	const mentioned = dna.interests.filter((i) => caption.toLowerCase().includes(i.toLowerCase()));
	for (const i of mentioned) add(i);
	for (const i of shuffle(rng, dna.interests).slice(0, 2)) add(i);
	if (chance(rng, 0.7)) add(artStyleProfile(bot.artStyle).tag);
	const covered = () => new Set(tags.flatMap((t) => t.split('_')));
	for (const k of shuffle(rng, keywords(caption).filter((k) => !covered().has(k))).slice(0, 2)) add(k);
	const time = TIME_TAGS.find(([re]) => re.test(caption.toLowerCase()));
	if (time && chance(rng, 0.6)) add(time[1]);
	if (chance(rng, 0.3)) add(pick(rng, dna.traits));

	if (tierCapabilities(bot.tier).trendAwareTags && trends.length > 0) {
		const vocabulary = new Set(keywords([caption, bot.bio, ...dna.interests].join(' ')).concat(dna.interests.map(toTag)));
		const related = trends.filter((t) => toTag(t).split('_').some((part) => vocabulary.has(part)) || vocabulary.has(toTag(t)));
		// Only trends that relate to the bot or the post: an unrelated trend tag reads as spam.
		const chosen = related.slice(0, 2);
		// Trends go first so that the 8-tag cap never drops them.
		for (const t of chosen.reverse()) {
			const tag = toTag(t);
			if (tag && !tags.includes(tag)) tags.unshift(tag);
		}
	}
	for (const extra of [...dna.interests, ...dna.traits, 'daily_post', 'rudo', 'ai_art']) {
		if (tags.length >= 3) break;
		add(extra);
	}
	return tags.slice(0, intBetween(rng, Math.min(5, tags.length), Math.min(7, tags.length)));
}

const COMMENT_SHAPES: Array<(s: { keyword: string; interest: string; name: string; time: string; verdict: string; feeling: string }) => string> = [
	(s) => `Okay, the ${s.keyword} in this is ${s.verdict}.`,
	(s) => `${s.name}, this made me feel ${s.feeling}. ${cap(s.interest)} would approve.`,
	(s) => `Saving this for ${s.time.replace(/^(at|on|during|after|before|right before) /, '')}.`,
	(s) => `This plus ${s.interest} is my whole plan ${s.time}.`,
	(s) => `Not me rereading this ${s.time}. The ${s.keyword}!`,
	(s) => `Tell me more about the ${s.keyword}. Asking for a friend who loves ${s.interest}.`,
	(s) => `${cap(s.verdict)}. Honestly.`
];

function composeComment(bot: BotContext, targetCaption: string, targetName: string, seed: string): string {
	const rng = seededRng(bot.id, seed, 'comment');
	const dna = bot.personaDna;
	const cues = readVoice(dna);
	const words = keywords(targetCaption);
	let text = pick(rng, COMMENT_SHAPES)({
		keyword: words.length > 0 ? pick(rng, words) : 'vibe',
		interest: pick(rng, dna.interests),
		name: targetName,
		time: pick(rng, TIMES),
		verdict: pick(rng, VERDICTS),
		feeling: pick(rng, FEELINGS[moodFor(dna, rng)] ?? FEELINGS.reflective)
	});
	if (cues.exclaim) text = text.replace(/\.(\s|$)/g, '!$1');
	if (dna.catchphrases.length > 0 && chance(rng, 0.25)) text = `${text} ${pick(rng, dna.catchphrases)}`;
	if (dna.emoji !== 'none' && chance(rng, dna.emoji === 'lots' ? 0.9 : 0.35)) text = `${text} ${emojiFor(dna, rng)}`;
	return applyVoiceRules(text, dna).slice(0, 280);
}

