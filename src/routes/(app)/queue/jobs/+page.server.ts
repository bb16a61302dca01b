import { jobListQueryFromUrl, JOB_PAGE_SIZE } from '$lib/client/job-list-url';
import { adminCaller, orHttpError } from '../admin-caller';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const caller = adminCaller(event);
	const query = jobListQueryFromUrl(event.url.searchParams);
	const [list, bots] = await orHttpError(Promise.all([caller.queue.list({ ...query, pageSize: JOB_PAGE_SIZE }), caller.queue.bots()]));
	return { query, list, bots };
};
