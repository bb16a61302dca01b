import { z } from 'zod';
import { defineJob } from '../registry.ts';
import { PermanentJobError } from '../errors.ts';
import { prismaQueryable } from '../types.ts';
import { reflect } from '../../agent/reflection.ts';
import { AgentUnavailableError } from '../../agent/cycle.ts';
import { getProviders } from '../../ai/providers.ts';
import { budgetGate } from '../../ops/budgets.ts';
import { breakerBoardFor, guardProviders, providersWait } from '../../ops/breakers.ts';

/** Reflection: questions, then cited insights, stored as memories (agent/reflection.ts). */
export const botReflectJob = defineJob({
	type: 'BOT_REFLECT',
	payload: z.object({ botId: z.string().min(1).max(64) }),
	// One pending reflection per bot: two at once would draw the same insights twice.
	pendingKey: ({ botId }) => `reflect:${botId}`,
	gates: [budgetGate(), async (_payload, { db }) => providersWait(breakerBoardFor(db.pool), getProviders(), ['text', 'embedding'])],
	async handler({ botId }, { db, job, signal, completeInTransaction }) {
		const providers = guardProviders(getProviders(), breakerBoardFor(db.pool));
		try {
			return await reflect(db, botId, { jobId: job.id, signal, providers, inTransaction: (tx) => completeInTransaction(prismaQueryable(tx)) });
		} catch (error) {
			if (error instanceof AgentUnavailableError) throw new PermanentJobError(error.message, { cause: error });
			throw error;
		}
	}
});
