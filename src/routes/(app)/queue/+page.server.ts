import { adminCaller } from './admin-caller';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => ({ stats: await adminCaller(event).queue.stats() });
