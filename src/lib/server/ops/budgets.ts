// Daily budgets, from the usage ledger (usage_events.costUsd, the providers' published prices):
// each bot has one (its own `dailyBudgetUsd`, at most the admins' maximum, which is also the
// default), and all bots together have an optional global cap. Checked before a GENERATE_POST or a
// BOT_CYCLE starts (a job gate): over budget, the job waits until the next UTC day, its attempt
// given back, with the reason on the job and on the bot's page. A job that starts under budget
// may finish over it: the check is before spending, not a hard meter.
import type { Queryable } from '../jobs/types.ts';
import type { JobGate, JobWait } from '../jobs/registry.ts';
import { getSettings } from './settings.ts';

export interface BudgetStatus {
	/** The bot's effective budget (USD): its own, capped by the maximum. */
	budgetUsd: number;
	/** What the bot set, if anything (null: the maximum applies). */
	ownBudgetUsd: number | null;
	maxBudgetUsd: number;
	spentTodayUsd: number;
	globalCapUsd: number | null;
	globalSpentTodayUsd: number;
	/** Why its jobs wait now, or null when they may run. */
	blocked: JobWait | null;
}

/** The next midnight UTC after `now`: when a day's budget is renewed. */
export function nextUtcMidnight(now = new Date()): Date {
	return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
}

const usd = (n: number) => `$${n.toFixed(2)}`;

/**
 * A bot's budget today: its budget, what it and everyone spent since midnight UTC, and whether its
 * jobs must wait. Null when the bot does not exist.
 */
export async function botBudgetStatus(q: Queryable, botId: string, now = new Date()): Promise<BudgetStatus | null> {
	const [settings, { rows }] = await Promise.all([
		getSettings(q),
		q.query<{ handle: string; own: string | null; spent: string; all: string }>(
			`SELECT b.handle, b."dailyBudgetUsd"::text AS own,
			        (SELECT coalesce(sum("costUsd"), 0)::text FROM usage_events WHERE "botId" = b.id AND "createdAt" >= date_trunc('day', now())) AS spent,
			        (SELECT coalesce(sum("costUsd"), 0)::text FROM usage_events WHERE "createdAt" >= date_trunc('day', now())) AS all
			   FROM bots b WHERE b.id = $1`,
			[botId]
		)
	]);
	const row = rows[0];
	if (!row) return null;
	const max = settings['budget.maxBotDailyUsd'];
	const own = row.own === null ? null : Number(row.own);
	const budgetUsd = Math.min(own ?? max, max);
	const spentTodayUsd = Number(row.spent);
	const globalCapUsd = settings['budget.globalDailyUsd'];
	const globalSpentTodayUsd = Number(row.all);
	const until = nextUtcMidnight(now);
	let blocked: JobWait | null = null;
	if (spentTodayUsd >= budgetUsd) {
		blocked = { until, reason: `Over budget: @${row.handle} has spent ${usd(spentTodayUsd)} of its ${usd(budgetUsd)} daily budget; waits until 00:00 UTC` };
	} else if (globalCapUsd !== null && globalSpentTodayUsd >= globalCapUsd) {
		blocked = { until, reason: `Over the global cap: all bots have spent ${usd(globalSpentTodayUsd)} of the ${usd(globalCapUsd)} daily cap; waits until 00:00 UTC` };
	}
	return { budgetUsd, ownBudgetUsd: own, maxBudgetUsd: max, spentTodayUsd, globalCapUsd, globalSpentTodayUsd, blocked };
}

/** A job gate for bot jobs: waits while the bot (or everyone) is over today's budget. */
export function budgetGate<P extends { botId: string }>(): JobGate<P> {
	return async (payload, ctx) => (await botBudgetStatus(ctx.db.pool, payload.botId))?.blocked ?? null;
}

/**
 * Whether all bots together are over today's global cap (USD, from the usage ledger since 00:00 UTC):
 * the wait until the next UTC day with its reason, or null when there is no cap or room is left.
 */
export async function globalBudgetWait(q: Queryable, now = new Date()): Promise<JobWait | null> {
	const cap = (await getSettings(q))['budget.globalDailyUsd'];
	if (cap === null) return null;
	const { rows } = await q.query<{ all: string }>(`SELECT coalesce(sum("costUsd"), 0)::text AS all FROM usage_events WHERE "createdAt" >= date_trunc('day', now())`);
	const spent = Number(rows[0].all);
	return spent >= cap ? { until: nextUtcMidnight(now), reason: `Over the global cap: all bots have spent ${usd(spent)} of the ${usd(cap)} daily cap; waits until 00:00 UTC` } : null;
}

/**
 * A job gate for jobs that act for many bots at once (CREW_COMMENT): waits while all bots together
 * are over the global daily cap. Per-bot budgets are checked inside such a job, bot by bot.
 */
export function globalBudgetGate<P>(): JobGate<P> {
	return async (_payload, ctx) => globalBudgetWait(ctx.db.pool);
}

export class BudgetTooHighError extends Error {
	override name = 'BudgetTooHighError';
}

/**
 * Sets a bot's daily budget (USD, two decimals) or clears it (null: the maximum applies). Refuses
 * more than the admins' maximum with BudgetTooHighError.
 */
export async function setBotBudget(q: Queryable, botId: string, dailyBudgetUsd: number | null): Promise<void> {
	if (dailyBudgetUsd !== null) {
		const max = (await getSettings(q))['budget.maxBotDailyUsd'];
		if (dailyBudgetUsd > max) throw new BudgetTooHighError(`The most a bot may spend per day is ${usd(max)}`);
	}
	await q.query(`UPDATE bots SET "dailyBudgetUsd" = $2, "updatedAt" = now() WHERE id = $1`, [botId, dailyBudgetUsd === null ? null : dailyBudgetUsd.toFixed(2)]);
}
