import { z } from 'zod';
import { defineJob } from '../registry.ts';
import { PermanentJobError } from '../errors.ts';
import { prismaQueryable } from '../types.ts';
import { reflect } from '../../agent/reflection.ts';
import { AgentUnavailableError } from '../../agent/cycle.ts';

/** Reflection: questions, then cited insights, stored as memories (agent/reflection.ts). */
export const botReflectJob = defineJob({
	type: 'BOT_REFLECT',
	payload: z.object({ botId: z.string().min(1).max(64) }),
	async handler({ botId }, { db, job, signal, completeInTransaction }) {
		try {
			return await reflect(db, botId, { jobId: job.id, signal, inTransaction: (tx) => completeInTransaction(prismaQueryable(tx)) });
		} catch (error) {
			if (error instanceof AgentUnavailableError) throw new PermanentJobError(error.message, { cause: error });
			throw error;
		}
	}
});
