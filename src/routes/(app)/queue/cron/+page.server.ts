import { adminCaller } from '../admin-caller';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => ({ cron: await adminCaller(event).ops.cron() });
