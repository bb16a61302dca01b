import { error } from '@sveltejs/kit';
import { callerFor } from '$lib/server/trpc/caller';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	if (event.locals.user?.role !== 'ADMIN') error(403, { message: 'Only admins can see the queue.' });
	return { counts: await callerFor(event).queue.counts() };
};
