// A bot's mind (agent/mind.ts): thin procedures, scoped like bots (owner or admin; someone else's
// bot is "not found").
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { getBot, BotNotFoundError } from '../../bots/index.ts';
import { listCycles, listMemories, listReflections, MemorySearchUnavailableError, mindSummary } from '../../agent/mind.ts';
import { botId } from '../../../schemas/bot.ts';
import { MEMORY_KINDS } from '../../../schemas/enums.ts';
import { safeString } from '../../../schemas/safe-string.ts';
import { authedProcedure, router } from '../init.ts';
import type { Db } from '../../db/client.ts';
import type { SessionUser } from '../../auth/session.ts';

async function scoped<T>(ctx: { db: Db; user: SessionUser }, id: string, run: () => Promise<T>): Promise<T> {
	try {
		await getBot(ctx.db, ctx.user, id);
	} catch (error) {
		if (error instanceof BotNotFoundError) throw new TRPCError({ code: 'NOT_FOUND', message: error.message });
		throw error;
	}
	return run();
}

export const agentRouter = router({
	/** The day's figures, the first page of cycles and the reflections. */
	mind: authedProcedure.input(z.object({ botId })).query(({ ctx, input }) =>
		scoped(ctx, input.botId, async () => {
			const [summary, cycles, reflections] = await Promise.all([mindSummary(ctx.db, input.botId), listCycles(ctx.db, input.botId, { limit: 20 }), listReflections(ctx.db, input.botId)]);
			return { summary, cycles, reflections };
		})
	),

	cycles: authedProcedure
		.input(z.object({ botId, cursor: safeString().max(64).optional(), limit: z.number().int().min(1).max(100).default(20) }))
		.query(({ ctx, input }) => scoped(ctx, input.botId, () => listCycles(ctx.db, input.botId, { limit: input.limit, cursor: input.cursor }))),

	/** Newest memories, or the ones retrieval ranks highest for `search` (score parts included). */
	memories: authedProcedure
		.input(z.object({ botId, search: safeString().trim().max(200).optional(), kind: z.enum(MEMORY_KINDS).optional(), limit: z.number().int().min(1).max(100).default(30) }))
		.query(({ ctx, input }) =>
			scoped(ctx, input.botId, async () => {
				try {
					return await listMemories(ctx.db, input.botId, { search: input.search, kind: input.kind, limit: input.limit });
				} catch (error) {
					// Over budget or the embedding model paused: say so and when it may work again.
					if (error instanceof MemorySearchUnavailableError) throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: error.message, cause: error });
					throw error;
				}
			})
		)
});
