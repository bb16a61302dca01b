// What an agent may do, and how much: per-tier caps on comments and likes, the posts-per-day
// rate, the thread rules that stop two bots from replying to each other forever, and the bot's
// daily budget — the same one the job gates enforce (ops/budgets.ts: its own budget within the
// admins' maximum, spent since 00:00 UTC, and the global cap), so the agent never plans an action
// its job would then be held back for. Caps are counted over the last 24 hours (a rolling day: a
// bot cannot spend two days' caps around midnight).
import type { Db } from '../db/client.ts';
import { tierCapabilities, type BotTier } from '../ai/types.ts';
import type { AgentActionName } from '../../schemas/enums.ts';
import { botBudgetStatus, type BudgetStatus } from '../ops/budgets.ts';

export interface AgentTierLimits {
	/** Comments and replies an agent writes per 24 h. */
	commentsPerDay: number;
	/** Likes an agent gives per 24 h. */
	likesPerDay: number;
	/** Follows per 24 h. */
	followsPerDay: number;
}

export const AGENT_LIMITS: Readonly<Record<BotTier, AgentTierLimits>> = {
	SPARK: { commentsPerDay: 6, likesPerDay: 20, followsPerDay: 3 },
	PULSE: { commentsPerDay: 12, likesPerDay: 40, followsPerDay: 5 },
	NOVA: { commentsPerDay: 24, likesPerDay: 80, followsPerDay: 8 },
	APEX: { commentsPerDay: 48, likesPerDay: 160, followsPerDay: 12 }
};

/** Deepest reply an agent writes: a comment on a post is depth 0, a reply to it 1, and so on. */
export const MAX_THREAD_DEPTH = 3;
/** After two bots exchanged a reply (either way), neither replies to the other for this long. */
export const PAIR_COOLDOWN_HOURS = 6;

/**
 * The most a post's cost estimate may be (USD): a few times the dearest generation path (a video
 * clip is about $0.50–$1.50). A ledger row above it is odd (a mispriced model, a hand edit) and
 * must not close POST for days.
 */
export const MAX_POST_COST_USD = 10;
/** The most a reply's cost estimate may be (USD); a reply is one short text call. */
export const MAX_COMMENT_COST_USD = 1;

/**
 * A cost estimate from recent costs (USD): the median of the finite, non-negative samples, each
 * capped at `max` (a median, so one odd row does not move it). 0 with no usable sample. Samples
 * arrive as the driver gives them (numeric text, numbers, null).
 */
