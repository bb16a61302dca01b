import { adminCaller } from './admin-caller';
import type { PageServerLoad } from './$types';

const WINDOWS = ['1h', '24h', '7d'] as const;

export const load: PageServerLoad = async (event) => {
	const asked = event.url.searchParams.get('window');
	const window = (WINDOWS as readonly string[]).includes(asked ?? '') ? (asked as (typeof WINDOWS)[number]) : '1h';
	return { window, stats: await adminCaller(event).queue.stats({ window }) };
};
