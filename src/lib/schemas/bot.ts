// A bot as creators edit it. Browser-safe: the bot editor validates with these schemas (field
// messages next to the inputs) and the tRPC router validates the same input on the server, so
// both sides agree on what a valid bot is and say so in the same words.
import { z } from 'zod';
import { safeString } from './safe-string.ts';
import { personaDnaSchema } from './persona.ts';
import { artStyleSchema, autonomyModeSchema, botTierSchema, type BotTierName } from './enums.ts';

/** Mirrors the `bots_handle_format_check` CHECK constraint in the migration. */
export const HANDLE_PATTERN = /^[a-z0-9_]{3,30}$/;
/** Mirrors `bots_posts_per_day_check` (0–48); 0 is reserved for "never" and not offered here. */
export const POSTS_PER_DAY_LIMIT = 48;

// Empty is "required", not "too short": min(1) comes first so its message is the one shown.
export const handleSchema = safeString({ error: 'Enter a handle' })
	.trim()
	.min(1, 'Enter a handle')
	.min(3, 'Use at least 3 characters')
	.max(30, 'Use at most 30 characters')
	.regex(/^[a-z0-9_]+$/, 'Use only lowercase letters, digits and underscores (a–z, 0–9, _)');

export const botInput = z.object({
	handle: handleSchema,
	name: safeString({ error: 'Enter a name' }).trim().min(1, 'Give the bot a name').max(60, 'Keep the name to 60 characters or fewer'),
	bio: safeString().trim().max(500, 'Keep the bio to 500 characters or fewer').default(''),
	personaDna: personaDnaSchema,
	tier: botTierSchema.default('SPARK'),
	artStyle: artStyleSchema.default('REALISTIC'),
	postsPerDay: z
		.number({ error: 'Enter a number of posts per day' })
		.int('Use a whole number')
		.min(1, 'Post at least once a day')
		.max(POSTS_PER_DAY_LIMIT, `No tier posts more than ${POSTS_PER_DAY_LIMIT} times a day`)
		.default(2),
	schedulingEnabled: z.boolean().default(false),
	/** scheduled (timer) or agent (decides every cycle); undefined: scheduled on create, unchanged on update. */
	autonomy: autonomyModeSchema.optional(),
	/** undefined: no crew on create, unchanged on update; null: leave the crew. */
	crewId: safeString().trim().min(1).max(64).nullable().optional()
});
export type BotInput = z.input<typeof botInput>;
export type BotData = z.output<typeof botInput>;

export const botId = safeString().trim().min(1, 'Missing bot id').max(64);

export const botUpdateInput = botInput.extend({ id: botId });
export type BotUpdateInput = z.input<typeof botUpdateInput>;

// ---------------------------------------------------------------------------------------------
// Tier caps. The numbers live with the tiers on the server (TIER_CAPABILITIES); the editor gets
// them from its load, so the browser can warn with the exact message the server would send.

export type TierPostCaps = Readonly<Record<BotTierName, number>>;

export function postsPerDayOverCapMessage(tier: BotTierName, cap: number): string {
	const label = tier.charAt(0) + tier.slice(1).toLowerCase();
	return `${label} bots post at most ${cap} time${cap === 1 ? '' : 's'} a day — lower it or pick a higher tier`;
}

/** botInput plus the tier cap on postsPerDay; for the browser, which has no server imports. */
export function botInputWithCaps(caps: TierPostCaps) {
	return botInput.superRefine((value, ctx) => {
		const cap = caps[value.tier];
		if (cap !== undefined && value.postsPerDay > cap) {
			ctx.addIssue({ code: 'custom', path: ['postsPerDay'], message: postsPerDayOverCapMessage(value.tier, cap) });
		}
	});
}

/**
 * Plain-language messages for the checks persona.ts leaves to zod's defaults ("Too small:
 * expected string to have >=1 characters"). A per-parse error map only fills messages a schema
 * did not set, so the schemas' own wording wins.
 */
export const friendlyErrors: z.core.$ZodErrorMap = (issue) => {
	if (issue.code === 'too_small' && issue.origin === 'string') {
		// An empty value is missing, not short: say it is required whatever the minimum.
		if (typeof issue.input === 'string' && issue.input.trim() === '') return 'This can’t be empty';
		return Number(issue.minimum) <= 1 ? 'This can’t be empty' : `Use at least ${issue.minimum} characters`;
	}
	if (issue.code === 'too_big' && issue.origin === 'string') return `Use at most ${issue.maximum} characters`;
	if (issue.code === 'too_small' && issue.origin === 'array') return `Add at least ${issue.minimum}`;
	if (issue.code === 'too_big' && issue.origin === 'array') return `At most ${issue.maximum} entries`;
	if (issue.code === 'invalid_value') return 'Pick one of the options';
	return undefined;
};

