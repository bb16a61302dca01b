import { error } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import { callerFor } from '$lib/server/trpc/caller';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	try {
		return { post: await callerFor(event).posts.get({ id: event.params.id }) };
	} catch (e) {
		if (e instanceof TRPCError && (e.code === 'NOT_FOUND' || e.code === 'BAD_REQUEST')) error(404, { message: 'There is no post at this address, or it is not one you can see.', code: 'NOT_FOUND' });
		throw e;
	}
};
