import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

// An address that matches no page: answered inside the dashboard (its error page keeps the
// navigation) rather than by the bare root error page.
export const load: PageServerLoad = () => error(404, { message: 'There is no page at this address.' });
