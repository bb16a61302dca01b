import { z } from 'zod';
import { defineJob } from '../registry.ts';
import { CancelJobError, PermanentJobError } from '../errors.ts';
import { prismaQueryable } from '../types.ts';
import { AgentOffError, AgentUnavailableError, runCycle } from '../../agent/cycle.ts';
import { getProviders } from '../../ai/providers.ts';
import { budgetGate } from '../../ops/budgets.ts';
import { breakerBoardFor, guardProviders, providersWait } from '../../ops/breakers.ts';

/** One perceive → decide → act cycle of an agent bot (agent/cycle.ts). */
export const botCycleJob = defineJob({
	type: 'BOT_CYCLE',
	payload: z.object({ botId: z.string().min(1).max(64) }),
	// One pending cycle per bot (the database checks a bot's cycle carries exactly this key).
	pendingKey: ({ botId }) => `bot-cycle:${botId}`,
	// Before anything is spent: over budget, or the models a decision needs are paused, the cycle
	// waits (attempt given back) with the reason on it.
	gates: [budgetGate(), async (_payload, { db }) => providersWait(breakerBoardFor(db.pool), getProviders(), ['text', 'embedding'])],
	async handler({ botId }, { db, job, signal, completeInTransaction }) {
		const providers = guardProviders(getProviders(), breakerBoardFor(db.pool));
		try {
			// The action, the cycle's record, its memories and this job's completion commit together;
			// the job id is the cycle's key, so a retry after a commit acts on nothing.
			return await runCycle(db, botId, { key: job.id, jobId: job.id, signal, providers, inTransaction: (tx) => completeInTransaction(prismaQueryable(tx)) });
		} catch (error) {
			if (error instanceof AgentOffError) throw new CancelJobError(error.message);
			if (error instanceof AgentUnavailableError) throw new PermanentJobError(error.message, { cause: error });
			throw error;
		}
	}
});
