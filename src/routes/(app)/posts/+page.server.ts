import { callerFor } from '$lib/server/trpc/caller';
import { postListFilter } from '$lib/client/post-links';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const caller = callerFor(event);
	// ?moderation=REVIEW|REJECTED lists what moderation kept out; anything else is the published feed.
	const moderation = postListFilter(event.url.searchParams);
	const sort: 'latest' | 'top' = event.url.searchParams.get('sort') === 'top' ? 'top' : 'latest';
	const [feed, keptOut, counts] = await Promise.all([
		moderation ? Promise.resolve(null) : caller.posts.feed({ limit: 24, sort }),
		moderation ? caller.posts.keptOut({ status: moderation, limit: 24 }) : Promise.resolve(null),
		caller.posts.keptOutCounts()
	]);
	return { moderation, feed, keptOut, counts, sort };
};
