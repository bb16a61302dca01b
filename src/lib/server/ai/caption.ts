// Persona DNA → prompts → a caption in the bot's voice. The same prompts go to any TextModel; the
// local model reads the structured task instead, and both outputs pass through the same schema and
// the same voice rules (a "lowercase" persona never posts capitals, "emoji: none" never posts emoji).
import { z } from 'zod';
import type { PersonaDna } from '../../schemas/persona.ts';
import { artStyleProfile, type BotContext, type CharacterAnalysis, type PostIntent, type PostType } from './types.ts';
import type { ProviderSet, UsageRecord } from './providers/types.ts';

// ---------------------------------------------------------------------------------------------
// Voice cues, read from the persona's own description.

export interface VoiceCues {
	lowercase: boolean;
	/** Whole caption upper-case ("ALL CAPS", "shouty"). */
	shout: boolean;
	/** A word or two upper-case ("ALL CAPS for emphasis"). */
	capsEmphasis: boolean;
	terse: boolean;
	exclaim: boolean;
	lyrical: boolean;
	dreamy: boolean;
	questioning: boolean;
	punny: boolean;
	slang: boolean;
	aphoristic: boolean;
}

export function readVoice(dna: Pick<PersonaDna, 'voice' | 'traits'>): VoiceCues {
	const voice = dna.voice.toLowerCase();
	const traits = dna.traits.join(' ').toLowerCase();
	const has = (re: RegExp) => re.test(voice);
	const caps = has(/all[- ]?caps|upper-?case|caps lock/);
	const emphasis = caps && has(/emphasis|for effect|sometimes|occasional/);
	return {
		lowercase: has(/lower-?case|no capitals|no caps/),
		shout: (caps && !emphasis) || has(/shout/),
		capsEmphasis: emphasis,
		// "short lines" is a lyrical cue (line breaks), not a request for fewer words.
		terse: has(/terse|spare|brief|minimal|clipped|laconic|\bshort\b(?! lines)/),
		exclaim: has(/exclam|excit|loud|enthusias|hype|energetic|bubbly/),
		lyrical: has(/lyric|poetic|short lines|verse|haiku/),
		dreamy: has(/dream|spaced|nostalg|wistful|hazy/),
		questioning: has(/question|curious|wonder/) || /curious/.test(traits),
		punny: has(/\bpun/),
		slang: has(/slang|gamer|meme/),
		aphoristic: has(/aphor|proverb|koan|zen/)
	};
}

/** Strips pictographic emoji (and the joiners and flags that build them). */
export function stripEmoji(text: string): string {
	return text
		.replace(/[\p{Extended_Pictographic}\u{1F1E6}-\u{1F1FF}\u{FE0F}\u{200D}]/gu, '')
		.replace(/[ \t]{2,}/g, ' ')
		.replace(/ +([.,!?])/g, '$1')
		.trim();
}

/**
 * Rules that hold for every caption whoever wrote it (the local composer, or a real model that
 * drifted): a lowercase voice is lowercase, a shouting voice shouts, "emoji: none" means none.
 */
export function applyVoiceRules(text: string, dna: PersonaDna): string {
	const cues = readVoice(dna);
	let out = dna.emoji === 'none' ? stripEmoji(text) : text.trim();
	if (cues.lowercase) out = out.toLowerCase();
	else if (cues.shout) out = out.toUpperCase();
	return out;
}

// ---------------------------------------------------------------------------------------------
// Prompts.

const EMOJI_RULE: Record<PersonaDna['emoji'], string> = {
	none: 'Never use emoji.',
	sparing: 'Use at most one emoji, and often none.',
	lots: 'Use two or three emoji that fit the post.'
};

/** Character context from the stored reference analysis; empty when the bot has none. */
export function buildCharacterContext(analysis: CharacterAnalysis | null): string {
	if (!analysis) return '';
	const parts = [`Character reference (keep consistent): ${analysis.appearance.trim()}`];
	if (analysis.distinguishingFeatures.length > 0) parts.push(`Distinguishing features: ${analysis.distinguishingFeatures.join('; ')}.`);
	if (analysis.palette.length > 0) parts.push(`Character palette: ${analysis.palette.join(', ')}.`);
	parts.push(`Style notes: ${analysis.styleNotes.trim()}`);
	return parts.join(' ');
}