/** Issue paths as "personaDna.traits.2" → first message, for showing errors beside fields. */
export function fieldErrorsByPath(error: z.ZodError): Record<string, string> {
	const out: Record<string, string> = {};
	for (const issue of error.issues) {
		const key = issue.path.map(String).join('.') || '_form';
		out[key] ??= issue.message;
	}
	return out;
}

// ---------------------------------------------------------------------------------------------
// The bots list: search and filters, kept in the URL query.

export const SCHEDULING_FILTERS = ['on', 'off'] as const;
/** Archived bots are hidden unless asked for: `include` shows them too, `only` shows just them. */
export const ARCHIVED_FILTERS = ['include', 'only'] as const;

export const botListInput = z
	.object({
		search: safeString().trim().max(100).optional(),
		tier: botTierSchema.optional(),
		artStyle: artStyleSchema.optional(),
		scheduling: z.enum(SCHEDULING_FILTERS).optional(),
		archived: z.enum(ARCHIVED_FILTERS).optional()
	})
	.default({});
export type BotListInput = z.input<typeof botListInput>;

export const BOTS_PAGE_SIZE = 25;
/** Far past any real list; keeps `skip` bounded for a hand-edited URL. */
export const BOTS_MAX_PAGE = 10_000;

export const botPageInput = botListInput.unwrap().extend({
	page: z.number().int().min(1).max(BOTS_MAX_PAGE).default(1),
	pageSize: z.number().int().min(1).max(100).default(BOTS_PAGE_SIZE)
});
export type BotPageInput = z.output<typeof botPageInput>;

/** The page number in a URL query: a whole number from 1 (anything else, e.g. "abc" or "0", is page 1). */
export function botListPageFromQuery(params: URLSearchParams): number {
	const raw = params.get('page');
	if (raw === null || !/^\d{1,6}$/.test(raw)) return 1;
	return Math.min(BOTS_MAX_PAGE, Math.max(1, Number(raw)));
}

/** Reads the list filters from a URL query, dropping values that are not valid (a stale link). */
export function botListFiltersFromQuery(params: URLSearchParams): z.output<typeof botListInput> {
	const pick = <T>(schema: z.ZodType<T>, key: string): T | undefined => {
		const raw = params.get(key);
		if (raw === null || raw === '') return undefined;
		const parsed = schema.safeParse(raw);
		return parsed.success ? parsed.data : undefined;
	};
	return {
		search: pick(safeString().trim().min(1).max(100), 'q'),
		tier: pick(botTierSchema, 'tier'),
		artStyle: pick(artStyleSchema, 'style'),
		scheduling: pick(z.enum(SCHEDULING_FILTERS), 'scheduling'),
		archived: pick(z.enum(ARCHIVED_FILTERS), 'archived')
	};
}

// ---------------------------------------------------------------------------------------------
// Character reference upload.

export const REFERENCE_MAX_BYTES = 5 * 1024 * 1024;
export const REFERENCE_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export const REFERENCE_TOO_LARGE = 'The image is larger than 5 MB — pick a smaller one';
export const REFERENCE_WRONG_TYPE = 'Upload a PNG, JPEG or WebP image';

/** The browser's check before uploading; the server checks again, from the bytes themselves. */
export function referenceFileProblem(file: { size: number; type: string }): string | null {
	if (!(REFERENCE_TYPES as readonly string[]).includes(file.type)) return REFERENCE_WRONG_TYPE;
	if (file.size > REFERENCE_MAX_BYTES) return REFERENCE_TOO_LARGE;
	if (file.size === 0) return 'The file is empty';
	return null;
}

// 4 base64 characters per 3 bytes, rounded up to whole groups.
const MAX_BASE64_LENGTH = Math.ceil(REFERENCE_MAX_BYTES / 3) * 4;

export const referenceUploadInput = z.object({
	id: botId,
	file: z.object({
		name: safeString().trim().max(255).default('reference'),
		/** What the browser declares; the server trusts only what sharp reads from the bytes. */
		type: safeString().trim().max(100),
		base64: safeString()
			.min(1, 'The file is empty')
			.max(MAX_BASE64_LENGTH, REFERENCE_TOO_LARGE)
			.regex(/^[A-Za-z0-9+/]*={0,2}$/, 'The file data is not valid base64')
	})
});
export type ReferenceUploadInput = z.input<typeof referenceUploadInput>;
