// Where to go after signing in (?next=…). Only a path on this app's own origin is accepted, and
// the decision is made the way a browser would make it: by resolving `next` against the app's
// origin with the WHATWG URL parser. Prefix checks on the raw string are not enough: browsers
// treat "\" like "/", drop tabs and line breaks, and resolve "//host", "/\host", "/%5Chost"
// (once decoded by a proxy), "https:host" and friends to another site.

/**
 * `next` as a same-origin path ("/bots?tier=NOVA#x"), or `fallback` when it is missing, malformed
 * or would leave `origin` (e.g. "https://rudo.example"). The result is re-serialised from the
 * parsed URL, so what the Location header says is exactly what was judged.
 */
export function safeNextPath(next: string | null | undefined, origin: string, fallback = '/'): string {
	if (!next || next.length > 2000) return fallback;
	// A relative path only: absolute URLs, scheme-relative ones and backslash tricks are refused
	// outright, whatever they would resolve to.
	if (!next.startsWith('/') || /^[/\\]{2}|^\/[\\\t\n\r]|[\u0000-\u001F\u007F]/.test(next)) return fallback;
	let url: URL;
	try {
		url = new URL(next, origin);
	} catch {
		return fallback;
	}
	if (url.origin !== new URL(origin).origin) return fallback;
	const path = `${url.pathname}${url.search}${url.hash}`;
	// The serialised path must itself read as a path on this origin, even to a lenient parser.
	if (!path.startsWith('/') || /^[/\\]{2}/.test(path) || /^\/%5c/i.test(path) || /^\/%2f/i.test(path)) return fallback;
	return path;
}
