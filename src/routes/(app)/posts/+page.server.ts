import { callerFor } from '$lib/server/trpc/caller';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const caller = callerFor(event);
	const [feed, held] = await Promise.all([caller.posts.feed({ limit: 24 }), event.locals.user?.role === 'ADMIN' ? caller.posts.held() : Promise.resolve(null)]);
	return { feed, held };
};
