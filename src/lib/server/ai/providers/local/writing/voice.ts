// How a persona's voice shapes a composed post: which openers and closers it reaches for, its
// punctuation (exclamations, ellipses, open endings), line breaks, CAPS emphasis, puns, emoji and
// catchphrases. The hard rules (lowercase, all caps, no emoji) are applied last by applyVoiceRules,
// the same function that polices what a real model writes.
import { applyVoiceRules } from '../../../caption.ts';
import { chance, intBetween, pick, type Rng } from '../../../random.ts';
import type { PersonaDna } from '../../../../../schemas/persona.ts';
import type { PersonaLexicon } from './lexicon.ts';
import { capitalise } from './grammar.ts';
import { truncateText } from '../../../../../text/safe-text.ts';

/** Voice cues beyond readVoice(): register words that steer which moves and fillers fit. */
export interface WriterCues {
	noir: boolean;
	narration: boolean;
	warm: boolean;
	gentle: boolean;
	curious: boolean;
	dry: boolean;
}

export function writerCues(voice: string): WriterCues {
	const v = voice.toLowerCase();
	return {
		noir: /noir|present tense|hard-?boiled/.test(v),
		narration: /narrat|comic|storyteller/.test(v),
		warm: /warm|confident|showy|hearty|generous/.test(v),
		gentle: /gentle|soft|tender|quiet|kind/.test(v),
		curious: /curious|question|wonder/.test(v),
		dry: /\bdry\b|deadpan|wry|sardonic/.test(v)
	};
}

/** The opener set a voice reaches for, and how often. */
export function openerStyle(lexicon: PersonaLexicon, extra: WriterCues): Array<[string, number]> {
	const cues = lexicon.cues;
	const styles: Array<[string, number]> = [['plain', 0.1]];
	if (lexicon.exampleStyle.clockOpenings) styles.push(['clock', 0.25]);
	if (extra.narration) styles.push(['narration', 0.3]);
	if (cues.slang) styles.push(['slang', 0.35]);
	if (cues.dreamy) styles.push(['dreamy', 0.25]);
	if (extra.noir) styles.push(['noir', 0.2]);
	if (extra.warm) styles.push(['warm', 0.15]);
	if (extra.gentle) styles.push(['gentle', 0.2]);
	if (extra.curious) styles.push(['curious', 0.2]);
	if (extra.dry) styles.push(['dry', 0.2]);
	return styles;
}

export function closerStyle(lexicon: PersonaLexicon, extra: WriterCues): Array<[string, number]> {
	const cues = lexicon.cues;
	const styles: Array<[string, number]> = [['plain', cues.terse || cues.aphoristic ? 0.04 : 0.12]];
	if (extra.narration) styles.push(['narration', 0.2]);
	if (cues.slang) styles.push(['slang', 0.25]);
	if (cues.dreamy) styles.push(['dreamy', 0.2]);
	if (extra.noir) styles.push(['noir', 0.15]);
	if (extra.warm) styles.push(['warm', 0.15]);
	if (cues.aphoristic) styles.push(['aphoristic', 0.12]);
	if (extra.gentle) styles.push(['gentle', 0.2]);
	if (extra.curious) styles.push(['curious', 0.2]);
	if (extra.dry) styles.push(['dry', 0.2]);
	return styles;
}

/** Puns by topic family, for voices that ask for them. */
const PUNS: Record<string, string[]> = {
	'retro-games': ['Game over for my sleep schedule.', "I'd say more, but I'm saving it.", 'Respawning tomorrow.', 'Level of commitment: final boss.'],
	speedrunning: ["I'm running out of jokes.", 'Split decision, really.', 'Any% chance I stop? Zero.'],
	chiptune: ["It's a bit much. An 8-bit much.", 'Music to my ears, in 4 channels.'],
	cooking: ["I'm on a roll.", 'Thyme well spent.', 'Whisk-y business.'],
	'west-african-food': ['Pepper-fectly done.', 'Rice to meet you.'],
	fermentation: ['It grows on you.', 'Things are getting sour, in a good way.'],
	gardening: ['Rooting for every one of them.', 'Lettuce celebrate.', 'Growing on me.'],
	tea: ['Tea-riffic, honestly.', 'Steeped in joy.'],
	comics: ['A real page-turner.', 'Panel-ing my feelings.'],
	skateboarding: ['Board? Never.', 'Wheel see tomorrow.'],
	'synth-music': ['That was sound advice.', 'Treble is my middle name.'],
	baking: ['I knead this.', 'Loaf at first sight.'],
	'city-night': ['The city never sleeps, and neither do I.'],
	knitting: ['Purl-fectly fine.', 'Knit happens.']
};

export function punFor(topicIds: readonly string[], rng: Rng): string | null {
	const options = topicIds.flatMap((id) => PUNS[id] ?? []);
	return options.length > 0 ? pick(rng, options) : null;
}

function splitSentences(text: string): string[] {
	return text.split(/(?<=[.!?…])\s+/).filter(Boolean);
}

