// The Overview page's numbers. Creators see their own bots and posts; queue figures are admin-only.
import type { Db } from './db/client.ts';
import type { SessionUser } from './auth/session.ts';
import { JOB_STATUSES, type JobStatusName } from '../schemas/enums.ts';

export interface OverviewCounts {
	bots: number;
	scheduledBots: number;
	publishedPosts: number;
	heldPosts: number;
	comments: number;
	/** Only for admins. */
	jobs: Record<JobStatusName, number> | null;
	/** Provider spend since midnight UTC (the caller's bots for creators, everything for admins). */
	costToday: { provider: string; costUsd: number; calls: number }[];
	generatedAt: Date;
}

export async function getOverviewCounts(db: Db, user: SessionUser): Promise<OverviewCounts> {
	const botScope = user.role === 'ADMIN' ? {} : { ownerId: user.id };
	const [bots, scheduledBots, publishedPosts, heldPosts, comments, jobGroups, cost] = await Promise.all([
		// Archived bots are out of sight on the bots list unless asked for: the tile counts what the list shows.
		db.prisma.bot.count({ where: { ...botScope, archivedAt: null } }),
		db.prisma.bot.count({ where: { ...botScope, schedulingEnabled: true } }),
		db.prisma.post.count({ where: { bot: botScope, publishedAt: { not: null } } }),
		db.prisma.post.count({ where: { bot: botScope, moderationStatus: 'REVIEW' } }),
		db.prisma.comment.count({ where: { post: { bot: botScope } } }),
		user.role === 'ADMIN' ? db.prisma.job.groupBy({ by: ['status'], _count: { _all: true } }) : Promise.resolve(null),
		db.pool.query<{ provider: string; cost: string; calls: number }>(
			`SELECT provider, sum("costUsd")::text AS cost, count(*)::int AS calls FROM usage_events
			  WHERE "createdAt" >= date_trunc('day', now())
			    AND ($1::text IS NULL OR "botId" IN (SELECT id FROM bots WHERE "ownerId" = $1))
			  GROUP BY provider ORDER BY provider`,
			[user.role === 'ADMIN' ? null : user.id]
		)
	]);
	let jobs: OverviewCounts['jobs'] = null;
	if (jobGroups) {
		jobs = Object.fromEntries(JOB_STATUSES.map((s) => [s, 0])) as Record<JobStatusName, number>;
		for (const g of jobGroups) jobs[g.status] = g._count._all;
	}
	const costToday = cost.rows.map((r) => ({ provider: r.provider, costUsd: Number(r.cost), calls: r.calls }));
	return { bots, scheduledBots, publishedPosts, heldPosts, comments, jobs, costToday, generatedAt: new Date() };
}
