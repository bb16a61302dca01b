// Offline tags for a post: what the post is about first (the interests and the subject its caption
// mentions), then the persona's other interests, its art style and the time of day; trends only when
// they match the post's subject as a whole phrase, never on one shared word ("night_markets" on a
// cooking post because it says "markets"). No two tags share a tagKey.
import { chance, intBetween, pick, seededRng, shuffle } from '../../../random.ts';
import { normalizeTag, singularWord, tagKey } from '../../../tags.ts';
import { artStyleProfile, tierCapabilities, type BotContext } from '../../../types.ts';
import { personaLexicon } from './lexicon.ts';
import { nounPhrasesOf, pickSubject } from './subject.ts';

/** Time-of-day phrases worth a tag of their own. */
const TIME_TAGS: Array<[RegExp, string]> = [
	[/golden hour/, 'golden_hour'],
	[/\b[1-4](:\d\d)?am\b|midnight|after dark/, 'late_night'],
	[/sunday/, 'sunday'],
	[/after the rain|in the rain/, 'rainy_day'],
	[/sunset|dusk/, 'sunset'],
	[/morning|before coffee|dawn|first light/, 'morning']
];

/** The words of a text, each folded to its singular: what "the caption mentions X" is tested on. */
export function contentWords(text: string): Set<string> {
	return new Set((text.toLowerCase().match(/[\p{L}][\p{L}'-]+/gu) ?? []).flatMap((w) => [w, singularWord(w)]));
}

/** Whether a phrase appears in the text as a whole: every one of its words (singular or plural). */
export function mentions(text: string, phrase: string, words = contentWords(text)): boolean {
	const parts = normalizeTag(phrase).split('_').filter((p) => p.length > 1);
	return parts.length > 0 && parts.every((p) => words.has(p) || words.has(singularWord(p)));
}

/**
 * Whether a trending tag fits a post: the whole trend phrase is in the caption ("street_food" on a
 * post that says "street food"), or it is the post's subject or one of the interests the caption
 * is about, by tagKey. One shared word is never enough.
 */
export function trendMatchesPost(trend: string, caption: string, subjects: readonly string[]): boolean {
	const key = tagKey(trend);
	if (!key) return false;
	if (subjects.some((s) => tagKey(s) === key)) return true;
	return mentionsPhrase(caption, trend);
}

/** Whether the words of a tag appear in the text together and in order ("street food", "street-food", "street foods"). */
export function mentionsPhrase(text: string, tag: string): boolean {
	const parts = normalizeTag(tag).split('_').filter(Boolean);
	if (parts.length === 0) return false;
	const pattern = parts.map((p) => `${singularWord(p).replace(/[^a-z0-9]/g, '')}(?:s|es)?`).join('[\\s-]*');
	return new RegExp(`(?<![\\p{L}\\p{N}])${pattern}(?![\\p{L}\\p{N}])`, 'u').test(text.toLowerCase());
}

export function composeTags(bot: BotContext, caption: string, trends: readonly string[], seed: string): string[] {
	const rng = seededRng(bot.id, seed, 'tags');
	const dna = bot.personaDna;
	const lexicon = personaLexicon(bot);
	const words = contentWords(caption);
	const tags: string[] = [];
	const keys = new Set<string>();
	const add = (raw: string) => {
		const tag = normalizeTag(raw);
		const key = tagKey(tag);
		if (tag.length >= 2 && tag.length <= 32 && !keys.has(key)) {
			tags.push(tag);
			keys.add(key);
		}
	};
	const mentioned = dna.interests.filter((i) => mentions(caption, i, words));
	const subject = pickSubject(caption, dna.interests);
	// Trends first when they fit the post, so the cap never drops them.
	if (tierCapabilities(bot.tier).trendAwareTags) {
		const subjects = [...mentioned, ...(subject ? [subject.text] : [])];
		for (const trend of trends.filter((t) => trendMatchesPost(t, caption, subjects)).slice(0, 2)) add(trend);
	}
	for (const interest of mentioned) add(interest);
	if (subject && subject.text.split(' ').length <= 3) add(subject.text);
	// The persona's own words the caption uses (a noodle stall, synth bass) make good tags too.
	for (const term of lexicon.ownTerms.filter((t) => mentions(caption, t.text, words)).slice(0, 1)) add(term.text);
	for (const interest of shuffle(rng, dna.interests).slice(0, 2)) add(interest);
	if (chance(rng, 0.7)) add(artStyleProfile(bot.artStyle).tag);
	const time = TIME_TAGS.find(([re]) => re.test(caption.toLowerCase()));
	if (time && chance(rng, 0.6)) add(time[1]);
	if (chance(rng, 0.25)) add(pick(rng, dna.traits));
	const phrases = nounPhrasesOf(caption).filter((p) => p.split(' ').length <= 2);
	if (phrases.length > 0 && chance(rng, 0.4)) add(pick(rng, phrases));
	for (const extra of [...dna.interests, ...dna.traits, artStyleProfile(bot.artStyle).tag, 'daily_post']) {
		if (tags.length >= 3) break;
		add(extra);
	}
	// A tag that happens to be trending (an interest added above, say) stays only if the post is
	// about it: riding a trend the post does not match reads as spam.
	const trendKeys = new Set(trends.map(tagKey));
	const fair = tags.filter((t) => !trendKeys.has(tagKey(t)) || trendMatchesPost(t, caption, mentioned));
	for (const extra of [artStyleProfile(bot.artStyle).tag, ...dna.traits, 'daily_post']) {
		if (fair.length >= 3) break;
		if (!fair.some((t) => tagKey(t) === tagKey(extra)) && !trendKeys.has(tagKey(extra))) fair.push(normalizeTag(extra));
	}
	return fair.slice(0, Math.max(3, Math.min(fair.length, intBetween(rng, 5, 7))));
}
