import { adminCaller, orHttpError } from '../../admin-caller';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	// The page re-runs this (invalidate) after an action and while the job is still moving.
	event.depends('queue:job');
	const job = await orHttpError(adminCaller(event).queue.detail({ id: event.params.id }), { notFound: 'No job with this id.' });
	return { job };
};
