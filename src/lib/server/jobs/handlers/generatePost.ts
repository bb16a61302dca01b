import { z } from 'zod';
import { defineJob } from '../registry.ts';
import { PermanentJobError, SnoozeJobError } from '../errors.ts';
import { prismaQueryable } from '../types.ts';
import { LeaseLostError } from '../claim.ts';
import { BotUnavailableError, generateAndPublish } from '../../ai/publish.ts';
import { GenerationError } from '../../ai/generate-post.ts';
import { skipToNextSlot } from '../../scheduler.ts';
import { POST_TYPES } from '../../../schemas/enums.ts';
import { getProviders } from '../../ai/providers.ts';
import { ProviderError } from '../../ai/providers/types.ts';
import { VideoGenerationError } from '../../ai/video.ts';
import { budgetGate } from '../../ops/budgets.ts';
import { breakerBoardFor, guardProviders, providersWait } from '../../ops/breakers.ts';

/** How long a post must wait because a provider it needs is paused, or null. */
function pausedFor(error: unknown): { ms: number; reason: string } | null {
	for (let e = error; e; e = (e as { cause?: unknown }).cause) {
		if (e instanceof ProviderError && e.kind === 'paused') return { ms: e.retryAfterMs ?? 60_000, reason: e.message };
		if (e instanceof VideoGenerationError && e.pausedForMs !== undefined) return { ms: e.pausedForMs, reason: e.message };
		if (!(e instanceof Error)) break;
	}
	return null;
}

export const generatePostJob = defineJob({
	type: 'GENERATE_POST',
	// postType: optional, e.g. an admin asking for a video post now; otherwise the bot decides.
	payload: z.object({ botId: z.string().min(1).max(64), postType: z.enum(POST_TYPES).optional() }),
	// Before anything is spent: over the bot's (or everyone's) budget, or a provider every post
	// needs is paused, the job waits (attempt given back) with the reason on it.
	gates: [budgetGate(), async (_payload, { db }) => providersWait(breakerBoardFor(db.pool), getProviders())],
	async handler({ botId, postType }, { db, job, signal, completeInTransaction }) {
		const providers = guardProviders(getProviders(), breakerBoardFor(db.pool));
		try {
			// Writes the post and the bot's next slot in one transaction (see publish.ts).
			// …and completes this job in that same transaction, so a post and its job's success
			// commit together: an attempt that lost its lease meanwhile writes nothing.
			await generateAndPublish(db, botId, { jobId: job.id, signal, postType, providers, inTransaction: (tx) => completeInTransaction(prismaQueryable(tx)) });
		} catch (error) {
			// A provider it needs was paused meanwhile: wait for it without spending the attempt.
			const paused = pausedFor(error);
			if (paused) throw new SnoozeJobError(paused.ms, paused.reason);
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
