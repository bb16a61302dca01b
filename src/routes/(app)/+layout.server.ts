import { redirect } from '@sveltejs/kit';
import { signInPath } from '$lib/sign-in-path';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals, url }) => {
	// Read on every run, so this load runs on every navigation to another page (SvelteKit reruns a
	// load when what it read changes) and serverNow stays a fresh sample of the server's clock.
	const path = url.pathname;
	// hooks.server.ts already guards; this keeps the type non-null for every page below.
	if (!locals.user) redirect(303, signInPath(path + url.search, locals.sessionEnded));
	// The server's time, so relative times in the browser count from the same clock as the data.
	return { user: locals.user, serverNow: Date.now() };
};
