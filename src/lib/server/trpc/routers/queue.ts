// Admin queue operations: thin over lib/server/jobs. Every procedure is admin-only.
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { countJobsByStatusAndType } from '../../queue-counts.ts';
import { bulkCancel, bulkRetry, cancelJobs, countMatching, jobFilterSchema, pruneJobs, retryJobs } from '../../jobs/admin.ts';
import { getJobDetail, jobIdSchema, jobListInputSchema, listJobBots, listJobs, queueHealth } from '../../jobs/queries.ts';
import { runCronTick } from '../../jobs/cron.ts';
import { processJobs } from '../../jobs/process.ts';
import { defaultRegistry } from '../../jobs/index.ts';
import { enqueueScheduledBots } from '../../scheduler.ts';
import { adminProcedure, router } from '../init.ts';

// Enough for a bulk selection of one page, small enough to keep one statement cheap.
const jobIds = z.object({ ids: z.array(jobIdSchema).min(1).max(500) });
const batchLimit = z.object({ limit: z.number().int().min(1).max(100).default(10) }).default({ limit: 10 });

/** Which of the requested ids changed, so the page can say what happened to each. */
function outcome(ids: string[], changed: string[]) {
	const set = new Set(changed.map((id) => id.toLowerCase()));
	return { changed, unchanged: ids.filter((id) => !set.has(id.toLowerCase())) };
}

export const queueRouter = router({
	/** Kept for existing callers; `stats` is the dashboard's superset. */
	counts: adminProcedure.query(({ ctx }) => countJobsByStatusAndType(ctx.db)),

	stats: adminProcedure.query(({ ctx }) => queueHealth(ctx.db.pool)),

	list: adminProcedure.input(jobListInputSchema.default({ filter: {}, page: 1, pageSize: 25, sort: 'runAt-desc' })).query(({ ctx, input }) => listJobs(ctx.db.pool, input)),

	/** Bots that have jobs: the options of the list's bot filter. */
	bots: adminProcedure.query(({ ctx }) => listJobBots(ctx.db.pool)),

	detail: adminProcedure.input(z.object({ id: jobIdSchema })).query(async ({ ctx, input }) => {
		const job = await getJobDetail(ctx.db.pool, input.id);
		if (!job) throw new TRPCError({ code: 'NOT_FOUND', message: 'No job with this id.' });
		return job;
	}),

	retry: adminProcedure.input(jobIds).mutation(async ({ ctx, input }) => outcome(input.ids, await retryJobs(ctx.db.pool, input.ids))),

	cancel: adminProcedure
		.input(jobIds)
		.mutation(async ({ ctx, input }) => outcome(input.ids, await cancelJobs(ctx.db.pool, input.ids, `Cancelled by ${ctx.user.name}`))),

	bulkCount: adminProcedure
		.input(z.object({ filter: jobFilterSchema, action: z.enum(['retry', 'cancel']) }))
		.query(async ({ ctx, input }) => ({ count: await countMatching(ctx.db.pool, input.filter, input.action) })),

	bulkRetry: adminProcedure.input(z.object({ filter: jobFilterSchema })).mutation(async ({ ctx, input }) => ({ changed: await bulkRetry(ctx.db.pool, input.filter) })),

	bulkCancel: adminProcedure
		.input(z.object({ filter: jobFilterSchema }))
		.mutation(async ({ ctx, input }) => ({ changed: await bulkCancel(ctx.db.pool, input.filter, `Cancelled by ${ctx.user.name}`) })),

	prune: adminProcedure
		.input(z.object({ olderThanDays: z.number().min(0).max(3650) }))
		.mutation(async ({ ctx, input }) => ({ deleted: await pruneJobs(ctx.db.pool, input.olderThanDays) })),

	/** What the cron route's enqueue step returns: { processed, enqueued, skipped }. */
	runScheduler: adminProcedure.mutation(({ ctx }) => enqueueScheduledBots(ctx.db)),

	/** What the worker route returns: { processed, succeeded, failed, errors }. Runs in this request. */
	processBatch: adminProcedure.input(batchLimit).mutation(({ ctx, input }) => processJobs(ctx.db, defaultRegistry(), { limit: input.limit })),

	/** The whole cron tick: rescue, enqueue, process. */
	runCron: adminProcedure.input(batchLimit).mutation(({ ctx, input }) => runCronTick(ctx.db, defaultRegistry(), { limit: input.limit }))
});
