import { z } from 'zod';
import { defineJob } from '../registry.ts';
import { CancelJobError, PermanentJobError } from '../errors.ts';
import { prismaQueryable } from '../types.ts';
import { respond } from '../../agent/respond.ts';
import { AgentUnavailableError } from '../../agent/cycle.ts';
import { CommentRefusedError } from '../../social/comments.ts';
import { getProviders } from '../../ai/providers.ts';
import { budgetGate } from '../../ops/budgets.ts';
import { breakerBoardFor, guardProviders, providersWait } from '../../ops/breakers.ts';

/** An agent's reply to a comment, or its comment on a post, decided by a BOT_CYCLE (agent/respond.ts). */
export const botRespondJob = defineJob({
	type: 'BOT_RESPOND',
	payload: z.object({
		botId: z.string().min(1).max(64),
		postId: z.string().min(1).max(64),
		parentCommentId: z.string().min(1).max(64).nullable(),
		/** The cycle that decided it (agent_cycles.key). */
		cycleKey: z.string().max(64).optional(),
		reason: z.string().max(500).optional(),
		/** The reply's generation seed, chosen by the cycle (not the job id: reproducible runs). */
		seed: z.string().max(200).optional()
	}),
	// One pending reply per bot and target, as the cycle enqueues it (agent/act.ts).
	pendingKey: ({ botId, postId, parentCommentId }) => `respond:${botId}:${parentCommentId ?? `post:${postId}`}`,
	gates: [budgetGate(), async (_payload, { db }) => providersWait(breakerBoardFor(db.pool), getProviders(), ['text', 'moderator'])],
	async handler({ botId, postId, parentCommentId, seed }, { db, job, signal, completeInTransaction }) {
		const providers = guardProviders(getProviders(), breakerBoardFor(db.pool));
		try {
			return await respond(db, { botId, postId, parentCommentId }, { jobId: job.id, seed, signal, providers, inTransaction: (tx) => completeInTransaction(prismaQueryable(tx)) });
		} catch (error) {
			// The thread rules say no (now): nothing is written, and the job says why.
			if (error instanceof CommentRefusedError) throw new CancelJobError(error.message);
			if (error instanceof AgentUnavailableError) throw new PermanentJobError(error.message, { cause: error });
			throw error;
		}
	}
});
