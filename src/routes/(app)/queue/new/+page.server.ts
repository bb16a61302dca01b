import { adminCaller } from '../admin-caller';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const caller = adminCaller(event);
	const [types, bots] = await Promise.all([caller.ops.jobTypes(), caller.queue.bots()]);
	return { types, bots, preselect: event.url.searchParams.get('type') };
};
