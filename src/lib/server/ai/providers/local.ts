// The offline provider set: what Rudo uses when no API keys are configured. Everything here is
// deterministic for a given bot and seed, runs on this machine, and costs nothing:
//  - text: captions, tags and comments composed from the persona DNA (many sentence shapes, the
//    voice's cues applied), and a measured (not imagined) analysis of a reference image;
//  - images: an SVG scene whose look follows the art style and palette, rasterised with sharp;
//  - video: a short animated WebP (slow zoom and pan over the post's image);
//  - moderation: word lists and phrase patterns scored per category.
// It cannot follow free-form prompts, so text requests must carry a structured `task`.
import sharp, { type Metadata, type Stats } from 'sharp';
import type { PersonaDna } from '../../../schemas/persona.ts';
import { applyVoiceRules, readVoice, type VoiceCues } from '../caption.ts';
import { chance, intBetween, mulberry32, pick, seededRng, shuffle, weightedPick, type Rng } from '../random.ts';
import { artStyleProfile, tierCapabilities, type ArtStyle, type BotContext, type CharacterAnalysis, type PostType } from '../types.ts';
import {
	MODERATION_CATEGORIES,
	ProviderError,
	resolveImageBytes,
	type ImageModel,
	type ImageRequest,
	type ImageResult,
	type JsonRequest,
	type JsonResult,
	type ModerationCategory,
	type ModerationRequest,
	type ModerationResult,
	type Moderator,
	type TextModel,
	type TextTask,
	type VideoModel,
	type VideoRequest,
	type VideoResult
} from './types.ts';

export const LOCAL_PROVIDER = 'local';

const estimateTokens = (text: string) => Math.ceil(text.length / 4);

// =============================================================================================
// Text

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

const COLOUR_NAMES: Array<[number, string]> = [
	[15, 'red'],
	[45, 'orange'],
	[65, 'yellow'],
	[170, 'green'],
	[200, 'teal'],
	[250, 'blue'],
	[290, 'purple'],
	[345, 'pink'],
	[361, 'red']
];

