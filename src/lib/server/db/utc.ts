// Sessions in UTC, whatever the server, the database, the role or DATABASE_URL say (see below).

/**
 * `url` with `-c TimeZone=UTC` appended to its startup `options` (after any the URL carries, so
 * it wins). Startup options override the server's, the database's and the role's TimeZone
 * setting, so every `now()`, `date_trunc('day', …)` and column default of a session means UTC
 * whatever the server is configured with. (A `options` given to node-postgres beside the URL
 * would not do: the URL's own `options` replace it.)
 */
export function utcConnectionString(url: string): string {
	let u: URL;
	try {
		u = new URL(url);
	} catch {
		return url; // not a URL (e.g. a key=value string): left as it is
	}
	const existing = u.searchParams.get('options');
	u.searchParams.set('options', [existing, '-c TimeZone=UTC'].filter(Boolean).join(' '));
	return u.toString();
}