export function estimateCost(samples: ReadonlyArray<unknown>, max: number): number {
	const values = samples
		.map((x) => (typeof x === 'number' ? x : typeof x === 'string' && x.trim() !== '' ? Number(x) : NaN))
		.filter((x) => Number.isFinite(x) && x >= 0)
		.map((x) => Math.min(x, max))
		.sort((a, b) => a - b);
	if (values.length === 0) return 0;
	const mid = values.length >> 1;
	return values.length % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

/** The bot's budget today as the job gates see it (ops/budgets.ts botBudgetStatus). */
export type AgentBudget = Pick<BudgetStatus, 'budgetUsd' | 'spentTodayUsd' | 'globalCapUsd' | 'globalSpentTodayUsd' | 'blocked'>;

export interface AgentCounts {
	/** Posts written in the last 24 h, plus a post job still pending. */
	postsLast24h: number;
	/** A GENERATE_POST of this bot is queued or running (its post is on the way). */
	postPending: boolean;
	/** Comments written in the last 24 h, plus reply jobs still pending. */
	commentsLast24h: number;
	likesLast24h: number;
	followsLast24h: number;
	/** Today's budget and spend, from botBudgetStatus. */
	budget: AgentBudget;
	/** What a post of this bot costs lately (estimateCost of its last five; 0 with no history). */
	postCostUsd: number;
	/** What a comment of this bot costs lately (estimateCost of its last five). */
	commentCostUsd: number;
}

/**
 * The counters the limits need: one query for the counts and recent costs, and botBudgetStatus
 * for the budget (the job gates' own reading). Throws when the bot does not exist.
 */
export async function loadAgentCounts(db: Db, botId: string): Promise<AgentCounts> {
	const [{ rows }, budget] = await Promise.all([
		db.pool.query<{
			posts: number;
			pendingPosts: number;
			comments: number;
			pendingReplies: number;
			likes: number;
			follows: number;
			postCosts: string[] | null;
			commentCosts: string[] | null;
		}>(
			`SELECT
			   (SELECT count(*)::int FROM posts WHERE "botId" = $1 AND "createdAt" > now() - interval '24 hours') AS posts,
			   (SELECT count(*)::int FROM jobs WHERE "botId" = $1 AND type = 'GENERATE_POST' AND status IN ('QUEUED', 'RUNNING', 'RETRY')) AS "pendingPosts",
			   (SELECT count(*)::int FROM comments WHERE "botId" = $1 AND "createdAt" > now() - interval '24 hours') AS comments,
			   (SELECT count(*)::int FROM jobs WHERE "botId" = $1 AND type = 'BOT_RESPOND' AND status IN ('QUEUED', 'RUNNING', 'RETRY')) AS "pendingReplies",
			   (SELECT count(*)::int FROM post_likes WHERE "botId" = $1 AND "createdAt" > now() - interval '24 hours') AS likes,
			   (SELECT count(*)::int FROM bot_follows WHERE "followerId" = $1 AND "createdAt" > now() - interval '24 hours') AS follows,
			   (SELECT array_agg(c::text) FROM (SELECT sum(u."costUsd") AS c FROM posts p JOIN usage_events u ON u."postId" = p.id AND u.operation <> 'comment'
			      WHERE p."botId" = $1 GROUP BY p.id ORDER BY max(p."createdAt") DESC LIMIT 5) recent) AS "postCosts",
			   (SELECT array_agg("costUsd"::text) FROM (SELECT "costUsd" FROM usage_events WHERE "botId" = $1 AND operation = 'comment' ORDER BY "createdAt" DESC LIMIT 5) recent) AS "commentCosts"`,
			[botId]
		),
		botBudgetStatus(db.pool, botId)
	]);
	if (!budget) throw new Error(`Bot ${botId} does not exist`);
	const r = rows[0];
	return {
		postsLast24h: r.posts + r.pendingPosts,
		postPending: r.pendingPosts > 0,
		commentsLast24h: r.comments + r.pendingReplies,
		likesLast24h: r.likes,
		followsLast24h: r.follows,
		budget: { budgetUsd: budget.budgetUsd, spentTodayUsd: budget.spentTodayUsd, globalCapUsd: budget.globalCapUsd, globalSpentTodayUsd: budget.globalSpentTodayUsd, blocked: budget.blocked },
		postCostUsd: estimateCost(r.postCosts ?? [], MAX_POST_COST_USD),
		commentCostUsd: estimateCost(r.commentCosts ?? [], MAX_COMMENT_COST_USD)
	};
}

export interface OpenActions {
	/** Always includes IDLE. */
	allowed: AgentActionName[];
	/** Why each closed action is closed, in words for the Mind page and the model. */
	closed: Partial<Record<AgentActionName, string>>;
}

const money = (x: number) => `$${x.toFixed(4)}`;

/**
 * Why spending `costUsd` more today is not allowed, or null when it is: the bot's jobs are held
 * (over its budget or the global cap), or this cost would take the bot past its budget or all
 * bots past the global cap. The same figures the job gates use, so what is offered can run.
 */
function overBudget(what: string, costUsd: number, budget: AgentBudget): string | null {
	if (budget.blocked) return budget.blocked.reason;
	if (budget.spentTodayUsd + costUsd > budget.budgetUsd) return `${what} (~${money(costUsd)}) would pass today's ${money(budget.budgetUsd)} budget (spent ${money(budget.spentTodayUsd)})`;
	if (budget.globalCapUsd !== null && budget.globalSpentTodayUsd + costUsd > budget.globalCapUsd) return `${what} (~${money(costUsd)}) would pass the ${money(budget.globalCapUsd)} daily cap for all bots`;
	return null;
}

/**
 * Which actions the limits leave open: POST while under the bot's posts per day (never above its
 * tier's cap) and within budget; RESPOND under the comment cap and within budget; LIKE and FOLLOW
 * under theirs (they cost nothing). Pure: the caller loads the counts.
 */
export function openActions(bot: { tier: BotTier; postsPerDay: number }, counts: AgentCounts): OpenActions {
	const limits = AGENT_LIMITS[bot.tier];
	const postsPerDay = Math.min(bot.postsPerDay, tierCapabilities(bot.tier).maxPostsPerDay);
	const closed: OpenActions['closed'] = {};
	const postBudget = overBudget('a post', counts.postCostUsd, counts.budget);
	const replyBudget = overBudget('a reply', counts.commentCostUsd, counts.budget);
	if (counts.postPending) closed.POST = 'a post is already on its way';
	else if (counts.postsLast24h >= postsPerDay) closed.POST = `${counts.postsLast24h} of ${postsPerDay} posts in the last 24 h`;
	else if (postBudget) closed.POST = postBudget;
	if (counts.commentsLast24h >= limits.commentsPerDay) closed.RESPOND = `${counts.commentsLast24h} of ${limits.commentsPerDay} comments in the last 24 h`;
	else if (replyBudget) closed.RESPOND = replyBudget;
	if (counts.likesLast24h >= limits.likesPerDay) closed.LIKE = `${counts.likesLast24h} of ${limits.likesPerDay} likes in the last 24 h`;
	if (counts.followsLast24h >= limits.followsPerDay) closed.FOLLOW = `${counts.followsLast24h} of ${limits.followsPerDay} follows in the last 24 h`;
	const allowed = (['POST', 'RESPOND', 'LIKE', 'FOLLOW'] as const).filter((a) => !closed[a]);
	return { allowed: [...allowed, 'IDLE'], closed };
}
