import { z } from 'zod';
import { defineJob } from '../registry.ts';
import { PermanentJobError } from '../errors.ts';
import { prismaQueryable } from '../types.ts';
import { LeaseLostError } from '../claim.ts';
import { BotUnavailableError, generateAndPublish } from '../../ai/publish.ts';
import { GenerationError } from '../../ai/generate-post.ts';
import { skipToNextSlot } from '../../scheduler.ts';
import { POST_TYPES } from '../../../schemas/enums.ts';

export const generatePostJob = defineJob({
	type: 'GENERATE_POST',
	// postType: optional, e.g. an admin asking for a video post now; otherwise the bot decides.
	payload: z.object({ botId: z.string().min(1).max(64), postType: z.enum(POST_TYPES).optional() }),
	async handler({ botId, postType }, { db, job, signal, completeInTransaction }) {
		try {
			// Writes the post and the bot's next slot in one transaction (see publish.ts).
			// …and completes this job in that same transaction, so a post and its job's success
			// commit together: an attempt that lost its lease meanwhile writes nothing.
			await generateAndPublish(db, botId, { jobId: job.id, signal, postType, inTransaction: (tx) => completeInTransaction(prismaQueryable(tx)) });
		} catch (error) {
			// Another attempt owns the job now: what happens to the bot's slot is its business.
			if (error instanceof LeaseLostError) throw error;
			const lastAttempt = job.attempts >= job.maxAttempts;
			const permanent = error instanceof BotUnavailableError || (error instanceof GenerationError && !error.retryable);
			// Giving up on this post: move the bot's slot on (see skipToNextSlot).
			if (lastAttempt || permanent) await skipToNextSlot(db.prisma, botId).catch(() => {});
			if (permanent) throw new PermanentJobError(error instanceof Error ? error.message : String(error), { cause: error });
			throw error;
		}
	}
});
