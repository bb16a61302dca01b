// Display formatting shared by the dashboard pages (pure; safe on server and in the browser).

/** 45 → "45 s", 200 → "3 min 20 s", 7500 → "2 h 5 min". */
export function formatDuration(totalSeconds: number): string {
	const s = Math.max(0, Math.round(totalSeconds));
	if (s < 60) return `${s} s`;
	const minutes = Math.floor(s / 60);
	if (minutes < 60) return s % 60 ? `${minutes} min ${s % 60} s` : `${minutes} min`;
	const hours = Math.floor(minutes / 60);
	if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
	return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

export function formatPercent(ratio: number): string {
	return `${(ratio * 100).toFixed(ratio > 0 && ratio < 0.1 ? 1 : 0)}%`;
}

/** UUIDv7s share their leading (time) digits, so the tail tells jobs apart. */
export function shortId(id: string): string {
	return id.slice(-8);
}

const pluralRules = new Intl.PluralRules('en');

/**
 * A count with its noun in the right number, by the language's plural rules (Intl.PluralRules):
 * plural(1, 'like') → "1 like", plural(0, 'like') → "0 likes", plural(2, 'reply', 'replies') →
 * "2 replies". Counts of 1,000 and more get thousands separators.
 */
export function plural(n: number, one: string, many = `${one}s`): string {
	return `${n.toLocaleString('en')} ${pluralWord(n, one, many)}`;
}

/** The word alone, for where the number is rendered apart: pluralWord(1, 'like') → "like". */
export function pluralWord(n: number, one: string, many = `${one}s`): string {
	return pluralRules.select(n) === 'one' ? one : many;
}

/**
 * `date` relative to `now` (ms since the epoch), in English: "just now" (the last 10 s), "now"
 * (the next 10 s), "42 seconds ago", "in 3 minutes", "5 hours ago", "yesterday", "in 3 days".
 * Thresholds as moment.js and date-fns use: seconds below 45 s, minutes below 45 min, hours
 * below 22 h, then days.
 */
export function relativeTime(date: Date, now = Date.now()): string {
	const seconds = Math.round((date.getTime() - now) / 1000);
	if (seconds > -10 && seconds <= 0) return 'just now';
	if (seconds > 0 && seconds < 10) return 'now';
	const rtf = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
	const abs = Math.abs(seconds);
	if (abs < 45) return rtf.format(seconds, 'second');
	if (abs < 2700) return rtf.format(Math.round(seconds / 60), 'minute');
	if (abs < 79200) return rtf.format(Math.round(seconds / 3600), 'hour');
	return rtf.format(Math.round(seconds / 86400), 'day');
}

/**
 * "30 Nov 2026, 14:05". In the reader's zone when `local` (in the browser, after hydration);
 * otherwise in UTC and saying so ("30 Nov 2026, 14:05 UTC"): the server cannot know the zone.
 */
export function absoluteTime(date: Date, local = true): string {
	return date.toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', ...(local ? {} : { timeZone: 'UTC', timeZoneName: 'short' }) });
}

export function clockTime(date: Date): string {
	return date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
}