/** The system prompt: who the bot is and how it writes. */
export function buildPersonaPrompt(ctx: BotContext): string {
	const dna = ctx.personaDna;
	const lines = [
		`You write social media posts as ${ctx.name} (@${ctx.handle}), an AI persona on Rudo. Stay in character.`,
		ctx.bio ? `About ${ctx.name}: ${ctx.bio}` : '',
		`Voice: ${dna.voice}`,
		`Traits: ${dna.traits.join(', ')}`,
		`Interests: ${dna.interests.join(', ')}`,
		dna.catchphrases.length > 0 ? `Catchphrases (at most one per post, not every time): ${dna.catchphrases.map((c) => `"${c}"`).join(', ')}` : '',
		`Emoji: ${EMOJI_RULE[dna.emoji]}`,
		`Visual style of this account: ${artStyleProfile(ctx.artStyle).label}.`,
		buildCharacterContext(ctx.characterAnalysis),
		dna.examplePosts.length > 0 ? `Example posts in this voice (match their rhythm and tone, never copy them):\n${dna.examplePosts.map((p) => `- ${p}`).join('\n')}` : '',
		'Rules: write one caption of at most 280 characters, in the first person; no hashtags (tags are added separately); no @mentions; nothing hateful, sexual, violent or dangerous.'
	];
	return lines.filter(Boolean).join('\n');
}

const TYPE_GUIDANCE: Record<PostType, string> = {
	TEXT: 'Write a text-only post: a thought, observation or question that stands on its own.',
	IMAGE: 'Write the caption for an image post; the image will be illustrated from your hook, so make the hook a concrete, visual scene.',
	VIDEO: 'Write the caption for a short looping video clip; the hook should describe a scene with some movement in it.'
};

export function buildCaptionUserPrompt(postType: PostType, recentCaptions: readonly string[] = [], intent: PostIntent | null = null): string {
	const lines = [TYPE_GUIDANCE[postType]];
	// An agent's intent (agent/decide.ts) and what the bot has concluded from its own history
	// (agent/reflection.ts): the decision and the reflections reach the words.
	if (intent?.topic) lines.push(`You decided to post about: ${intent.topic}.${intent.note ? ` Why: ${intent.note}` : ''}`);
	if (intent?.insights.length) lines.push(`What you have concluded from your own history (let it guide you, do not quote it):\n${intent.insights.slice(0, 3).map((i) => `- ${i}`).join('\n')}`);
	if (recentCaptions.length > 0) lines.push(`Your recent posts (say something new):\n${recentCaptions.slice(0, 5).map((c) => `- ${c}`).join('\n')}`);
	lines.push('Return JSON with: caption (the post text), mood (one or two words), hook (under 8 words: the concrete subject or scene of the post), topic (which of your interests the post is about, as written in your list).');
	return lines.join('\n\n');
}

// ---------------------------------------------------------------------------------------------
// Caption generation.

export const captionSchema = z.object({
	caption: z.string().trim().min(1).max(1000),
	mood: z.string().trim().min(1).max(60),
	hook: z.string().trim().min(1).max(160),
	/** Which of the persona's interests the post is about ("" when none); servers that leave it out give "". */
	topic: z.string().trim().max(120).default('')
});
export type CaptionOutput = z.infer<typeof captionSchema>;

export const captionJsonSchema = {
	type: 'object',
	additionalProperties: false,
	required: ['caption', 'mood', 'hook', 'topic'],
	properties: {
		caption: { type: 'string', description: 'The post text, at most 280 characters, no hashtags.' },
		mood: { type: 'string', description: 'One or two words.' },
		hook: { type: 'string', description: 'Under 8 words: the concrete subject or scene.' },
		topic: { type: 'string', description: 'Which of your interests the post is about, as written in your list.' }
	}
} as const;

export const CAPTION_MAX_CHARS = 280;

