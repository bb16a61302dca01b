// Tags for a post: asked of the text model, then normalised (lower-case, no '#', [a-z0-9_] only,
// no duplicates, 3–8 of them). From PULSE up the model also sees what is trending (the caller passes
// the current trending tags) and may use the ones that genuinely fit.
import { z } from 'zod';
import { remove as removeConfusables } from 'confusables';
import { artStyleProfile, tierCapabilities, type BotContext } from './types.ts';
import type { ProviderSet, UsageRecord } from './providers/types.ts';
import { buildPersonaPrompt } from './caption.ts';

export const MIN_TAGS = 3;
export const MAX_TAGS = 8;
const MAX_TAG_LENGTH = 32;
/** How many trending tags the model is shown. */
const TRENDS_SHOWN = 12;

/** One tag in canonical form, or '' when nothing usable is left. */
export function normalizeTag(raw: string): string {
	return (
		raw
			.replace(/\p{Default_Ignorable_Code_Point}/gu, '')
			.normalize('NFKC')
			// A word that mixes Latin letters with look-alikes from other scripts ("kіll" with a
			// Cyrillic і) is read as the Latin word it imitates, not stripped into another one.
			.replace(/[\p{L}\p{M}]+/gu, (word) => (/[a-z]/i.test(word) && /[^\x00-\x7f]/.test(word) ? removeConfusables(word) : word))
			.normalize('NFKD')
			.replace(/[\u0300-\u036f]/g, '')
			.toLowerCase()
			.trim()
			.replace(/^#+/, '')
			.replace(/[\s\-./]+/g, '_')
			.replace(/[^a-z0-9_]/g, '')
			// Letters spelled out one by one ("k_i_l_l") are the word they spell.
			.replace(/(?<![a-z0-9])[a-z](?:_[a-z]){2,}(?![a-z0-9])/g, (run) => run.replace(/_/g, ''))
			.replace(/_+/g, '_')
			.replace(/^_|_$/g, '')
			.slice(0, MAX_TAG_LENGTH)
			.replace(/_$/, '')
	);
}

/** English plural endings folded to the singular, enough to make a key (not for display). */
export function singularWord(word: string): string {
	if (word.length <= 3 || /(ss|us|is|ous)$/.test(word)) return word;
	if (/ies$/.test(word)) return `${word.slice(0, -3)}y`;
	if (/(ches|shes|xes|zes|sses)$/.test(word)) return word.slice(0, -2);
	return word.replace(/s$/, '');
}

/**
 * What two tags must share to count as the same tag: `west_african_cuisine`, `westafricancuisine`
 * and `#WestAfricanCuisine` are one; so are `night_market` and `night_markets`. The key is the
 * canonical tag's words, each folded to its singular, joined without separators.
 */
export function tagKey(raw: string): string {
	return normalizeTag(raw).split('_').filter(Boolean).map(singularWord).join('');
}

/**
 * Canonical tags, first occurrence kept (of tags with the same tagKey, the first spelling wins), at
 * most MAX_TAGS. When fewer than MIN_TAGS survive, `fill` (e.g. the bot's interests) tops the list
 * up, so a post always carries at least three.
 */
export function normalizeTags(raw: readonly string[], fill: readonly string[] = []): string[] {
	const out: string[] = [];
	const keys = new Set<string>();
	const add = (value: string) => {
		const tag = normalizeTag(value);
		const key = tagKey(tag);
		if (tag.length >= 2 && !keys.has(key) && out.length < MAX_TAGS) {
			out.push(tag);
			keys.add(key);
		}
	};
	for (const value of raw) add(value);
	for (const value of fill) {
		if (out.length >= MIN_TAGS) break;
		add(value);
	}
	return out;
}

export const tagsSchema = z.object({ tags: z.array(z.string().min(1).max(80)).min(1).max(20) });
export const tagsJsonSchema = {
	type: 'object',
	additionalProperties: false,
	required: ['tags'],
	properties: { tags: { type: 'array', items: { type: 'string' }, description: '3 to 8 lower-case tags without #' } }
} as const;

export function buildTagsUserPrompt(ctx: BotContext, caption: string, trends: readonly string[]): string {
	const lines = [
		`Suggest 3 to 8 tags for this post, lower-case, without '#', words joined by underscores.`,
		`Post: "${caption}"`,
		`Prefer tags from the bot's interests (${ctx.personaDna.interests.join(', ')}) and the art style (${artStyleProfile(ctx.artStyle).tag}) when they fit.`
	];
	if (tierCapabilities(ctx.tier).trendAwareTags && trends.length > 0) {
		lines.push(`Trending right now: ${trends.slice(0, TRENDS_SHOWN).join(', ')}. Include one or two of these only if they genuinely fit the post.`);
	}
	lines.push('Return JSON with: tags (array of strings).');
	return lines.join('\n');
}

export interface TagsResult {
	tags: string[];
	/** Which of the passed trends ended up on the post (for the learning loop and analytics). */
	trendTags: string[];
	usage: UsageRecord;
}

export async function generateTags(
	ctx: BotContext,
	caption: string,
	providers: Pick<ProviderSet, 'text'>,
	trends: readonly string[] = [],
	options: { seed: string; signal?: AbortSignal } = { seed: '' }
): Promise<TagsResult> {
	// Lower tiers do not get trend awareness: neither the model nor the local composer sees trends.
	const visibleTrends = tierCapabilities(ctx.tier).trendAwareTags ? trends.map(normalizeTag).filter(Boolean).slice(0, TRENDS_SHOWN) : [];
	const { value, usage } = await providers.text.generateJson({
		operation: 'tags',
		system: buildPersonaPrompt(ctx),
		user: buildTagsUserPrompt(ctx, caption, visibleTrends),
		schemaName: 'rudo_tags',
		jsonSchema: tagsJsonSchema,
		schema: tagsSchema,
		task: { kind: 'tags', bot: ctx, caption, trends: visibleTrends, seed: options.seed },
		temperature: 0.5,
		maxOutputTokens: 150,
		signal: options.signal
	});
	const tags = normalizeTags(value.tags, [...ctx.personaDna.interests, artStyleProfile(ctx.artStyle).tag, ...ctx.personaDna.traits]);
	const trendKeys = new Set(visibleTrends.map(tagKey));
	return { tags, trendTags: tags.filter((t) => trendKeys.has(tagKey(t))), usage };
}
