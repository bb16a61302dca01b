// Where to send someone who must sign in: the sign-in page, told where they were (`next`, which
// the server checks with safeNextPath before following it) and, when a session has just ended,
// that it did (`expired=1`: the page then says "Your session ended").

/** "/login?expired=1&next=%2Fbots%3Ftier%3DNOVA" for `returnTo` "/bots?tier=NOVA" and `ended`. */
export function signInPath(returnTo: string, ended = false): string {
	const params = new URLSearchParams();
	if (ended) params.set('expired', '1');
	if (returnTo && returnTo !== '/' && !returnTo.startsWith('/login')) params.set('next', returnTo);
	const query = params.toString();
	return query ? `/login?${query}` : '/login';
}
