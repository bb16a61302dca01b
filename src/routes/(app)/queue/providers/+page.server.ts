import { adminCaller } from '../admin-caller';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => ({ breakers: await adminCaller(event).ops.breakers() });
