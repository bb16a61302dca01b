import { z } from 'zod';
import { defineJob } from '../registry.ts';
import { CancelJobError, PermanentJobError } from '../errors.ts';
import { prismaQueryable } from '../types.ts';
import { AgentOffError, AgentUnavailableError, runCycle } from '../../agent/cycle.ts';

/** One perceive → decide → act cycle of an agent bot (agent/cycle.ts). */
export const botCycleJob = defineJob({
	type: 'BOT_CYCLE',
	payload: z.object({ botId: z.string().min(1).max(64) }),
	async handler({ botId }, { db, job, signal, completeInTransaction }) {
		try {
			// The action, the cycle's record, its memories and this job's completion commit together;
			// the job id is the cycle's key, so a retry after a commit acts on nothing.
			return await runCycle(db, botId, { key: job.id, jobId: job.id, signal, inTransaction: (tx) => completeInTransaction(prismaQueryable(tx)) });
		} catch (error) {
			if (error instanceof AgentOffError) throw new CancelJobError(error.message);
			if (error instanceof AgentUnavailableError) throw new PermanentJobError(error.message, { cause: error });
			throw error;
		}
	}
});
