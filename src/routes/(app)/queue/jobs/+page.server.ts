import { jobListQueryFromUrl, JOB_PAGE_SIZE, unusablePosition } from '$lib/client/job-list-url';
import { adminCaller, orHttpError } from '../admin-caller';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const caller = adminCaller(event);
	let query = jobListQueryFromUrl(event.url.searchParams);
	// A stale or garbled page position falls back to the first page, with a note saying why.
	const unusable = unusablePosition(event.url.searchParams);
	let positionNote: string | null = unusable ? `${unusable}: showing the first page.` : null;
	let [list, bots] = await orHttpError(Promise.all([caller.queue.list({ ...query, pageSize: JOB_PAGE_SIZE }), caller.queue.bots()]));
	if (query.cursor && list.rows.length === 0 && list.total.count > 0) {
		// The page's jobs were pruned, or the link is from a list that has since moved on.
		query = { ...query, cursor: undefined };
		list = await orHttpError(caller.queue.list({ ...query, pageSize: JOB_PAGE_SIZE }));
		positionNote = 'That page has no jobs any more (they were pruned or the list moved on): showing the first page.';
	}
	return { query, list, bots, positionNote };
};