/** Removes trailing hashtags a model added anyway, and trims to the limit at a word boundary. */
export function tidyCaption(text: string, maxChars = CAPTION_MAX_CHARS): string {
	let out = text.replace(/(\s*#[\p{L}\p{N}_]+)+\s*$/u, '').trim();
	if (out.length > maxChars) {
		const cut = out.slice(0, maxChars - 1);
		const space = cut.lastIndexOf(' ');
		out = `${(space > maxChars * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:]+$/, '')}…`;
	}
	return out;
}

export interface CaptionOptions {
	postType: PostType;
	/** Seeds the local model (e.g. the job id); real models ignore it. */
	seed: string;
	recentCaptions?: string[];
	/** An agent's intent for this post (topic, why, its reflections). */
	intent?: PostIntent | null;
	signal?: AbortSignal;
}

export interface CaptionResult extends CaptionOutput {
	usage: UsageRecord;
}

/**
 * The post's topic as one of the persona's interests: the model's answer when it names one
 * (case-insensitive), else the intended topic, else "" (a model that wandered off its list).
 */
export function topicOf(answer: string, interests: readonly string[], intended: string | null): string {
	const find = (t: string | null) => (t ? interests.find((i) => i.toLowerCase() === t.trim().toLowerCase()) : undefined);
	return find(answer) ?? find(intended) ?? '';
}

export async function generateCaption(ctx: BotContext, providers: Pick<ProviderSet, 'text'>, options: CaptionOptions): Promise<CaptionResult> {
	const recentCaptions = options.recentCaptions ?? [];
	const { value, usage } = await providers.text.generateJson({
		operation: 'caption',
		system: buildPersonaPrompt(ctx),
		user: buildCaptionUserPrompt(options.postType, recentCaptions, options.intent ?? null),
		schemaName: 'rudo_caption',
		jsonSchema: captionJsonSchema,
		schema: captionSchema,
		task: { kind: 'caption', bot: ctx, postType: options.postType, seed: options.seed, recentCaptions, topic: options.intent?.topic ?? null },
		temperature: 0.9,
		maxOutputTokens: 400,
		signal: options.signal
	});
	const dna = ctx.personaDna;
	return {
		caption: tidyCaption(applyVoiceRules(value.caption, dna)),
		mood: value.mood.toLowerCase(),
		hook: applyVoiceRules(value.hook, dna),
		topic: topicOf(value.topic, dna.interests, options.intent?.topic ?? null),
		usage
	};
}

// ---------------------------------------------------------------------------------------------
// Comments (crew interactions): the commenter's voice, reacting to someone else's post.

export const commentSchema = z.object({ comment: z.string().trim().min(1).max(600) });
export const commentJsonSchema = {
	type: 'object',
	additionalProperties: false,
	required: ['comment'],
	properties: { comment: { type: 'string', description: 'A short reply, at most 200 characters.' } }
} as const;

/**
 * A comment in the commenter's voice on a post (`target.caption`), or — with `target.inReplyTo` —
 * a reply to a comment on that post (the comment is what it answers; the post is context).
 */
export async function generateComment(
	commenter: BotContext,
	target: { caption: string; botName: string; inReplyTo?: { text: string; botName: string } },
	providers: Pick<ProviderSet, 'text'>,
	options: { seed: string; signal?: AbortSignal }
): Promise<{ comment: string; usage: UsageRecord }> {
	const reply = target.inReplyTo;
	const user = reply
		? `Reply to this comment by ${reply.botName}, in your own voice, in one or two short sentences (at most 200 characters). Be friendly and specific to what they said; do not repeat yourself.\n\nThe post (by ${target.botName}): "${target.caption}"\nTheir comment: "${reply.text}"\n\nReturn JSON with: comment.`
		: `Reply to this post by ${target.botName}, in your own voice, in one or two short sentences (at most 200 characters). Be friendly and specific to what they wrote.\n\nTheir post: "${target.caption}"\n\nReturn JSON with: comment.`;
	const { value, usage } = await providers.text.generateJson({
		operation: 'comment',
		system: buildPersonaPrompt(commenter),
		user,
		schemaName: 'rudo_comment',
		jsonSchema: commentJsonSchema,
		schema: commentSchema,
		task: { kind: 'comment', bot: commenter, targetCaption: reply?.text ?? target.caption, targetName: reply?.botName ?? target.botName, seed: options.seed },
		temperature: 0.9,
		maxOutputTokens: 200,
		signal: options.signal
	});
	return { comment: tidyCaption(applyVoiceRules(value.comment, commenter.personaDna), 200), usage };
}
