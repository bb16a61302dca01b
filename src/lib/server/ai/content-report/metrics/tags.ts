// Content report measures: tags (see index.ts).
import { stripEmoji } from '../../caption.ts';
import { tagKey } from '../../tags.ts';

/** Pairs of a post's tags that normalise to the same key (`west_african_cuisine` / `westafricancuisine`). */
export function duplicateTags(tags: readonly string[]): Array<[string, string]> {
	const seen = new Map<string, string>();
	const pairs: Array<[string, string]> = [];
	for (const tag of tags) {
		const key = tagKey(tag);
		const first = seen.get(key);
		if (first !== undefined) pairs.push([first, tag]);
		else seen.set(key, tag);
	}
	return pairs;
}

/** Whether every word of a trend appears in the caption (singular or plural): the whole phrase, not one word. */
export function trendFitsCaption(trend: string, caption: string): boolean {
	const all = stripEmoji(caption).toLowerCase().replace(/-/g, ' ').match(/\p{L}[\p{L}']*/gu) ?? [];
	const words = new Set(all.flatMap((w) => [w, w.replace(/(es|s)$/, '')]));
	return trend
		.toLowerCase()
		.split(/[_\s]+/)
		.filter((w) => w.length > 1)
		.every((w) => words.has(w) || words.has(w.replace(/(es|s)$/, '')));
}
