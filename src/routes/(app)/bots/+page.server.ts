import { redirect } from '@sveltejs/kit';
import { botListFiltersFromQuery, botListPageFromQuery } from '$lib/schemas/bot';
import { callerFor } from '$lib/server/trpc/caller';
import type { PageServerLoad } from './$types';

// Filters and the page live in the URL (?q=&tier=&style=&scheduling=&archived=&page=) so a
// filtered list can be bookmarked, shared and reloaded; invalid values are dropped rather than
// failing the page. A page past the end (a stale link, or bots deleted meanwhile) redirects to
// the last page, so the URL never claims a page that is not shown.
export const load: PageServerLoad = async (event) => {
	const filters = botListFiltersFromQuery(event.url.searchParams);
	const page = botListPageFromQuery(event.url.searchParams);
	const result = await callerFor(event).bots.page({ ...filters, page });
	if (page > result.pageCount) {
		const url = new URL(event.url);
		if (result.pageCount > 1) url.searchParams.set('page', String(result.pageCount));
		else url.searchParams.delete('page');
		redirect(307, `${url.pathname}${url.search}`);
	}
	return { filters, ...result };
};
