// The scheduler only enqueues (fast); workers do the slow generation. Safe to call from any
// number of cron invocations at once: duplicates are refused by the database, not by a check.
import type { Db } from './db/client.ts';
import type { Queryable } from './jobs/types.ts';
import { enqueueJob } from './jobs/enqueue.ts';
import { JOB_DEFAULTS } from './jobs/defaults.ts';
import { NOTIFY_CHANNEL } from './jobs/enqueue.ts';
import { withTransaction } from './db/transaction.ts';

export interface EnqueueSummary {
	processed: number;
	enqueued: number;
	skipped: number;
}

export const ENGAGEMENT_INTERVAL_MS = 15 * 60_000;

/**
 * One statement: every enabled, active, unarchived bot of an active owner whose nextPostAt has come gets a
 * GENERATE_POST job, unless it already has a pending one (the partial unique index turns the
 * duplicate into a no-op). Then a CREW_COMMENT job when posts were queued, and a
 * RECALC_ENGAGEMENT job when none ran in the last interval (both singletons by key).
 *
 * The transaction commits without waiting for its WAL to reach disk (synchronous_commit off):
 * a crash in that instant loses only this enqueue, which the next tick repeats, since the bots'
 * slots are still due. 100,000 due bots take well under a second (npm run bench:stats).
 */
export async function enqueueScheduledBots(db: Db, options: { engagementIntervalMs?: number } = {}): Promise<EnqueueSummary> {
	return withTransaction(db.pool, async (tx) => {
		await tx.query(`SET LOCAL synchronous_commit = off`);
		const { rows } = await tx.query<{ processed: number; enqueued: number }>(
			`WITH due AS (
			   SELECT b.id FROM bots b JOIN users u ON u.id = b."ownerId"
			    WHERE b."schedulingEnabled" AND b."isActive" AND u.status = 'ACTIVE' AND b."postsPerDay" > 0 AND b."archivedAt" IS NULL
			      AND b."nextPostAt" IS NOT NULL AND b."nextPostAt" <= now()
			 ), ins AS (
			   INSERT INTO jobs (type, "botId", payload, "maxAttempts", "runAt")
			   SELECT 'GENERATE_POST', id, jsonb_build_object('botId', id), $1::int, date_trunc('milliseconds', now()) FROM due
			   ON CONFLICT ("botId") WHERE type = 'GENERATE_POST' AND status IN ('QUEUED', 'RUNNING', 'RETRY') DO NOTHING
			   RETURNING id
			 ), wake AS (SELECT pg_notify('${NOTIFY_CHANNEL}', '') WHERE EXISTS (SELECT 1 FROM ins))
			 SELECT (SELECT count(*)::int FROM due) AS processed, (SELECT count(*)::int FROM ins) AS enqueued FROM (SELECT 1) one LEFT JOIN wake ON true`,
			[JOB_DEFAULTS.GENERATE_POST.maxAttempts]
		);
		const { processed, enqueued } = rows[0];

		if (enqueued > 0) {
			// Comment on what will have been posted a little later, once the posts exist.
			await enqueueJob(tx, { type: 'CREW_COMMENT', key: 'crew-comment', runAt: new Date(Date.now() + 60_000), payload: {} });
		}
		await enqueueEngagementIfDue(tx, options.engagementIntervalMs ?? ENGAGEMENT_INTERVAL_MS);
		await enqueueAgentCycles(tx);
		return { processed, enqueued, skipped: processed - enqueued };
	});
}

/**
 * Agent bots (autonomy 'agent', acting on their own) whose nextCycleAt has come get one BOT_CYCLE
 * each, in one statement. The job's key is "bot-cycle:<botId>", so the partial unique index on
 * pending keys allows one pending cycle per bot (and a CHECK makes every bot's cycle carry that
 * key): concurrent ticks create one job per bot. The bot's next cycle moves on by cycleMinutes
 * less up to 10 % jitter (never more than the interval, so a bot gets a cycle every interval),
 * in the same statement, whether or not a cycle was still pending.
 */
export async function enqueueAgentCycles(on: Queryable | Pick<Db, 'pool'>): Promise<{ due: number; enqueued: number }> {
	// A Queryable joins the caller's transaction (the scheduler's); a Db uses its pool.
	const q: Queryable = 'pool' in on ? on.pool : on;
	const { rows } = await q.query<{ due: number; enqueued: number }>(
		`WITH due AS (
		   SELECT b.id, b."cycleMinutes" FROM bots b JOIN users u ON u.id = b."ownerId"
		    WHERE b.autonomy = 'agent' AND b."schedulingEnabled" AND b."isActive" AND u.status = 'ACTIVE' AND b."archivedAt" IS NULL
		      AND b."nextCycleAt" IS NOT NULL AND b."nextCycleAt" <= now()
		    FOR UPDATE OF b SKIP LOCKED
		 ), moved AS (
		   UPDATE bots b SET "nextCycleAt" = now() + due."cycleMinutes" * (0.9 + 0.1 * random()) * interval '1 minute'
		     FROM due WHERE b.id = due.id
		   RETURNING b.id
		 ), ins AS (
		   INSERT INTO jobs (type, "botId", payload, "maxAttempts", key, "runAt")
		   SELECT 'BOT_CYCLE', id, jsonb_build_object('botId', id), $1::int, 'bot-cycle:' || id, date_trunc('milliseconds', now()) FROM moved
		   ON CONFLICT ("key") WHERE "key" IS NOT NULL AND status IN ('QUEUED', 'RUNNING', 'RETRY') DO NOTHING
		   RETURNING id
		 ), wake AS (SELECT pg_notify('rudo_jobs', '') WHERE EXISTS (SELECT 1 FROM ins))
		 SELECT (SELECT count(*)::int FROM moved) AS due, (SELECT count(*)::int FROM ins) AS enqueued FROM (SELECT 1) one LEFT JOIN wake ON true`,
		[JOB_DEFAULTS.BOT_CYCLE.maxAttempts]
	);
	return rows[0];
}


