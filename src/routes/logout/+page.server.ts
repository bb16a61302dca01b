import { redirect } from '@sveltejs/kit';
import { callerFor } from '$lib/server/trpc/caller';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	default: async (event) => {
		if (event.locals.user) await callerFor(event).auth.logout();
		redirect(303, '/login');
	}
};
