// Response headers every answer carries (the page CSP itself is SvelteKit's `kit.csp`, see
// svelte.config.js, because only SvelteKit knows the nonces of its inline scripts).

/** For answers SvelteKit gives no CSP (tRPC, media, API routes): nothing may run, nothing may frame them. */
export const NON_PAGE_CSP = "default-src 'none'; frame-ancestors 'none'";
/** One year, the usual HSTS preload minimum; sent only on https requests (RFC 6797 §7.2). */
export const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * Adds the security headers to `response` (in place) unless a route set its own:
 * - X-Content-Type-Options: nosniff; Referrer-Policy: same-origin (paths never leak to other
 *   sites); X-Frame-Options: DENY and CSP frame-ancestors 'none' (no clickjacking);
 *   Cross-Origin-Opener-Policy: same-origin; Permissions-Policy denying camera, microphone,
 *   geolocation; Strict-Transport-Security on https requests only.
 * - Cache-Control: no-store on anything without its own caching rule, so a signed-in page or
 *   data answer is never kept by the browser or a proxy (Back after logout shows the sign-in
 *   page, not the previous user's feed).
 */
export function applySecurityHeaders(response: Response, request: { https: boolean }): Response {
	const headers = response.headers;
	const set = (name: string, value: string) => {
		if (!headers.has(name)) headers.set(name, value);
	};
	try {
		set('x-content-type-options', 'nosniff');
		set('referrer-policy', 'same-origin');
		set('x-frame-options', 'DENY');
		set('cross-origin-opener-policy', 'same-origin');
		set('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=()');
		set('cache-control', 'no-store');
		if (!headers.has('content-security-policy')) set('content-security-policy', NON_PAGE_CSP);
		if (request.https) set('strict-transport-security', HSTS);
	} catch {
		// Responses from fetch() or Response.redirect() have immutable headers; they come from
		// elsewhere and are passed through as they are.
	}
	return response;
}
