import { botListFiltersFromQuery } from '$lib/schemas/bot';
import { callerFor } from '$lib/server/trpc/caller';
import type { PageServerLoad } from './$types';

// Filters live in the URL (?q=&tier=&style=&scheduling=) so a filtered list can be bookmarked,
// shared and reloaded; invalid values are dropped rather than failing the page.
export const load: PageServerLoad = async (event) => {
	const filters = botListFiltersFromQuery(event.url.searchParams);
	return { filters, bots: await callerFor(event).bots.list(filters) };
};
