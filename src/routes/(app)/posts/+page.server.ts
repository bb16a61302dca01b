import { callerFor } from '$lib/server/trpc/caller';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => ({ feed: await callerFor(event).posts.feed({ limit: 30 }) });
