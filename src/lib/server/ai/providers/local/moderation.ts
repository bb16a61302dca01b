// Offline moderation: word lists and phrases, each with a weight; a category's score combines its
// matches as independent evidence (1 − Π(1 − w)). Deliberately conservative: creative, comic and
// idiomatic language ("killing it", "KAPOW") stays well under the review thresholds in
// moderation.ts.
import { MODERATION_CATEGORIES, type ModerationCategory, type ModerationRequest, type ModerationResult, type Moderator } from '../types.ts';
import { LOCAL_PROVIDER, estimateTokens } from './shared.ts';

interface Rule {
	category: ModerationCategory;
	weight: number;
	pattern: RegExp;
}

// A phrase also matches run together as one word ("killyourself", "#nobodylikesyou"): how it is
// written in hashtags and tags, and what spaced-out letters read as once joined. Whole words
// only, so "selfie" in "kill your selfie stick" does not count.
const squashed = (term: string) => term.replace(/ \?/g, '').replace(/ /g, '');
const w = (category: ModerationCategory, weight: number, ...terms: string[]): Rule[] =>
	terms.map((term) => ({
		category,
		weight,
		pattern: new RegExp(term.includes(' ') ? `\\b(?:${term}|${squashed(term)})\\b` : `\\b${term}\\b`, 'i')
	}));

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

