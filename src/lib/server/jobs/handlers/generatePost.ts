import { z } from 'zod';
import { defineJob } from '../registry.ts';
import { PermanentJobError, SnoozeJobError } from '../errors.ts';
import { prismaQueryable } from '../types.ts';
import { LeaseLostError } from '../claim.ts';
import { BotUnavailableError } from '../../ai/publish.ts';
import { GenerationError } from '../../ai/generate-post.ts';
import { publishBotPost } from '../../posting.ts';
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

/** What an agent meant the post to be about (agent/act.ts writes it; ai/types.ts PostIntent). */
export const postIntentSchema = z.object({
	topic: z.string().trim().max(120).nullable().default(null),
	note: z.string().trim().max(500).nullable().default(null),
	insights: z.array(z.string().trim().min(1).max(500)).max(3).default([]),
	/** The BOT_CYCLE that decided it (agent_cycles.key), for the Mind page. */
	cycleKey: z.string().max(64).optional(),
	/** The generation seed the cycle chose (not the job id: reproducible runs). */
	seed: z.string().max(200).optional()
});

export const generatePostJob = defineJob({
	type: 'GENERATE_POST',
	// postType: optional, e.g. an admin asking for a video post now; otherwise the bot decides.
	// intent: set when an agent's cycle decided to post (topic, why, its reflections).
	payload: z.object({ botId: z.string().min(1).max(64), postType: z.enum(POST_TYPES).optional(), intent: postIntentSchema.optional() }),
	// Before anything is spent: over the bot's (or everyone's) budget, or a provider every post
	// needs is paused, the job waits (attempt given back) with the reason on it.
	gates: [budgetGate(), async (_payload, { db }) => providersWait(breakerBoardFor(db.pool), getProviders())],
	async handler({ botId, postType, intent }, { db, job, signal, completeInTransaction }) {
		const providers = guardProviders(getProviders(), breakerBoardFor(db.pool));
		try {
			// Writes the post and the bot's next slot in one transaction (see publish.ts).
			// …and completes this job in that same transaction, so a post and its job's success
			// commit together: an attempt that lost its lease meanwhile writes nothing.
			await publishBotPost(db, botId, {
				jobId: job.id,
				signal,
				postType,
				providers,
				intent: intent ? { topic: intent.topic, note: intent.note, insights: intent.insights, seed: intent.seed ?? null } : null,
				inTransaction: (tx) => completeInTransaction(prismaQueryable(tx))
			});
		} catch (error) {
			// A provider it needs was paused meanwhile: wait for it without spending the attempt.
			const paused = pausedFor(error);
			if (paused) throw new SnoozeJobError(paused.ms, paused.reason);
			// Another attempt owns the job now: what happens to the bot's slot is its business.
			if (error instanceof LeaseLostError) throw error;
			const lastAttempt = job.attempts >= job.maxAttempts;
			const permanent = error instanceof BotUnavailableError || (error instanceof GenerationError && !error.retryable);
			// Giving up on this post: move a timer bot's slot on (see skipToNextSlot). An agent bot
			// has no slot: its next cycle decides again.
			if ((lastAttempt || permanent) && !intent) await skipToNextSlot(db.prisma, botId).catch(() => {});
			if (permanent) throw new PermanentJobError(error instanceof Error ? error.message : String(error), { cause: error });
			throw error;
		}
	}
});
