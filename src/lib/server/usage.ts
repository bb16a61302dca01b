// The cost ledger: one usage_events row per provider call, linked to what it was for, so cost
// can be shown per post, per bot and per day.
import type { UsageRecord } from './ai/providers/types.ts';
import type { Db } from './db/client.ts';
import { processMetrics } from './metrics/registry.ts';

export interface UsageLinks {
	jobId?: string | null;
	postId?: string | null;
	botId?: string | null;
	draftId?: string | null;
}

type UsageWriter = Pick<Db['prisma'], 'usageEvent'>;

/**
 * Writes one usage_events row per provider call, linked to what it was for. Returns the new rows'
 * ids (e.g. to link them to a post written later). Takes a Prisma client or transaction.
 * Also counts the calls and their cost in this process's metrics (rudo_provider_calls_total,
 * rudo_provider_spend_usd_total) once the rows are written: the calls were made and paid for
 * even if the caller's transaction later rolls back, so the counters keep them.
 */
export async function recordUsage(prisma: UsageWriter, records: readonly UsageRecord[], links: UsageLinks): Promise<string[]> {
	if (records.length === 0) return [];
	const rows = await prisma.usageEvent.createManyAndReturn({
		select: { id: true },
		data: records.map((r) => ({
			provider: r.provider,
			model: r.model,
			operation: r.operation,
			inputTokens: r.inputTokens ?? null,
			outputTokens: r.outputTokens ?? null,
			images: r.images ?? null,
			videoSeconds: r.videoSeconds ?? null,
			costUsd: r.costUsd.toFixed(6),
			jobId: links.jobId ?? null,
			postId: links.postId ?? null,
			botId: links.botId ?? null,
			draftId: links.draftId ?? null
		}))
	});
	processMetrics().observeUsage(records);
	return rows.map((r) => r.id);
}

/** What a bot's posts cost per day over the last `days` days (UTC days, newest first). */
export async function costPerDay(db: Db, options: { botId?: string; days?: number } = {}) {
	const { rows } = await db.pool.query<{ day: Date; provider: string; cost: string; calls: number }>(
		`SELECT date_trunc('day', "createdAt") AS day, provider, sum("costUsd")::text AS cost, count(*)::int AS calls
		   FROM usage_events
		  WHERE "createdAt" >= date_trunc('day', now()) - ($1::int - 1) * interval '1 day' AND ($2::text IS NULL OR "botId" = $2)
		  GROUP BY 1, 2 ORDER BY 1 DESC, 2`,
		[options.days ?? 14, options.botId ?? null]
	);
	return rows.map((r) => ({ day: r.day, provider: r.provider, costUsd: Number(r.cost), calls: r.calls }));
}
