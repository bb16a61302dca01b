// Text that is safe to store in PostgreSQL and to show in the dashboard, whatever produced it
// (a provider's output, an error thrown by a library, a user's input, a job payload).
//
// PostgreSQL refuses U+0000 in `text` and in `jsonb` (SQLSTATE 22021 / 22P05), and a JavaScript
// string may hold lone UTF-16 surrogates (a string cut in the middle of an emoji, say) that no
// UTF-8 encoder can write: node-postgres would silently turn them into U+FFFD. Shared by browser
// and server code, so it imports nothing.

// C0 controls other than tab, line feed and carriage return, DEL and the C1 controls: invisible,
// never meaningful in a caption or an error message, and U+0000 among them is fatal to Postgres.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
// A high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * `text` with the characters PostgreSQL or a UTF-8 encoder cannot take removed: NUL and the other
 * control characters (tab, line feed and carriage return are kept) and lone surrogates.
 * Everything a reader can see is left as it is. Idempotent.
 */
export function cleanText(text: string): string {
	return text.replace(CONTROL, '').replace(LONE_SURROGATE, '');
}

/** True when `cleanText` would change nothing. */
export function isCleanText(text: string): boolean {
	CONTROL.lastIndex = 0;
	LONE_SURROGATE.lastIndex = 0;
	return !CONTROL.test(text) && !LONE_SURROGATE.test(text);
}

let segmenter: Intl.Segmenter | undefined;

/**
 * Cleans `text` and cuts it to at most `max` UTF-16 code units (JavaScript's `length`, which is
 * what a Postgres `varchar(n)` of Latin text and our length checks count), never inside a
 * character: the cut falls on a grapheme-cluster boundary (Intl.Segmenter), so an emoji, a flag or
 * a letter with its combining accents is kept whole or dropped whole. With `ellipsis`, a cut text
 * ends in "…" (counted in `max`).
 */
export function truncateText(text: string, max: number, options: { ellipsis?: boolean } = {}): string {
	if (!(max >= 0)) throw new RangeError(`max must be ≥ 0, got ${max}`);
	const clean = cleanText(text);
	if (clean.length <= max) return clean;
	const mark = options.ellipsis && max >= 1 ? '…' : '';
	const room = max - mark.length;
	segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
	let end = 0;
	for (const { segment, index } of segmenter.segment(clean)) {
		if (index + segment.length > room) break;
		end = index + segment.length;
	}
	return clean.slice(0, end) + mark;
}

/**
 * One readable line for a list or a `lastError` column: cleaned, whitespace runs (line breaks
 * included) collapsed to one space, trimmed and cut to `max` with an ellipsis.
 */
export function oneLine(text: string, max = 500): string {
	return truncateText(cleanText(text).replace(/\s+/g, ' ').trim(), max, { ellipsis: true });
}

/**
 * A JSON-compatible value with every string in it (keys included) passed through `cleanText`, for
 * values bound for a `jsonb` column (a job payload, provider metadata). Non-plain objects are
 * returned as they are; `undefined` members are left for JSON.stringify to drop.
 */
export function cleanJson<T>(value: T): T {
	if (typeof value === 'string') return cleanText(value) as T;
	if (Array.isArray(value)) return value.map((v) => cleanJson(v)) as T;
	if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [cleanText(k), cleanJson(v)])) as T;
	}
	return value;
}
