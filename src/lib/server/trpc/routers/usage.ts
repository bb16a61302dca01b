import { z } from 'zod';
import { TRPCError } from '@trpc/server';
import { costPerDay } from '../../usage.ts';
import { safeString } from '../../../schemas/safe-string.ts';
import { authedProcedure, router } from '../init.ts';

export const usageRouter = router({
	/** Cost per UTC day and provider: one bot's (its owner or an admin), or everything (admins). */
	costPerDay: authedProcedure
		.input(z.object({ botId: safeString().trim().min(1).max(64).optional(), days: z.number().int().min(1).max(90).default(14) }))
		.query(async ({ ctx, input }) => {
			if (input.botId) {
				const bot = await ctx.db.prisma.bot.findFirst({ where: { id: input.botId, ...(ctx.user.role === 'ADMIN' ? {} : { ownerId: ctx.user.id }) }, select: { id: true } });
				if (!bot) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such bot.' });
			} else if (ctx.user.role !== 'ADMIN') {
				throw new TRPCError({ code: 'FORBIDDEN', message: 'Only admins can see the total cost.' });
			}
			return costPerDay(ctx.db, input);
		})
});
