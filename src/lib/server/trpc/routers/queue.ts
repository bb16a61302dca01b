// Admin queue operations: thin over lib/server/jobs. Every procedure is admin-only.
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { countJobsByStatusAndType } from '../../queue-counts.ts';
import { bulkCancel, bulkRetry, cancelJobs, countMatching, describeCancel, describeRetry, jobFilterSchema, pruneJobs, retryJobs, RETRY_SKIP_REASONS } from '../../jobs/admin.ts';
import { getJobDetail, jobIdSchema } from '../../jobs/detail.ts';
import { actOnSelected, MAX_SELECTED, SELECTED_ACTIONS } from '../../jobs/selected.ts';
import { jobListInputSchema, listJobBots, listJobs } from '../../jobs/list.ts';
import { queueHealth } from '../../jobs/health.ts';
import { STATS_WINDOWS } from '../../jobs/stats.ts';
import { runCronTick } from '../../jobs/cron.ts';
import { processJobs } from '../../jobs/process.ts';
import { defaultRegistry } from '../../jobs/index.ts';
import { enqueueScheduledBots } from '../../scheduler.ts';
import { queueSettings } from '../../jobs/settings.ts';
import { batchHooks } from '../../metrics/job-attempts.ts';
import { adminProcedure, router } from '../init.ts';
import { BATCH_SIZE_DEFAULT, batchSizeSchema } from '../../../schemas/batch.ts';

// Enough for a bulk selection of a few pages, small enough to keep one statement cheap.
const jobIds = z.object({ ids: z.array(jobIdSchema).min(1).max(MAX_SELECTED) });
// The same rule (and message) as the Queue health form's batch size field.
const batchLimit = z.object({ limit: batchSizeSchema.default(BATCH_SIZE_DEFAULT) }).default({ limit: BATCH_SIZE_DEFAULT });

/** The requested ids that were neither changed nor skipped with a reason (they had moved on). */
function untouched(ids: string[], ...accounted: string[][]) {
	const set = new Set(accounted.flat().map((id) => id.toLowerCase()));
	return ids.filter((id) => !set.has(id.toLowerCase()));
}

export const queueRouter = router({
	/** Kept for existing callers; `stats` is the dashboard's superset. */
	counts: adminProcedure.query(({ ctx }) => countJobsByStatusAndType(ctx.db)),

	stats: adminProcedure
		.input(z.object({ window: z.enum(STATS_WINDOWS).default('1h') }).default({ window: '1h' }))
		.query(({ ctx, input }) => queueHealth(ctx.db.pool, { window: input.window })),

	list: adminProcedure.input(jobListInputSchema.default({ filter: {}, pageSize: 25, sort: 'created-desc' })).query(({ ctx, input }) => listJobs(ctx.db.pool, input)),

	/** Bots that have jobs: the options of the list's bot filter. */
	bots: adminProcedure.query(({ ctx }) => listJobBots(ctx.db.pool)),

	detail: adminProcedure.input(z.object({ id: jobIdSchema })).query(async ({ ctx, input }) => {
		const job = await getJobDetail(ctx.db.pool, input.id);
		if (!job) throw new TRPCError({ code: 'NOT_FOUND', message: 'No job with this id.' });
		return job;
	}),

	/** Retries what it can; skips (with a reason) what would make a second pending job. */
	retry: adminProcedure.input(jobIds).mutation(async ({ ctx, input }) => {
		const result = await retryJobs(ctx.db.pool, input.ids);
		return {
			retried: result.retried,
			skipped: result.skipped.map((s) => ({ ...s, text: RETRY_SKIP_REASONS[s.reason] })),
			unchanged: untouched(input.ids, result.retried, result.skipped.map((s) => s.id)),
			message: describeRetry(result)
		};
	}),

	/** Cancels QUEUED/RETRY jobs; a cancelled post job moves its bot's due slot on. */
	cancel: adminProcedure.input(jobIds).mutation(async ({ ctx, input }) => {
		const result = await cancelJobs(ctx.db, input.ids, `Cancelled by ${ctx.user.name}`);
		return { ...result, unchanged: untouched(input.ids, result.cancelled), message: describeCancel(result) };
	}),

	/** Retry or cancel the rows ticked on the jobs list; every id is reported changed, skipped (why) or unchanged. */
	actOnSelected: adminProcedure
		.input(z.object({ action: z.enum(SELECTED_ACTIONS), ids: z.array(jobIdSchema).min(1, 'Select at least one job.').max(MAX_SELECTED, `Select at most ${MAX_SELECTED} jobs at once.`) }))
		.mutation(({ ctx, input }) => actOnSelected(ctx.db, input.action, input.ids, `Cancelled by ${ctx.user.name}`)),

	bulkCount: adminProcedure
		.input(z.object({ filter: jobFilterSchema, action: z.enum(['retry', 'cancel']) }))
		.query(async ({ ctx, input }) => ({ count: await countMatching(ctx.db.pool, input.filter, input.action) })),

	bulkRetry: adminProcedure.input(z.object({ filter: jobFilterSchema })).mutation(async ({ ctx, input }) => {
		const result = await bulkRetry(ctx.db.pool, input.filter);
		return { changed: result.retried.length, skipped: result.skipped.length, message: describeRetry(result) };
	}),

	bulkCancel: adminProcedure.input(z.object({ filter: jobFilterSchema })).mutation(async ({ ctx, input }) => {
		const result = await bulkCancel(ctx.db, input.filter, `Cancelled by ${ctx.user.name}`);
		return { changed: result.cancelled.length, skipped: 0, message: describeCancel(result) };
	}),

	prune: adminProcedure
		.input(z.object({ olderThanDays: z.number().min(0).max(3650) }))
		.mutation(async ({ ctx, input }) => ({ deleted: await pruneJobs(ctx.db.pool, input.olderThanDays) })),

	/** What the cron route's enqueue step returns: { processed, enqueued, skipped }. */
	runScheduler: adminProcedure.mutation(({ ctx }) => enqueueScheduledBots(ctx.db)),

	/** What the worker route returns: { processed, succeeded, failed, errors }. Runs in this request. */
	processBatch: adminProcedure.input(batchLimit).mutation(({ ctx, input }) => processJobs(ctx.db, defaultRegistry(), { limit: input.limit, leaseMs: queueSettings().leaseMs, ...batchHooks('queue-page') })),

	/** The whole cron tick: rescue, enqueue, process. */
	runCron: adminProcedure.input(batchLimit).mutation(({ ctx, input }) => runCronTick(ctx.db, defaultRegistry(), { limit: input.limit, leaseMs: queueSettings().leaseMs, source: 'admin', ...batchHooks('queue-page') }))
});
