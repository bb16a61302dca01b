// Operations: thin procedures over $lib/server/ops. Admins pause and resume work, see workers,
// resume paused providers, set budgets and retention, read the cron record, start and replay
// jobs. A bot's own budget is also its creator's to set (within the admins' maximum).
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { adminProcedure, authedProcedure, router } from '../init.ts';
import { safeString } from '../../../schemas/safe-string.ts';
import { botId } from '../../../schemas/bot.ts';
import { JOB_TYPE_PATTERN } from '../../jobs/types.ts';
import { jobIdSchema } from '../../jobs/detail.ts';
import { defaultRegistry } from '../../jobs/index.ts';
import { InvalidJobPayloadError } from '../../jobs/enqueue.ts';
import { ALL_JOBS, InvalidPauseScopeError, listPauses, pauseJobs, resumeJobs } from '../../ops/pause.ts';
import { listWorkers } from '../../ops/workers.ts';
import { breakerBoardFor, listBreakers } from '../../ops/breakers.ts';
import { botBudgetStatus, BudgetTooHighError, setBotBudget } from '../../ops/budgets.ts';
import { getSettings, setSetting } from '../../ops/settings.ts';
import { pruneFinishedJobs } from '../../ops/retention.ts';
import { cronView } from '../../ops/cron-view.ts';
import { NotReplayableError, replayJob, triggerableTypes, triggerJob, UnknownJobTypeError } from '../../ops/trigger.ts';
import { env } from '../../env.ts';
import type { Context } from '../context.ts';
import type { SessionUser } from '../../auth/session.ts';

const scope = z.union([z.literal(ALL_JOBS), z.string().regex(JOB_TYPE_PATTERN, 'Not a job type')]);

function badRequest(error: unknown): never {
	if (error instanceof InvalidPauseScopeError || error instanceof InvalidJobPayloadError || error instanceof UnknownJobTypeError || error instanceof NotReplayableError || error instanceof BudgetTooHighError) {
		throw new TRPCError({ code: 'BAD_REQUEST', message: error.message, cause: error });
	}
	throw error;
}

/** The caller may see (and set) this bot's budget: its owner or an admin. Same answer for "no such bot". */
async function assertBotAccess(ctx: Context & { user: SessionUser }, id: string): Promise<void> {
	const bot = await ctx.db.prisma.bot.findFirst({ where: { id, ...(ctx.user.role === 'ADMIN' ? {} : { ownerId: ctx.user.id }) }, select: { id: true } });
	if (!bot) throw new TRPCError({ code: 'NOT_FOUND', message: 'Bot not found.' });
}

const settingsInput = z.object({
	maxBotDailyUsd: z.number().min(0).max(10_000).optional(),
	globalDailyUsd: z.number().min(0).max(1_000_000).nullable().optional(),
	retentionDays: z.number().min(0.01).max(3650).optional(),
	// The agent loop's and the consumer app's history (their limits: ops/settings.ts).
	agentCycleDays: z.number().min(1).max(3650).optional(),
	memoryDays: z.number().min(7).max(3650).optional(),
	engagementEventDays: z.number().min(31).max(3650).optional()
});

export const opsRouter = router({
	pauses: adminProcedure.query(({ ctx }) => listPauses(ctx.db.pool)),

	/** Pause everything ("*") or one job type: every claimer skips it until it is resumed. */
	pause: adminProcedure
		.input(z.object({ scope, reason: safeString().trim().max(200).optional() }))
		.mutation(({ ctx, input }) => pauseJobs(ctx.db.pool, input.scope, ctx.user.name, input.reason || null).catch(badRequest)),

	resume: adminProcedure.input(z.object({ scope })).mutation(async ({ ctx, input }) => ({ resumed: await resumeJobs(ctx.db.pool, input.scope).catch(badRequest) })),

	workers: adminProcedure.query(({ ctx }) => listWorkers(ctx.db.pool)),

	breakers: adminProcedure.query(({ ctx }) => listBreakers(ctx.db.pool)),

	resumeProvider: adminProcedure
		.input(z.object({ provider: safeString().min(1).max(100), model: safeString().min(1).max(200) }))
		.mutation(async ({ ctx, input }) => ({ resumed: await breakerBoardFor(ctx.db.pool).resume(input.provider, input.model, ctx.user.name) })),

	settings: adminProcedure.query(({ ctx }) => getSettings(ctx.db.pool)),

	setSettings: adminProcedure.input(settingsInput).mutation(async ({ ctx, input }) => {
		if (input.maxBotDailyUsd !== undefined) await setSetting(ctx.db.pool, 'budget.maxBotDailyUsd', input.maxBotDailyUsd, ctx.user.name);
		if (input.globalDailyUsd !== undefined) await setSetting(ctx.db.pool, 'budget.globalDailyUsd', input.globalDailyUsd, ctx.user.name);
		if (input.retentionDays !== undefined) await setSetting(ctx.db.pool, 'retention.days', input.retentionDays, ctx.user.name);
		if (input.agentCycleDays !== undefined) await setSetting(ctx.db.pool, 'retention.agentCycleDays', input.agentCycleDays, ctx.user.name);
		if (input.memoryDays !== undefined) await setSetting(ctx.db.pool, 'retention.memoryDays', input.memoryDays, ctx.user.name);
		if (input.engagementEventDays !== undefined) await setSetting(ctx.db.pool, 'retention.engagementEventDays', input.engagementEventDays, ctx.user.name);
		return getSettings(ctx.db.pool);
	}),

	/** Prune finished jobs past the retention age now (those already rolled up), in batches. */
	pruneNow: adminProcedure.mutation(({ ctx }) => pruneFinishedJobs(ctx.db.pool, { batchSize: 1_000, maxBatches: 100 })),

	cron: adminProcedure.query(({ ctx }) => cronView(ctx.db.pool, env().CRON_INTERVAL_MS)),

	/** Types an admin can start by hand, each with its payload's JSON Schema for the form. */
	jobTypes: adminProcedure.query(() => triggerableTypes(defaultRegistry())),

	trigger: adminProcedure
		.input(
			z.object({
				type: z.string().regex(JOB_TYPE_PATTERN, 'Not a job type'),
				payload: z.record(z.string(), z.unknown()).default({}),
				runAt: z.date().optional(),
				priority: z.number().int().min(-1000).max(1000).optional()
			})
		)
		.mutation(({ ctx, input }) => triggerJob(ctx.db.pool, defaultRegistry(), input).catch(badRequest)),

	replay: adminProcedure.input(z.object({ id: jobIdSchema })).mutation(({ ctx, input }) => replayJob(ctx.db.pool, defaultRegistry(), input.id).catch(badRequest)),

	/** A bot's budget today: its owner and admins. */
	botBudget: authedProcedure.input(z.object({ botId })).query(async ({ ctx, input }) => {
		await assertBotAccess(ctx, input.botId);
		return (await botBudgetStatus(ctx.db.pool, input.botId))!;
	}),

	setBotBudget: authedProcedure
		.input(z.object({ botId, dailyBudgetUsd: z.number().min(0).max(10_000).nullable() }))
		.mutation(async ({ ctx, input }) => {
			await assertBotAccess(ctx, input.botId);
			await setBotBudget(ctx.db.pool, input.botId, input.dailyBudgetUsd).catch(badRequest);
			return (await botBudgetStatus(ctx.db.pool, input.botId))!;
		})
});