export function colourName(hex: string): string {
	const [h, s, l] = hexToHsl(hex);
	if (s < 0.12 || l < 0.08 || l > 0.95) return l < 0.2 ? 'black' : l > 0.85 ? 'white' : 'grey';
	if ((h < 45 || h >= 345) && l < 0.45 && s < 0.6) return l < 0.25 ? 'dark brown' : 'brown';
	const base = COLOUR_NAMES.find(([limit]) => h < limit)?.[1] ?? 'red';
	if (l < 0.3) return `deep ${base}`;
	if (l > 0.75) return `pale ${base}`;
	return base;
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

// ---------------------------------------------------------------------------------------------
// Reference image analysis: measured colours and composition. It cannot recognise a subject, and
// says so, but the palette and contrast it extracts keep later renders consistent.

async function analyzeImage(bytes: Buffer): Promise<CharacterAnalysis> {
	let meta: Metadata;
	let stats: Stats;
	let pixels: Buffer;
	try {
		const image = sharp(bytes, { failOn: 'error' });
		meta = await image.metadata();
		stats = await image.stats();
		pixels = await sharp(bytes).flatten({ background: '#ffffff' }).resize(8, 8, { fit: 'cover' }).removeAlpha().raw().toBuffer();
	} catch (error) {
		throw new ProviderError(`The reference image could not be decoded: ${(error as Error).message}`, { provider: LOCAL_PROVIDER, kind: 'bad_request', retryable: false, cause: error });
	}
	const palette = dominantColours(pixels, 5);
	const { r, g, b } = stats.dominant;
	const dominant = rgbToHex(r, g, b);
	const luminance = stats.channels.slice(0, 3).reduce((sum, c, i) => sum + c.mean * [0.2126, 0.7152, 0.0722][i], 0) / 255;
	const contrast = stats.channels.slice(0, 3).reduce((sum, c) => sum + c.stdev, 0) / 3 / 255;
	const warm = palette.filter((hex) => {
		const [h, s] = hexToHsl(hex);
		return s > 0.15 && (h < 70 || h > 320);
	}).length;
	const cool = palette.filter((hex) => {
		const [h, s] = hexToHsl(hex);
		return s > 0.15 && h >= 150 && h <= 290;
	}).length;
	const width = meta.width ?? 0;
	const height = meta.pageHeight ?? meta.height ?? 0;
	const orientation = width === height ? 'square' : width > height ? 'landscape' : 'portrait';
	const brightness = luminance < 0.3 ? 'dark' : luminance > 0.7 ? 'bright' : 'mid-toned';
	const contrastWord = contrast < 0.12 ? 'low' : contrast > 0.28 ? 'high' : 'moderate';
	const detail = stats.entropy < 4 ? 'flat, graphic' : stats.entropy > 6.5 ? 'richly textured' : 'moderately detailed';
	const temperature = warm > cool ? 'warm' : cool > warm ? 'cool' : 'neutral';
	const accents = [...new Set(palette.slice(1, 3).map(colourName))].filter((name) => name !== colourName(dominant));
	const features = [
		`dominant ${colourName(dominant)} (${dominant})`,
		`${contrastWord} contrast`,
		`${temperature} palette`,
		`${detail} surfaces`,
		...(stats.isOpaque ? [] : ['cut-out subject on a transparent background'])
	];
	return {
		appearance: `A ${brightness} ${orientation} reference (${width}×${height}) dominated by ${colourName(dominant)} tones${accents.length > 0 ? `, with ${accents.join(' and ')} accents` : ''}. Measured offline: colours and composition only, no subject recognition.`,
		palette,
		distinguishingFeatures: features,
		styleNotes: `Keep the ${temperature} palette (${palette.join(', ')}), ${contrastWord} contrast and ${detail} rendering.`
	};
}

/** The most common colours of a tiny thumbnail, merged when they are close. */
function dominantColours(rgb: Buffer, limit: number): string[] {
	const counts = new Map<string, { n: number; r: number; g: number; b: number }>();
	for (let i = 0; i + 2 < rgb.length; i += 3) {
		const key = `${rgb[i] >> 5}-${rgb[i + 1] >> 5}-${rgb[i + 2] >> 5}`;
		const entry = counts.get(key) ?? { n: 0, r: 0, g: 0, b: 0 };
		entry.n++;
		entry.r += rgb[i];
		entry.g += rgb[i + 1];
		entry.b += rgb[i + 2];
		counts.set(key, entry);
	}
	const colours = [...counts.values()].sort((a, b) => b.n - a.n).map((e) => [e.r / e.n, e.g / e.n, e.b / e.n] as const);
	const chosen: Array<readonly [number, number, number]> = [];
	for (const c of colours) {
		if (chosen.every((o) => Math.hypot(o[0] - c[0], o[1] - c[1], o[2] - c[2]) > 40)) chosen.push(c);
		if (chosen.length === limit) break;
	}
	return chosen.map(([r, g, b]) => rgbToHex(r, g, b));
}

// =============================================================================================
// Colour helpers

function hexToRgb(hex: string): [number, number, number] {
	const v = parseInt(hex.replace('#', ''), 16);
	return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

function rgbToHex(r: number, g: number, b: number): string {
	const c = (x: number) => Math.max(0, Math.min(255, Math.round(x))).toString(16).padStart(2, '0');
	return `#${c(r)}${c(g)}${c(b)}`;
}

function hexToHsl(hex: string): [number, number, number] {
	const [r, g, b] = hexToRgb(hex).map((x) => x / 255);
	const max = Math.max(r, g, b);
	const min = Math.min(r, g, b);
	const l = (max + min) / 2;
	if (max === min) return [0, 0, l];
	const d = max - min;
	const s = l > 0.5 ? d / (2 - max - min) : d / (max + min);
	let h = max === r ? (g - b) / d + (g < b ? 6 : 0) : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
	h *= 60;
	return [h, s, l];
}

function mix(a: string, b: string, t: number): string {
	const [ar, ag, ab] = hexToRgb(a);
	const [br, bg, bb] = hexToRgb(b);
	return rgbToHex(ar + (br - ar) * t, ag + (bg - ag) * t, ab + (bb - ab) * t);
}

const lighten = (c: string, t: number) => mix(c, '#ffffff', t);
const darken = (c: string, t: number) => mix(c, '#000000', t);
const lum = (c: string) => hexToHsl(c)[2];

/** The palette sorted dark → light, padded to three colours. */
function paletteRoles(palette: string[]) {
	const colours = palette.length >= 2 ? palette : [...palette, '#7c5cff', '#1e1b4b'];
	const byLight = colours.slice().sort((a, b) => lum(a) - lum(b));
	const bySat = colours.slice().sort((a, b) => hexToHsl(b)[1] - hexToHsl(a)[1]);
	return { all: colours, dark: byLight[0], light: byLight[byLight.length - 1], accent: bySat[0], second: bySat[1] ?? bySat[0] };
}

// =============================================================================================
// Images: an SVG scene per art style, on a 1000×1000 canvas, rasterised by sharp.

type Pal = ReturnType<typeof paletteRoles>;
const f = (n: number) => Math.round(n * 10) / 10;

function ridge(rng: Rng, baseY: number, amplitude: number, step = 50): string {
	let y = baseY;
	let d = `M0 1000 L0 ${f(y)}`;
	for (let x = step; x <= 1000 + step; x += step) {
		y = Math.max(baseY - amplitude, Math.min(baseY + amplitude, y + (rng() - 0.5) * amplitude));
		d += ` Q${f(x - step / 2)} ${f(y + (rng() - 0.5) * amplitude * 0.6)} ${x} ${f(y)}`;
	}
	return `${d} L1000 1000 Z`;
}

function star(cx: number, cy: number, outer: number, inner: number, points: number, rotation = 0): string {
	const coords: string[] = [];
	for (let i = 0; i < points * 2; i++) {
		const r = i % 2 === 0 ? outer : inner;
		const a = rotation + (Math.PI * i) / points;
		coords.push(`${f(cx + r * Math.sin(a))},${f(cy - r * Math.cos(a))}`);
	}
	return coords.join(' ');
}

function perspectiveGrid(horizon: number, colour: string, rng: Rng, width = 3): string {
	const lines: string[] = [];
	const vanishX = 500 + (rng() - 0.5) * 120;
	for (let i = -10; i <= 10; i++) lines.push(`<line x1="${f(vanishX)}" y1="${horizon}" x2="${f(500 + i * 140)}" y2="1000"/>`);
	for (let i = 1; i <= 9; i++) {
		const y = horizon + (1000 - horizon) * Math.pow(i / 9, 2);
		lines.push(`<line x1="0" y1="${f(y)}" x2="1000" y2="${f(y)}"/>`);
	}
	return `<g stroke="${colour}" stroke-width="${width}" opacity="0.85">${lines.join('')}</g>`;
}

const SCENES: Record<ArtStyle, (rng: Rng, pal: Pal) => string> = {
	REALISTIC(rng, pal) {
		const sunX = 200 + rng() * 600;
		const sunY = 220 + rng() * 180;
		const layers = [0.15, 0.35, 0.6, 0.85].map((t, i) => `<path d="${ridge(rng, 470 + i * 120, 90 - i * 10)}" fill="${mix(lighten(pal.second, 0.5), darken(pal.dark, 0.3), t)}"/>`);
		return `<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${darken(pal.accent, 0.25)}"/><stop offset="0.7" stop-color="${lighten(pal.second, 0.45)}"/></linearGradient>
<radialGradient id="glow"><stop offset="0" stop-color="#fff8e0" stop-opacity="0.95"/><stop offset="1" stop-color="#fff8e0" stop-opacity="0"/></radialGradient>
<filter id="grain"><feTurbulence type="fractalNoise" baseFrequency="0.9" numOctaves="2" seed="${intBetween(rng, 1, 999)}"/><feColorMatrix type="saturate" values="0"/><feComponentTransfer><feFuncA type="linear" slope="0.08"/></feComponentTransfer></filter></defs>
<rect width="1000" height="1000" fill="url(#sky)"/><circle cx="${f(sunX)}" cy="${f(sunY)}" r="260" fill="url(#glow)"/><circle cx="${f(sunX)}" cy="${f(sunY)}" r="${intBetween(rng, 45, 80)}" fill="#fffbea"/>
${layers.join('')}<rect width="1000" height="1000" filter="url(#grain)"/>`;
	},
	ANIME(rng, pal) {
		const clouds = Array.from({ length: 3 }, () => {
			const cx = rng() * 1000;
			const cy = 150 + rng() * 250;
			return Array.from({ length: 5 }, (_, i) => `<circle cx="${f(cx + (i - 2) * 55)}" cy="${f(cy - (i % 2) * 35)}" r="${f(50 + rng() * 35)}"/>`).join('');
		});
		const sparkles = Array.from({ length: 14 }, () => `<polygon points="${star(rng() * 1000, rng() * 600, 14 + rng() * 12, 4, 4)}" fill="#ffffff" opacity="${f(0.5 + rng() * 0.5)}"/>`);
		const petals = Array.from({ length: 24 }, () => `<ellipse cx="${f(rng() * 1000)}" cy="${f(rng() * 1000)}" rx="12" ry="6" transform="rotate(${intBetween(rng, 0, 180)})" fill="${lighten(pal.accent, 0.55)}" opacity="0.85"/>`);
		return `<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${lighten(pal.second, 0.1)}"/><stop offset="1" stop-color="${lighten(pal.accent, 0.65)}"/></linearGradient></defs>
<rect width="1000" height="1000" fill="url(#sky)"/><g fill="#ffffff" opacity="0.92">${clouds.join('')}</g>
<path d="${ridge(rng, 700, 60, 100)}" fill="${mix(pal.accent, pal.second, 0.5)}"/><path d="${ridge(rng, 780, 40, 125)}" fill="${darken(mix(pal.accent, pal.second, 0.5), 0.25)}"/>
${sparkles.join('')}${petals.join('')}`;
	},
	CARTOON(rng, pal) {
		const sunX = 180 + rng() * 640;
		const rays = Array.from({ length: 12 }, (_, i) => {
			const a = (Math.PI * 2 * i) / 12;
			return `<polygon points="${f(sunX + 110 * Math.cos(a - 0.12))},${f(230 + 110 * Math.sin(a - 0.12))} ${f(sunX + 170 * Math.cos(a))},${f(230 + 170 * Math.sin(a))} ${f(sunX + 110 * Math.cos(a + 0.12))},${f(230 + 110 * Math.sin(a + 0.12))}"/>`;
		});
		const hills = Array.from({ length: 3 }, (_, i) => `<circle cx="${f(150 + i * 350 + rng() * 80)}" cy="${f(1050 + rng() * 60)}" r="${f(330 + rng() * 80)}" fill="${i % 2 ? pal.second : lighten(pal.accent, 0.2)}"/>`);
		const cloudX = rng() * 600 + 100;
		return `<rect width="1000" height="1000" fill="${lighten(pal.second, 0.6)}"/><g stroke="#1b1b1b" stroke-width="10" stroke-linejoin="round">
<g fill="#ffd23f">${rays.join('')}</g><circle cx="${f(sunX)}" cy="230" r="100" fill="#ffd23f"/>
<path d="M${f(cloudX)} 420 a50 50 0 0 1 80 -40 a60 60 0 0 1 110 10 a45 45 0 0 1 30 80 h-220 a40 40 0 0 1 0 -50z" fill="#ffffff"/>
${hills.join('')}</g><g fill="#1b1b1b"><circle cx="${f(sunX - 32)}" cy="215" r="10"/><circle cx="${f(sunX + 32)}" cy="215" r="10"/></g>
<path d="M${f(sunX - 40)} 255 q40 35 80 0" stroke="#1b1b1b" stroke-width="9" fill="none" stroke-linecap="round"/>`;
	},
	WATERCOLOR(rng, pal) {
		const blobs = Array.from({ length: 18 }, () => {
			const colour = pick(rng, pal.all);
			return `<ellipse cx="${f(rng() * 1000)}" cy="${f(rng() * 1000)}" rx="${f(90 + rng() * 220)}" ry="${f(70 + rng() * 170)}" transform="rotate(${intBetween(rng, -40, 40)} 500 500)" fill="${colour}" opacity="${f(0.3 + rng() * 0.35)}"/>`;
		});
		return `<defs><filter id="bleed" x="-20%" y="-20%" width="140%" height="140%"><feTurbulence type="fractalNoise" baseFrequency="0.012" numOctaves="3" seed="${intBetween(rng, 1, 999)}"/><feDisplacementMap in="SourceGraphic" scale="70"/><feGaussianBlur stdDeviation="9"/></filter>
<filter id="paper"><feTurbulence type="fractalNoise" baseFrequency="0.6" numOctaves="3" seed="7"/><feColorMatrix type="saturate" values="0"/><feComponentTransfer><feFuncA type="linear" slope="0.12"/></feComponentTransfer></filter></defs>
<rect width="1000" height="1000" fill="${mix('#fbf7ef', pal.light, 0.15)}"/><g filter="url(#bleed)">${blobs.join('')}</g><rect width="1000" height="1000" filter="url(#paper)"/>`;
	},
	PIXEL_ART(rng, pal) {
		// Drawn plainly here; renderSvg() shrinks it to a 48-pixel grid with a few colours and
		// scales it back up with nearest-neighbour sampling, which is what makes it pixel art.
		const stars = Array.from({ length: 20 }, () => `<rect x="${f(rng() * 1000)}" y="${f(rng() * 450)}" width="20" height="20" fill="#ffffff"/>`);
		const trees = Array.from({ length: 4 }, () => {
			const x = rng() * 900 + 50;
			return `<rect x="${f(x)}" y="760" width="40" height="90" fill="${darken(pal.dark, 0.3)}"/><polygon points="${f(x - 60)},780 ${f(x + 20)},600 ${f(x + 100)},780" fill="${mix(pal.second, '#2d6a4f', 0.6)}"/>`;
		});
		return `<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${darken(pal.dark, 0.2)}"/><stop offset="1" stop-color="${pal.accent}"/></linearGradient></defs>
<rect width="1000" height="1000" fill="url(#sky)"/>${stars.join('')}<rect x="${f(600 + rng() * 250)}" y="140" width="120" height="120" fill="${lighten(pal.light, 0.3)}"/>
<path d="${ridge(rng, 600, 120, 100)}" fill="${pal.second}"/><rect y="820" width="1000" height="180" fill="${darken(pal.second, 0.4)}"/>${trees.join('')}`;
	},
	CYBERPUNK(rng, pal) {
		const buildings: string[] = [];
		const windows: string[] = [];
		let x = -20;
		while (x < 1000) {
			const w = 60 + rng() * 90;
			const h = 250 + rng() * 380;
			buildings.push(`<rect x="${f(x)}" y="${f(640 - h)}" width="${f(w)}" height="${f(h)}" fill="${darken(pal.dark, 0.5)}"/>`);
			for (let wy = 640 - h + 20; wy < 620; wy += 34) {
				for (let wx = x + 10; wx < x + w - 14; wx += 22) {
					if (chance(rng, 0.3)) windows.push(`<rect x="${f(wx)}" y="${f(wy)}" width="10" height="14" fill="${chance(rng, 0.5) ? pal.accent : pal.second}"/>`);
				}
			}
			x += w + 6;
		}
		const signs = Array.from({ length: 3 }, () => `<rect x="${f(rng() * 800 + 50)}" y="${f(150 + rng() * 300)}" width="${f(80 + rng() * 120)}" height="${f(30 + rng() * 40)}" rx="8" fill="none" stroke="${pick(rng, [pal.accent, pal.second])}" stroke-width="8"/>`);
		const rain = Array.from({ length: 90 }, () => {
			const rx = rng() * 1100;
			const ry = rng() * 1000;
			return `<line x1="${f(rx)}" y1="${f(ry)}" x2="${f(rx - 18)}" y2="${f(ry + 60)}"/>`;
		});
		return `<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#05030f"/><stop offset="1" stop-color="${darken(pal.accent, 0.6)}"/></linearGradient>
<filter id="neon" x="-50%" y="-50%" width="200%" height="200%"><feGaussianBlur stdDeviation="7" result="b"/><feMerge><feMergeNode in="b"/><feMergeNode in="SourceGraphic"/></feMerge></filter></defs>
<rect width="1000" height="1000" fill="url(#sky)"/>${buildings.join('')}<g filter="url(#neon)">${windows.join('')}${signs.join('')}</g>
<rect y="640" width="1000" height="360" fill="#07040f"/><g filter="url(#neon)">${perspectiveGrid(640, pal.second, rng)}</g><g stroke="#9fb4ff" stroke-width="2" opacity="0.25">${rain.join('')}</g>`;
	},
	OIL_PAINTING(rng, pal) {
		const strokes: string[] = [];
		for (let i = 0; i < 260; i++) {
			const y = rng() * 1000;
			const sky = y < 520;
			const base = sky ? mix(pal.light, pal.second, rng() * 0.6) : mix(pal.accent, pal.dark, rng() * 0.7);
			const colour = rng() < 0.5 ? lighten(base, rng() * 0.2) : darken(base, rng() * 0.2);
			const angle = sky ? intBetween(rng, -12, 12) : intBetween(rng, -60, 60);
			strokes.push(`<rect x="${f(rng() * 1000 - 60)}" y="${f(y)}" width="${f(70 + rng() * 110)}" height="${f(16 + rng() * 22)}" rx="10" fill="${colour}" opacity="${f(0.7 + rng() * 0.3)}" transform="rotate(${angle} ${f(rng() * 1000)} ${f(y)})"/>`);
		}
		const vaseX = 380 + rng() * 240;
		return `<defs><filter id="impasto"><feTurbulence type="fractalNoise" baseFrequency="0.05" numOctaves="2" seed="${intBetween(rng, 1, 999)}"/><feDisplacementMap in="SourceGraphic" scale="18"/></filter>
<filter id="canvas"><feTurbulence type="turbulence" baseFrequency="0.5 0.02" numOctaves="1" seed="3"/><feColorMatrix type="saturate" values="0"/><feComponentTransfer><feFuncA type="linear" slope="0.1"/></feComponentTransfer></filter></defs>
<rect width="1000" height="1000" fill="${mix(pal.dark, pal.light, 0.45)}"/><g filter="url(#impasto)">${strokes.join('')}
<ellipse cx="${f(vaseX)}" cy="640" rx="120" ry="170" fill="${darken(pal.accent, 0.15)}"/><ellipse cx="${f(vaseX - 35)}" cy="590" rx="30" ry="70" fill="${lighten(pal.accent, 0.35)}" opacity="0.7"/></g><rect width="1000" height="1000" filter="url(#canvas)"/>`;
	},
	MINIMALIST(rng, pal) {
		const y = 380 + rng() * 240;
		const c1 = 200 + rng() * 200;
		const c2 = 600 + rng() * 200;
		const dot = pick(rng, [200, 780]) + (rng() - 0.5) * 80;
		return `<rect width="1000" height="1000" fill="${lighten(pal.light, 0.75)}"/><path d="M120 ${f(y)} C ${f(c1)} ${f(y - 260 + rng() * 80)}, ${f(c2)} ${f(y + 260 - rng() * 80)}, 880 ${f(y)}" stroke="${pal.dark}" stroke-width="6" fill="none" stroke-linecap="round"/>
<circle cx="${f(dot)}" cy="${f(y - 180 + rng() * 60)}" r="${intBetween(rng, 18, 34)}" fill="${pal.accent}"/>`;
	},
	VAPORWAVE(rng, pal) {
		const sunY = 420;
		const gaps = Array.from({ length: 6 }, (_, i) => `<rect x="0" y="${f(sunY + 10 + i * 28)}" width="1000" height="${f(4 + i * 2.5)}" fill="black"/>`);
		const columnX = pick(rng, [120, 760]) + rng() * 60;
		const flutes = Array.from({ length: 4 }, (_, i) => `<line x1="${f(columnX + 18 + i * 22)}" y1="420" x2="${f(columnX + 18 + i * 22)}" y2="720"/>`);
		return `<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${darken(pal.dark, 0.3)}"/><stop offset="0.65" stop-color="${pal.accent}"/></linearGradient>
<linearGradient id="sun" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#fff27a"/><stop offset="1" stop-color="${pal.accent}"/></linearGradient>
<mask id="cut"><rect width="1000" height="1000" fill="white"/>${gaps.join('')}</mask>
<pattern id="scan" width="4" height="6" patternUnits="userSpaceOnUse"><rect width="4" height="2" fill="black" opacity="0.12"/></pattern></defs>
<rect width="1000" height="1000" fill="url(#sky)"/><circle cx="500" cy="${sunY}" r="230" fill="url(#sun)" mask="url(#cut)"/>
<rect y="600" width="1000" height="400" fill="${darken(pal.dark, 0.55)}"/>${perspectiveGrid(600, pal.second, rng, 4)}
<g fill="#e9e4f0" stroke="#b7afc4" stroke-width="3"><rect x="${f(columnX - 10)}" y="395" width="120" height="28"/><rect x="${f(columnX)}" y="420" width="100" height="300"/><rect x="${f(columnX - 10)}" y="716" width="120" height="28"/></g><g stroke="#b7afc4" stroke-width="4">${flutes.join('')}</g>
<rect width="1000" height="1000" fill="url(#scan)"/>`;
	},
	COMIC(rng, pal) {
		const split = 380 + rng() * 240;
		const burstX = 500 + (rng() - 0.5) * 300;
		const burstY = 640 + (rng() - 0.5) * 120;
		const speed = Array.from({ length: 16 }, (_, i) => {
			const a = (Math.PI * 2 * i) / 16 + rng() * 0.1;
			return `<line x1="${f(burstX + 220 * Math.cos(a))}" y1="${f(burstY + 220 * Math.sin(a))}" x2="${f(burstX + 520 * Math.cos(a))}" y2="${f(burstY + 520 * Math.sin(a))}"/>`;
		});
		return `<defs><pattern id="dots" width="22" height="22" patternUnits="userSpaceOnUse"><circle cx="11" cy="11" r="6" fill="${darken(pal.second, 0.2)}" opacity="0.55"/></pattern>
<clipPath id="p1"><rect x="30" y="30" width="${f(split - 45)}" height="390"/></clipPath><clipPath id="p3"><rect x="30" y="450" width="940" height="520"/></clipPath></defs>
<rect width="1000" height="1000" fill="#fdfdf8"/>
<rect x="30" y="30" width="${f(split - 45)}" height="390" fill="${lighten(pal.accent, 0.4)}"/><rect x="30" y="30" width="${f(split - 45)}" height="390" fill="url(#dots)"/>
<circle cx="${f((split - 15) / 2 + 15)}" cy="260" r="90" fill="${pal.second}" stroke="#111" stroke-width="10" clip-path="url(#p1)"/>
<rect x="${f(split + 15)}" y="30" width="${f(955 - split)}" height="390" fill="${lighten(pal.second, 0.5)}"/><rect x="${f(split + 50)}" y="80" width="${f(880 - split)}" height="120" rx="60" fill="#ffffff" stroke="#111" stroke-width="8"/>
<rect x="30" y="450" width="940" height="520" fill="${lighten(pal.light, 0.3)}"/><rect x="30" y="450" width="940" height="520" fill="url(#dots)"/>
<g stroke="#111" stroke-width="6" clip-path="url(#p3)">${speed.join('')}</g>
<polygon points="${star(burstX, burstY, 210, 120, 12, rng())}" fill="${pal.accent}" stroke="#111" stroke-width="12" stroke-linejoin="round"/><polygon points="${star(burstX, burstY, 110, 60, 12, rng())}" fill="#ffe14d" stroke="#111" stroke-width="8"/>
<g fill="none" stroke="#111" stroke-width="12"><rect x="30" y="30" width="${f(split - 45)}" height="390"/><rect x="${f(split + 15)}" y="30" width="${f(955 - split)}" height="390"/><rect x="30" y="450" width="940" height="520"/></g>`;
	}
};

/** A head-and-shoulders character over the style's scene, outlined the way the style outlines. */
function avatarFigure(style: ArtStyle, pal: Pal, rng: Rng): string {
	const outline = style === 'COMIC' || style === 'CARTOON' ? 'stroke="#111" stroke-width="12"' : style === 'MINIMALIST' ? `stroke="${pal.dark}" stroke-width="6"` : '';
	const skin = mix(pal.light, '#f1c7a3', 0.6);
	const fill = style === 'MINIMALIST' ? 'none' : skin;
	const eyeY = 420 + rng() * 20;
	const hair = pick(rng, pal.all);
	return `<g ${outline}><rect x="440" y="580" width="120" height="190" fill="${fill}"/><path d="M190 1000 C 200 720, 800 720, 810 1000 Z" fill="${style === 'MINIMALIST' ? 'none' : pal.accent}"/>
<circle cx="500" cy="450" r="190" fill="${fill}"/><path d="M310 430 C 320 230, 680 230, 690 430 C 640 330, 380 330, 310 430 Z" fill="${style === 'MINIMALIST' ? 'none' : hair}"/></g>
<g fill="${darken(pal.dark, 0.4)}"><circle cx="430" cy="${f(eyeY)}" r="${style === 'ANIME' ? 26 : 16}"/><circle cx="570" cy="${f(eyeY)}" r="${style === 'ANIME' ? 26 : 16}"/></g>
${style === 'ANIME' ? `<g fill="#ffffff"><circle cx="438" cy="${f(eyeY - 9)}" r="8"/><circle cx="578" cy="${f(eyeY - 9)}" r="8"/></g>` : ''}
<path d="M450 ${f(eyeY + 90)} q50 ${intBetween(rng, 15, 35)} 100 0" stroke="${darken(pal.dark, 0.4)}" stroke-width="8" fill="none" stroke-linecap="round"/>`;
}

export function buildLocalSvg(request: Pick<ImageRequest, 'style' | 'palette' | 'seed' | 'subject'>): string {
	const rng = mulberry32(request.seed);
	const pal = paletteRoles(request.palette);
	let body = SCENES[request.style](rng, pal);
	if (request.subject === 'avatar') body += avatarFigure(request.style, pal, rng);
	return `<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="1000" viewBox="0 0 1000 1000" preserveAspectRatio="xMidYMid slice">${body}</svg>`;
}

async function renderSvg(svg: string, style: ArtStyle, width: number, height: number): Promise<Buffer> {
	const source = Buffer.from(svg);
	if (style === 'PIXEL_ART') {
		const grid = 48;
		const small = await sharp(source).resize(grid, Math.max(1, Math.round((grid * height) / width)), { fit: 'cover' }).png({ palette: true, colours: 16, dither: 0 }).toBuffer();
		return sharp(small).resize(width, height, { kernel: 'nearest', fit: 'fill' }).png({ compressionLevel: 9 }).toBuffer();
	}
	return sharp(source, { density: 72 * Math.max(1, Math.max(width, height) / 1000) })
		.resize(width, height, { fit: 'cover' })
		.webp({ quality: 86 })
		.toBuffer();
}

export class LocalImageModel implements ImageModel {
	readonly provider = LOCAL_PROVIDER;
	readonly model = 'rudo-local-svg-1';

	async generateImage(request: ImageRequest): Promise<ImageResult> {
		const width = Math.max(64, Math.min(2048, Math.round(request.width)));
		const height = Math.max(64, Math.min(2048, Math.round(request.height)));
		const bytes = await renderSvg(buildLocalSvg(request), request.style, width, height);
		return {
			bytes,
			// Pixel art stays lossless: WebP's lossy mode would smear the hard pixel edges.
			contentType: request.style === 'PIXEL_ART' ? 'image/png' : 'image/webp',
			width,
			height,
			usage: { provider: this.provider, model: this.model, operation: 'image', images: 1, costUsd: 0 }
		};
	}
}

// =============================================================================================
// Video: a slow zoom and drift over the post's image, as an animated WebP.

export class LocalVideoModel implements VideoModel {
	readonly provider = LOCAL_PROVIDER;
	readonly model = 'rudo-local-kenburns-1';
	readonly name = 'local';

	async imageToVideo(request: VideoRequest): Promise<VideoResult> {
		const { bytes } = await resolveImageBytes(request.image, this.provider);
		const seconds = Math.max(1, Math.min(10, request.durationSeconds));
		const frameCount = Math.max(12, Math.min(24, Math.round(seconds * 3)));
		const size = 640;
		const out = 480;
		let base: Buffer;
		try {
			base = await sharp(bytes).resize(size, size, { fit: 'cover' }).removeAlpha().png().toBuffer();
		} catch (error) {
			throw new ProviderError(`The source image could not be decoded: ${(error as Error).message}`, { provider: this.provider, model: this.model, kind: 'bad_request', retryable: false, cause: error });
		}
		const rng = mulberry32(request.seed);
		const dx = rng() < 0.5 ? -1 : 1;
		const dy = rng() < 0.5 ? -1 : 1;
		const zoomTo = 1.12 + rng() * 0.1;
		const frames: Buffer[] = [];
		for (let i = 0; i < frameCount; i++) {
			const t = i / (frameCount - 1);
			const ease = t * t * (3 - 2 * t);
			const crop = Math.round(size / (1 + (zoomTo - 1) * ease));
			const spare = size - crop;
			const left = Math.round(spare * (0.5 + 0.45 * dx * (ease - 0.5)));
			const top = Math.round(spare * (0.5 + 0.45 * dy * (ease - 0.5)));
			frames.push(
				await sharp(base)
					.extract({ left: Math.max(0, Math.min(spare, left)), top: Math.max(0, Math.min(spare, top)), width: crop, height: crop })
					.resize(out, out)
					.modulate({ brightness: 1 + 0.04 * Math.sin(t * Math.PI * 2) })
					.png()
					.toBuffer()
			);
		}
		const delay = Math.round((seconds * 1000) / frameCount);
		const clip = await sharp(frames, { join: { animated: true } })
			.webp({ quality: 72, effort: 2, loop: 0, delay: Array(frameCount).fill(delay) })
			.toBuffer();
		return {
			bytes: clip,
			contentType: 'image/webp',
			durationSeconds: (delay * frameCount) / 1000,
			provider: this.provider,
			model: this.model,
			usage: { provider: this.provider, model: this.model, operation: 'video', videoSeconds: (delay * frameCount) / 1000, costUsd: 0 }
		};
	}
}

// =============================================================================================
// Moderation: word lists and phrases, each with a weight; a category's score combines its matches
// as independent evidence (1 − Π(1 − w)). Deliberately conservative: creative, comic and idiomatic
// language ("killing it", "KAPOW") stays well under the review thresholds in moderation.ts.

interface Rule {
	category: ModerationCategory;
	weight: number;
	pattern: RegExp;
}

const w = (category: ModerationCategory, weight: number, ...terms: string[]): Rule[] =>
	terms.map((term) => ({ category, weight, pattern: new RegExp(`\\b${term}\\b`, 'i') }));

const RULES: Rule[] = [
	...w('harassment', 0.25, 'stupid', 'dumb', 'shut up', 'ugly'),
	...w('harassment', 0.35, 'idiot', 'loser', 'you suck', 'pathetic', 'clown'),
	...w('harassment', 0.45, 'moron', 'worthless', 'disgusting (?:person|human)'),
	...w('harassment', 0.6, 'nobody likes you', 'everyone hates you'),
	...w('harassment', 0.8, 'kill yourself', 'kys'),
	...w('harassment/threatening', 0.85, "(?:i(?:'m| am)? (?:going to|gonna)|i will|i'll) (?:kill|hurt|stab|shoot|find) (?:you|u)", "you(?:'re| are) dead", 'watch your back'),
	...w('hate', 0.3, 'vermin'),
	...w('hate', 0.8, 'subhuman', 'inferior race', 'racial purity', 'go back to your country'),
	...w('hate/threatening', 0.85, 'ethnic cleansing', 'exterminate (?:them|all of them)', 'wipe them out'),
	...w('sexual', 0.35, 'sexy', 'hook ?up', 'naughty'),
	...w('sexual', 0.5, 'sex', 'naked', 'nsfw'),
	...w('sexual', 0.7, 'nudes?', 'erotic', 'onlyfans'),
	...w('sexual', 0.85, 'porn(?:ography)?', 'orgasm'),
	...w('violence', 0.2, 'punch(?:ed|es)?', 'fight(?:ing)?', 'smash'),
	...w('violence', 0.3, 'gun', 'blood', 'attack', 'weapon'),
	...w('violence', 0.45, 'kill(?:ed|ing)?', 'shoot(?:ing)?', 'beat (?:him|her|them|you) up'),
	...w('violence', 0.6, 'murder(?:ed)?', 'stab(?:bed|bing)?', 'bomb(?:ing)?', 'strangle', 'torture'),
	...w('violence', 0.75, 'massacre', 'slaughter'),
	...w('violence/graphic', 0.8, 'gore', 'guts spilled', 'blood everywhere'),
	...w('violence/graphic', 0.9, 'dismember(?:ed)?', 'decapitat(?:e|ed|ion)', 'mutilat(?:e|ed|ion)'),
	...w('self-harm', 0.5, 'suicide', 'overdose'),
	...w('self-harm', 0.7, 'self[- ]?harm', 'end it all'),
	...w('self-harm', 0.85, 'kill myself', 'cut myself', 'want to die', 'end my life'),
	...w('self-harm/intent', 0.75, 'want to die', 'going to end it'),
	...w('self-harm/intent', 0.85, 'kill myself', 'end my life', 'cut myself'),
	...w('self-harm/instructions', 0.9, 'how to (?:kill yourself|commit suicide|overdose|cut yourself)', 'lethal dose'),
	...w('illicit', 0.5, 'counterfeit', 'fake id', 'launder(?:ing)?'),
	...w('illicit', 0.6, 'cocaine', 'heroin', 'meth', 'hack into'),
	...w('illicit', 0.75, '(?:buy|sell|selling|buying) drugs', 'stolen credit cards?'),
	...w('illicit/violent', 0.9, '(?:make|build) a bomb', 'hire a hitman', 'buy a gun illegally')
];

const MINOR_TERMS = /\b(?:child|children|kid|kids|minor|minors|underage|preteen|schoolgirl|schoolboy|\d{1,2}[- ]?(?:yo|year[- ]old))\b/i;

/** Undoes common evasions: l33t digits, symbols inside words, stretched letters. */
export function normaliseForModeration(text: string): string {
	return text
		.normalize('NFKC')
		.toLowerCase()
		.replace(/[0134@$5]/g, (c) => ({ '0': 'o', '1': 'i', '3': 'e', '4': 'a', '@': 'a', $: 's', '5': 's' })[c] ?? c)
		.replace(/(\w)[*._](?=\w)/g, '$1')
		.replace(/(\w)\1{2,}/g, '$1$1')
		.replace(/[’`]/g, "'");
}

export function scoreText(text: string): Record<ModerationCategory, number> {
	// Ages like "17 year old" must survive the digit folding, so match minors on the raw text too.
	const normalised = normaliseForModeration(text);
	const keep: Record<string, number> = {};
	for (const category of MODERATION_CATEGORIES) keep[category] = 1;
	for (const rule of RULES) {
		if (rule.pattern.test(normalised)) keep[rule.category] *= 1 - rule.weight;
	}
	const scores = {} as Record<ModerationCategory, number>;
	for (const category of MODERATION_CATEGORIES) scores[category] = Math.round((1 - keep[category]) * 1000) / 1000;
	if (scores.sexual >= 0.3 && (MINOR_TERMS.test(text) || MINOR_TERMS.test(normalised))) scores['sexual/minors'] = 0.95;
	// Threats are violence as well as harassment.
	scores.violence = Math.max(scores.violence, scores['harassment/threatening'] * 0.8);
	scores['self-harm'] = Math.max(scores['self-harm'], scores['self-harm/intent'], scores['self-harm/instructions']);
	return scores;
}

export class LocalModerator implements Moderator {
	readonly provider = LOCAL_PROVIDER;
	readonly model = 'rudo-local-wordlists-1';

	async moderate(request: ModerationRequest): Promise<ModerationResult> {
		const scores = scoreText(request.text);
		return {
			scores,
			flagged: Object.values(scores).some((s) => s >= 0.5),
			imageChecked: false,
			usage: { provider: this.provider, model: this.model, operation: 'moderation', inputTokens: estimateTokens(request.text), costUsd: 0 }
		};
	}
}

/** The whole offline set. */
export function createLocalProviders() {
	return {
		text: new LocalTextModel(),
		image: new LocalImageModel(),
		video: new LocalVideoModel(),
		moderator: new LocalModerator()
	};
}
