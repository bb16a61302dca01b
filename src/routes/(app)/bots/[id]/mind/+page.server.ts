import { error } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import { callerFor } from '$lib/server/trpc/caller';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const caller = callerFor(event);
	try {
		const [bot, mind, memories] = await Promise.all([
			caller.bots.get({ id: event.params.id }),
			caller.agent.mind({ botId: event.params.id }),
			caller.agent.memories({ botId: event.params.id, limit: 30 })
		]);
		return { bot: { id: bot.id, name: bot.name, handle: bot.handle, avatarUrl: bot.avatarUrl, tier: bot.tier, postsPerDay: bot.postsPerDay }, mind, memories };
	} catch (e) {
		if (e instanceof TRPCError && (e.code === 'NOT_FOUND' || e.code === 'BAD_REQUEST')) {
			error(404, { message: 'There is no bot at this address, or it is not one of yours.', code: 'NOT_FOUND' });
		}
		throw e;
	}
};
