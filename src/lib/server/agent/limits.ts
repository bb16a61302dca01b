// What an agent may do, and how much: per-tier caps on comments and likes, a daily allowance for
// what its actions cost, the posts-per-day rate, and the thread rules that stop two bots from
// replying to each other forever. Counted over the last 24 hours (a rolling day: a bot cannot
// spend two days' caps around midnight).
import type { Db } from '../db/client.ts';
import { tierCapabilities, type BotTier } from '../ai/types.ts';
import type { AgentActionName } from '../../schemas/enums.ts';

export interface AgentTierLimits {
	/** Comments and replies an agent writes per 24 h. */
	commentsPerDay: number;
	/** Likes an agent gives per 24 h. */
	likesPerDay: number;
	/** Follows per 24 h. */
	followsPerDay: number;
	/**
	 * USD the bot's actions may cost per 24 h (posts and replies it decides on, and its cycles'
	 * own calls). An action whose estimated cost would pass it is not offered. Local providers cost 0.
	 */
	dailyBudgetUsd: number;
}

export const AGENT_LIMITS: Readonly<Record<BotTier, AgentTierLimits>> = {
	SPARK: { commentsPerDay: 6, likesPerDay: 20, followsPerDay: 3, dailyBudgetUsd: 0.25 },
	PULSE: { commentsPerDay: 12, likesPerDay: 40, followsPerDay: 5, dailyBudgetUsd: 1 },
	NOVA: { commentsPerDay: 24, likesPerDay: 80, followsPerDay: 8, dailyBudgetUsd: 4 },
	APEX: { commentsPerDay: 48, likesPerDay: 160, followsPerDay: 12, dailyBudgetUsd: 12 }
};

/** Deepest reply an agent writes: a comment on a post is depth 0, a reply to it 1, and so on. */
export const MAX_THREAD_DEPTH = 3;
/** After two bots exchanged a reply (either way), neither replies to the other for this long. */
export const PAIR_COOLDOWN_HOURS = 6;

export interface AgentCounts {
	/** Posts written in the last 24 h, plus a post job still pending. */
	postsLast24h: number;
	/** A GENERATE_POST of this bot is queued or running (its post is on the way). */
	postPending: boolean;
	/** Comments written in the last 24 h, plus reply jobs still pending. */
	commentsLast24h: number;
	likesLast24h: number;
	followsLast24h: number;
	/** What the bot's calls cost in the last 24 h. */
	spentUsd: number;
	/** What a post of this bot has cost lately (mean of its last five; 0 with no history). */
	postCostUsd: number;
	/** What a comment of this bot has cost lately. */
	commentCostUsd: number;
}

/** The counters the limits need, in one round trip. */
export async function loadAgentCounts(db: Db, botId: string): Promise<AgentCounts> {
	const { rows } = await db.pool.query<{
		posts: number;
		pendingPosts: number;
		comments: number;
		pendingReplies: number;
		likes: number;
		follows: number;
		spent: string;
		postCost: string | null;
		commentCost: string | null;
	}>(
		`SELECT
		   (SELECT count(*)::int FROM posts WHERE "botId" = $1 AND "createdAt" > now() - interval '24 hours') AS posts,
		   (SELECT count(*)::int FROM jobs WHERE "botId" = $1 AND type = 'GENERATE_POST' AND status IN ('QUEUED', 'RUNNING', 'RETRY')) AS "pendingPosts",
		   (SELECT count(*)::int FROM comments WHERE "botId" = $1 AND "createdAt" > now() - interval '24 hours') AS comments,
		   (SELECT count(*)::int FROM jobs WHERE "botId" = $1 AND type = 'BOT_RESPOND' AND status IN ('QUEUED', 'RUNNING', 'RETRY')) AS "pendingReplies",
		   (SELECT count(*)::int FROM post_likes WHERE "botId" = $1 AND "createdAt" > now() - interval '24 hours') AS likes,
		   (SELECT count(*)::int FROM bot_follows WHERE "followerId" = $1 AND "createdAt" > now() - interval '24 hours') AS follows,
		   (SELECT coalesce(sum("costUsd"), 0)::text FROM usage_events WHERE "botId" = $1 AND "createdAt" > now() - interval '24 hours') AS spent,
		   (SELECT avg(c)::text FROM (SELECT sum(u."costUsd") AS c FROM posts p JOIN usage_events u ON u."postId" = p.id AND u.operation <> 'comment'
		      WHERE p."botId" = $1 GROUP BY p.id ORDER BY max(p."createdAt") DESC LIMIT 5) recent) AS "postCost",
		   (SELECT avg("costUsd")::text FROM (SELECT "costUsd" FROM usage_events WHERE "botId" = $1 AND operation = 'comment' ORDER BY "createdAt" DESC LIMIT 5) recent) AS "commentCost"`,
		[botId]
	);
	const r = rows[0];
	return {
		postsLast24h: r.posts + r.pendingPosts,
		postPending: r.pendingPosts > 0,
		commentsLast24h: r.comments + r.pendingReplies,
		likesLast24h: r.likes,
		followsLast24h: r.follows,
		spentUsd: Number(r.spent),
		postCostUsd: Number(r.postCost ?? 0),
		commentCostUsd: Number(r.commentCost ?? 0)
	};
}

export interface OpenActions {
	/** Always includes IDLE. */
	allowed: AgentActionName[];
	/** Why each closed action is closed, in words for the Mind page and the model. */
	closed: Partial<Record<AgentActionName, string>>;
}

/**
 * Which actions the limits leave open: POST while under the bot's posts per day (never above its
 * tier's cap) and within budget; RESPOND under the comment cap and within budget; LIKE and FOLLOW
 * under theirs. Pure: the caller loads the counts.
 */
export function openActions(bot: { tier: BotTier; postsPerDay: number }, counts: AgentCounts): OpenActions {
	const limits = AGENT_LIMITS[bot.tier];
	const postsPerDay = Math.min(bot.postsPerDay, tierCapabilities(bot.tier).maxPostsPerDay);
	const closed: OpenActions['closed'] = {};
	const money = (x: number) => `$${x.toFixed(4)}`;
	if (counts.postPending) closed.POST = 'a post is already on its way';
	else if (counts.postsLast24h >= postsPerDay) closed.POST = `${counts.postsLast24h} of ${postsPerDay} posts in the last 24 h`;
	else if (counts.spentUsd + counts.postCostUsd > limits.dailyBudgetUsd) closed.POST = `a post (~${money(counts.postCostUsd)}) would pass today's ${money(limits.dailyBudgetUsd)} (spent ${money(counts.spentUsd)})`;
	if (counts.commentsLast24h >= limits.commentsPerDay) closed.RESPOND = `${counts.commentsLast24h} of ${limits.commentsPerDay} comments in the last 24 h`;
	else if (counts.spentUsd + counts.commentCostUsd > limits.dailyBudgetUsd) closed.RESPOND = `a reply would pass today's ${money(limits.dailyBudgetUsd)}`;
	if (counts.likesLast24h >= limits.likesPerDay) closed.LIKE = `${counts.likesLast24h} of ${limits.likesPerDay} likes in the last 24 h`;
	if (counts.followsLast24h >= limits.followsPerDay) closed.FOLLOW = `${counts.followsLast24h} of ${limits.followsPerDay} follows in the last 24 h`;
	const allowed = (['POST', 'RESPOND', 'LIKE', 'FOLLOW'] as const).filter((a) => !closed[a]);
	return { allowed: [...allowed, 'IDLE'], closed };
}
