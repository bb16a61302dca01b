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

export function plural(n: number, one: string, many = `${one}s`): string {
	return `${n} ${n === 1 ? one : many}`;
}

export function relativeTime(date: Date, now = Date.now()): string {
	const seconds = Math.round((date.getTime() - now) / 1000);
	const rtf = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
	const abs = Math.abs(seconds);
	if (abs < 45) return rtf.format(seconds, 'second');
	if (abs < 2700) return rtf.format(Math.round(seconds / 60), 'minute');
	if (abs < 79200) return rtf.format(Math.round(seconds / 3600), 'hour');
	return rtf.format(Math.round(seconds / 86400), 'day');
}

export function absoluteTime(date: Date): string {
	return date.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'medium' });
}

export function clockTime(date: Date): string {
	return date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
}
