import { adminCaller } from '../admin-caller';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => ({ settings: await adminCaller(event).ops.settings() });
