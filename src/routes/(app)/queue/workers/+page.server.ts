import { adminCaller } from '../admin-caller';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => ({ workers: await adminCaller(event).ops.workers() });