/** Punctuation, emphasis and line breaks from the voice; no casing yet (applyVoiceRules does that). */
export function styleText(text: string, lexicon: PersonaLexicon, rng: Rng): string {
	const cues = lexicon.cues;
	let out = text;
	if (cues.exclaim) {
		let first = true;
		out = out.replace(/\.(\s|$)/g, (m, space: string) => {
			if (!chance(rng, 0.7)) return m;
			const mark = first && chance(rng, 0.25) ? '!!' : '!';
			first = false;
			return `${mark}${space}`;
		});
	}
	if (cues.dreamy) out = out.replace(/\.(\s|$)/g, (m, space: string) => (chance(rng, 0.6) ? `…${space}` : m));
	if (cues.capsEmphasis) {
		const protectedWords = new Set([...lexicon.name.toLowerCase().split(' '), ...lexicon.catchphrases.flatMap((c) => c.toLowerCase().split(' '))]);
		const candidates = out.split(/\s+/).filter((w) => /^[a-z]{5,}[.,!?…]*$/i.test(w) && !protectedWords.has(w.toLowerCase().replace(/[^a-z]/g, '')));
		if (candidates.length > 0) {
			const word = pick(rng, candidates);
			out = out.replace(new RegExp(`(^|\\s)${word.replace(/[.*+?^${}()|[\]\\!…]/g, '\\$&')}`), (_m, pre: string) => `${pre}${word.toUpperCase()}`);
		}
	}
	// Every exclaiming voice exclaims at least once; every dreamy one trails off at least once.
	if (cues.exclaim && !out.includes('!')) out = /[.…]$/.test(out) ? out.replace(/[.…]$/, '!') : `${out}!`;
	if (cues.dreamy && !out.includes('…')) out = /[.!]$/.test(out) ? out.replace(/[.!]$/, '…') : `${out}…`;
	if (lexicon.exampleStyle.openEnded && chance(rng, 0.6)) out = out.replace(/\.$/, '');
	if (cues.lyrical) {
		// Short lines: a break after every sentence and after most commas; a single long line is
		// broken before its "and" or after its colon.
		out = splitSentences(out)
			.map((s) => s.replace(/,\s+/g, (m) => (chance(rng, 0.6) ? ',\n' : m)))
			.join('\n');
		if (!out.includes('\n') && out.split(/\s+/).length > 8) out = out.replace(/:\s+/, ':\n').replace(/^([^\n]*?)\s+(and|but|while|then)\s+/, '$1\n$2 ');
		if (!out.includes('\n') && out.split(/\s+/).length > 8) {
			const words = out.split(' ');
			const at = words.findIndex((w, i) => i >= 3 && i <= words.length - 3 && /^(at|in|on|with|for|after|before|like|from|under|into|over|by)$/i.test(w));
			// No natural break: split the line in the middle, never before a lone last word.
			const cut = at > 0 ? at : Math.ceil(words.length / 2);
			out = `${words.slice(0, cut).join(' ')}\n${words.slice(cut).join(' ')}`;
		}
	}
	return out;
}

/** Emoji from the interests' topics: none, at most one, or two or three, as the persona says. */
export function addEmoji(text: string, lexicon: PersonaLexicon, pool: readonly string[], rng: Rng): string {
	const mode = lexicon.emoji.mode;
	const count = mode === 'none' ? 0 : mode === 'lots' ? intBetween(rng, 2, 3) : chance(rng, 0.45) ? 1 : 0;
	if (count === 0) return text;
	const source = pool.length >= count ? pool : [...new Set([...pool, ...lexicon.emoji.pool, '✨'])];
	const chosen = new Set<string>();
	for (let i = 0; i < count * 3 && chosen.size < count; i++) chosen.add(pick(rng, source));
	return `${text} ${[...chosen].join('')}`;
}

/** A catchphrase as its own closing sentence (or, for interjections like "KAPOW", sometimes first). */
export function withCatchphrase(text: string, catchphrase: string, exclaim: boolean, rng: Rng): string {
	if (text.toLowerCase().includes(catchphrase.toLowerCase())) return text;
	const ended = /[.!?…]$/.test(catchphrase) ? catchphrase : `${catchphrase}${exclaim ? '!' : '.'}`;
	// Capitalised as a new sentence, unless it is stylised ("a e s t h e t i c").
	const closing = /^\p{L}{2,}/u.test(ended) ? capitalise(ended) : ended;
	const interjection = /^[\p{Lu}\p{N}\s!]+$/u.test(catchphrase) && catchphrase.split(' ').length <= 2;
	if (interjection && chance(rng, 0.4)) return `${closing} ${text}`;
	return `${text} ${closing}`;
}

/** The final pass every composed text goes through. */
export function finish(text: string, dna: PersonaDna, maxChars: number): string {
	let out = applyVoiceRules(text.replace(/[ \t]{2,}/g, ' ').replace(/ ([,.!?…])/g, '$1'), dna);
	if (out.length > maxChars) {
		const cut = truncateText(out, maxChars - 1); // never inside an emoji or a flag
		const end = Math.max(cut.lastIndexOf('. '), cut.lastIndexOf('! '), cut.lastIndexOf('? '), cut.lastIndexOf('\n'));
		out = end > maxChars * 0.5 ? cut.slice(0, end + 1) : `${cut.slice(0, cut.lastIndexOf(' '))}…`;
	}
	return out.trim();
}