/**
 * A RECALC_ENGAGEMENT job unless one finished within `intervalMs` (the latest, found through the
 * partial index of finished jobs by type) or one is pending (its key makes the insert a no-op).
 */
async function enqueueEngagementIfDue(q: Queryable, intervalMs: number): Promise<void> {
	const { rows } = await q.query(
		`SELECT 1 FROM (SELECT "createdAt" FROM jobs WHERE type = 'RECALC_ENGAGEMENT' AND "finishedAt" IS NOT NULL ORDER BY id DESC LIMIT 1) last
		  WHERE last."createdAt" > now() - $1::int * interval '1 millisecond'`,
		[intervalMs]
	);
	if (rows.length === 0) await enqueueJob(q, { type: 'RECALC_ENGAGEMENT', key: 'recalc-engagement', payload: {} });
}

/** Minutes between posts for a given daily rate, with ±10 % jitter so bots don't post in lockstep. */
export function nextPostDelayMs(postsPerDay: number, random: () => number = Math.random): number {
	const base = (24 * 60 * 60_000) / Math.max(1, postsPerDay);
	return Math.round(base * (0.9 + 0.2 * random()));
}

export async function enableScheduling(db: Db, botId: string, now = new Date()): Promise<void> {
	const bot = await db.prisma.bot.findUniqueOrThrow({ where: { id: botId }, select: { nextPostAt: true } });
	await db.prisma.bot.update({
		where: { id: botId },
		// Keep a future slot if it has one; otherwise post soon.
		data: { schedulingEnabled: true, nextPostAt: bot.nextPostAt && bot.nextPostAt > now ? bot.nextPostAt : new Date(now.getTime() + 60_000) }
	});
}

export async function disableScheduling(db: Db, botId: string): Promise<void> {
	await db.prisma.bot.update({ where: { id: botId }, data: { schedulingEnabled: false, nextPostAt: null } });
}

type BotWriter = Pick<Db['prisma'], 'bot'>;

/**
 * Moves the slot of each bot in `botIds` that is scheduled and due (nextPostAt ≤ now) on to its
 * next one (now + nextPostDelayMs), as giving up on a post does: what cancelling its post job
 * needs, or the next scheduler tick would enqueue the job again. Takes any Queryable, so it joins
 * the caller's transaction. Returns the bots it moved with their new slot.
 */
export async function moveDueSlotsOn(q: Queryable, botIds: string[], now = new Date()): Promise<{ botId: string; handle: string; nextPostAt: Date }[]> {
	if (botIds.length === 0) return [];
	const { rows } = await q.query<{ id: string; handle: string; postsPerDay: number }>(
		`SELECT id, handle, "postsPerDay" FROM bots WHERE id = ANY($1::text[]) AND "schedulingEnabled" AND "nextPostAt" <= $2::timestamp(3) FOR UPDATE`,
		[botIds, now.toISOString().replace('Z', '')]
	);
	if (rows.length === 0) return [];
	const moved = rows.map((r) => ({ botId: r.id, handle: r.handle, nextPostAt: new Date(now.getTime() + nextPostDelayMs(r.postsPerDay)) }));
	await q.query(
		`UPDATE bots b SET "nextPostAt" = m.at, "updatedAt" = now() FROM unnest($1::text[], $2::timestamp(3)[]) AS m(id, at) WHERE b.id = m.id`,
		[moved.map((m) => m.botId), moved.map((m) => m.nextPostAt.toISOString().replace('Z', ''))]
	);
	return moved;
}

/**
 * After a post: lastPostedAt = now and, for a scheduled bot, the next slot from its daily rate.
 * Takes a Prisma client or transaction, so it can join the transaction that writes the post.
 */
export async function recordBotPosted(prisma: BotWriter, botId: string, now = new Date()): Promise<Date | null> {
	const bot = await prisma.bot.findUnique({ where: { id: botId }, select: { postsPerDay: true, schedulingEnabled: true } });
	if (!bot) return null;
	const nextPostAt = bot.schedulingEnabled ? new Date(now.getTime() + nextPostDelayMs(bot.postsPerDay)) : null;
	await prisma.bot.update({ where: { id: botId }, data: { lastPostedAt: now, nextPostAt } });
	return nextPostAt;
}

/** Giving up on a post: move a scheduled bot's slot on without pretending it posted, so the
 * scheduler does not enqueue a doomed job for it on every tick. */
export async function skipToNextSlot(prisma: BotWriter, botId: string, now = new Date()): Promise<void> {
	const bot = await prisma.bot.findUnique({ where: { id: botId }, select: { postsPerDay: true, schedulingEnabled: true } });
	if (!bot?.schedulingEnabled) return;
	await prisma.bot.update({ where: { id: botId }, data: { nextPostAt: new Date(now.getTime() + nextPostDelayMs(bot.postsPerDay)) } });
}
