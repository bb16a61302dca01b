import { error } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import { callerFor } from '$lib/server/trpc/caller';
import { tierCapabilities } from '$lib/server/ai/types';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const caller = callerFor(event);
	try {
		const [bot, options, cost, budget, activity] = await Promise.all([
			caller.bots.get({ id: event.params.id }),
			caller.bots.formOptions(),
			caller.usage.costPerDay({ botId: event.params.id, days: 14 }),
			caller.ops.botBudget({ botId: event.params.id }),
			caller.bots.activity({ id: event.params.id })
		]);
		// What the preview may ask for: video only where the tier allows it.
		const allowedTypes: ('TEXT' | 'IMAGE' | 'VIDEO')[] = tierCapabilities(bot.tier).videoAllowed ? ['TEXT', 'IMAGE', 'VIDEO'] : ['TEXT', 'IMAGE'];
		return { bot, options, cost, budget, allowedTypes, activity };
	} catch (e) {
		// Someone else's bot and a missing one look the same: a 404, never a 403.
		if (e instanceof TRPCError && (e.code === 'NOT_FOUND' || e.code === 'BAD_REQUEST')) {
			error(404, { message: 'There is no bot at this address, or it is not one of yours.', code: 'NOT_FOUND' });
		}
		throw e;
	}
};
