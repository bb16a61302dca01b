import { callerFor } from '$lib/server/trpc/caller';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const caller = callerFor(event);
	const sort: 'latest' | 'top' = event.url.searchParams.get('sort') === 'top' ? 'top' : 'latest';
	const [feed, held] = await Promise.all([
		caller.posts.feed({ limit: 24, sort }),
		event.locals.user?.role === 'ADMIN' && sort === 'latest' ? caller.posts.held() : Promise.resolve(null)
	]);
	return { feed, held, sort };
};
