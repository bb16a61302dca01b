// perceive: what an agent bot notices at the start of a cycle.
//   - new posts of its crew and of the bots it follows (and a few of the feed's hottest posts from
//     elsewhere, the way a timeline mixes in what is popular: OASIS's hot-score feed),
//   - new comments on its own posts and replies to its comments,
//   - the trends,
//   - how its own recent posts did (once each, after SETTLE_HOURS),
// each as a candidate to act on (when something can still be done with it) and as an observation
// for the memory stream (when it is new to the bot). Everything is embedded in one call, so each
// item's relevance to the bot's interests is a cosine, and the memories retrieved for the
// situation come from the same query.
import type { Db } from '../../db/client.ts';
import type { BotContext, BotTier } from '../../ai/types.ts';
import type { EmbeddingModel, UsageRecord } from '../../ai/providers/types.ts';
import type { MemoryMeta } from '../../ai/mind-tasks.ts';
import { settledEngagement } from '../../social/learning-loop.ts';
import { getTrendingTags } from '../../social/trending.ts';
import { cosine } from '../vectors.ts';
import { MAX_THREAD_DEPTH, PAIR_COOLDOWN_HOURS } from '../limits.ts';
import type { NewMemory } from '../memory.ts';
import { botsInCooldown, CANDIDATE_WINDOW_HOURS, loadComments, loadOwnPosts, loadPosts } from './sources.ts';

export { botsInCooldown, CANDIDATE_WINDOW_HOURS, ENGAGEMENT_LOOKBACK_HOURS } from './sources.ts';
/** Views before a post's like rate says anything. */
export const MIN_VIEWS_FOR_RATE = 10;
/** How many of each kind the bot takes in per cycle (keeps prompts and cycles small). */
export const PERCEPTION_LIMITS = { posts: 12, discover: 4, comments: 10, trends: 5, engagement: 4 } as const;

export interface PerceivedBot {
	id: string;
	handle: string;
	name: string;
	bio: string;
}

export interface PerceivedPost {
	kind: 'post';
	id: string;
	bot: PerceivedBot;
	caption: string;
	tags: string[];
	likes: number;
	ageHours: number;
	crewmate: boolean;
	followed: boolean;
	/** Came from the hot feed, not from crew or follows. */
	discovered: boolean;
	/** What the bot can still do with it. */
	canComment: boolean;
	canLike: boolean;
}

export interface PerceivedComment {
	kind: 'comment';
	id: string;
	postId: string;
	postCaption: string;
	bot: PerceivedBot;
	text: string;
	depth: number;
	onMyPost: boolean;
	repliesToMe: boolean;
	ageHours: number;
	/** Whether a reply is still possible: not answered yet, under the depth cap, no pair cooldown. */
	canReply: boolean;
	/** Why not, when it is not. */
	blocked: string | null;
}

export interface PerceivedEngagement {
	kind: 'engagement';
	postId: string;
	caption: string;
	topic: string;
	likes: number;
	comments: number;
	views: number;
	shares: number;
	/** settledEngagement of the post, and the bot's average over its recent settled posts. */
	engagement: number;
	average: number;
}

export interface PerceivedTrend {
	kind: 'trend';
	tag: string;
}

/** One thing perceived, with the words it is remembered (and embedded) as. */
export interface PerceivedItem {
	item: PerceivedPost | PerceivedComment | PerceivedEngagement | PerceivedTrend;
	content: string;
	sourceKey: string;
	vector: Float32Array;
	/** Cosine to the nearest of the bot's interests, or to its profile if closer (0..1). */
	relevance: number;
	/** The closest of the bot's interests, when close enough (≥ 0.15), else null. */
	topic: string | null;
	/** True when the bot has not remembered it before (it becomes a new memory). */
	isNew: boolean;
	meta: MemoryMeta;
}

export interface Perception {
	now: Date;
	/** Where this cycle's "new" starts: the previous cycle's start, or a day back. */
	since: Date;
	items: PerceivedItem[];
	trends: string[];
	following: Set<string>;
	interests: Array<{ text: string; vector: Float32Array }>;
	/** The bot's profile vector (name, bio, interests). */
	profile: Float32Array;
	/** The retrieval query's vector: what this situation is about. */
	query: Float32Array;
	queryText: string;
	usage: UsageRecord[];
}

export interface PerceiveBot {
	ctx: BotContext;
	crewId: string | null;
	tier: BotTier;
}

const quote = (text: string, max = 160) => {
	const one = text.replace(/\s+/g, ' ').trim();
	return `"${one.length > max ? `${one.slice(0, max - 1)}…` : one}"`;
};
const hoursSince = (d: Date, now: Date) => Math.max(0, (now.getTime() - d.getTime()) / 3_600_000);

const toBot = (r: { botId: string; handle: string; name: string; bio: string }): PerceivedBot => ({ id: r.botId, handle: r.handle, name: r.name, bio: r.bio });

/** The words a bot's profile is embedded as: who it is and what it cares about. */
export function profileText(ctx: BotContext): string {
	return `${ctx.name}. ${ctx.bio} Interests: ${ctx.personaDna.interests.join(', ')}.`;
}

/**
 * Looks around for one cycle. `embedding` embeds every item, the bot's profile and interests and
 * the retrieval query in one call (its usage is returned for the ledger).
 */
export async function perceive(db: Db, bot: PerceiveBot, embedding: EmbeddingModel, options: { now?: Date; signal?: AbortSignal } = {}): Promise<Perception> {
	const now = options.now ?? new Date();
	const botId = bot.ctx.id;
	const [lastCycle, crewPosts, hotPosts, comments, ownPosts, trends, followingRows] = await Promise.all([
		db.prisma.agentCycle.findFirst({ where: { botId }, orderBy: { startedAt: 'desc' }, select: { startedAt: true } }),
		loadPosts(db, botId, bot.crewId, false, PERCEPTION_LIMITS.posts),
		loadPosts(db, botId, bot.crewId, true, PERCEPTION_LIMITS.discover),
		loadComments(db, botId, PERCEPTION_LIMITS.comments),
		loadOwnPosts(db, botId),
		getTrendingTags(db, PERCEPTION_LIMITS.trends),
		db.prisma.botFollow.findMany({ where: { followerId: botId }, select: { followeeId: true } })
	]);
	const since = lastCycle?.startedAt ?? new Date(now.getTime() - CANDIDATE_WINDOW_HOURS * 3_600_000);
	const following = new Set(followingRows.map((f) => f.followeeId));
	const cooldown = await botsInCooldown(db, botId, [...new Set(comments.map((c) => c.botId))]);

	// Engagement of own posts: each settled post once, against the bot's recent average.
	const settled = ownPosts.map((p) => ({
		row: p,
		engagement: settledEngagement({ likes: p.likeCount, comments: p.commentCount, views: p.viewCount, shares: p.shareCount, ageHours: hoursSince(p.publishedAt, now) })
	}));
	const average = settled.length ? settled.reduce((s, p) => s + p.engagement, 0) / settled.length : 0;
	const freshEngagement = settled.filter((p) => !p.row.observed).slice(0, PERCEPTION_LIMITS.engagement);

	type Draft = Omit<PerceivedItem, 'vector' | 'relevance' | 'topic' | 'isNew'> & { topicHint?: string | null };
	const drafts: Draft[] = [];
	for (const p of [...crewPosts, ...hotPosts]) {
		drafts.push({
			item: {
				kind: 'post',
				id: p.id,
				bot: toBot(p),
				caption: p.caption,
				tags: p.tags,
				likes: p.likeCount,
				ageHours: hoursSince(p.publishedAt, now),
				crewmate: p.crewmate,
				followed: p.followed,
				discovered: !p.crewmate && !p.followed,
				canComment: !p.commented,
				canLike: !p.liked
			},
			content: `@${p.handle} posted: ${quote(p.caption)}${p.tags.length ? ` #${p.tags.slice(0, 4).join(' #')}` : ''}`,
			sourceKey: `post:${p.id}`,
			meta: { about: 'post', postId: p.id, botHandle: p.handle, likes: p.likeCount }
		});
	}
	for (const c of comments) {
		const blocked = c.answered
			? 'already answered'
			: c.depth + 1 > MAX_THREAD_DEPTH
				? `the thread is ${c.depth + 1} replies deep (at most ${MAX_THREAD_DEPTH})`
				: cooldown.has(c.botId)
					? `replied with @${c.handle} in the last ${PAIR_COOLDOWN_HOURS} h`
					: null;
		drafts.push({
			item: {
				kind: 'comment',
				id: c.id,
				postId: c.postId,
				postCaption: c.postCaption,
				bot: toBot(c),
				text: c.text,
				depth: c.depth,
				onMyPost: c.onMyPost,
				repliesToMe: c.repliesToMe,
				ageHours: hoursSince(c.createdAt, now),
				canReply: blocked === null,
				blocked
			},
			content: c.repliesToMe ? `@${c.handle} replied to me: ${quote(c.text)}` : `@${c.handle} commented on my post ${quote(c.postCaption, 60)}: ${quote(c.text)}`,
			sourceKey: `comment:${c.id}`,
			meta: { about: c.repliesToMe ? 'reply' : 'comment', commentId: c.id, postId: c.postId, botHandle: c.handle }
		});
	}
	for (const e of freshEngagement) {
		const p = e.row;
		drafts.push({
			item: {
				kind: 'engagement',
				postId: p.id,
				caption: p.caption,
				topic: p.intentTopic ?? '',
				likes: p.likeCount,
				comments: p.commentCount,
				views: p.viewCount,
				shares: p.shareCount,
				engagement: e.engagement,
				average
			},
			content: `My post ${quote(p.caption, 80)} got ${p.likeCount} likes, ${p.commentCount} comments, ${p.shareCount} shares and ${p.viewCount} views (${e.engagement >= average ? 'above' : 'below'} my usual)${p.viewCount >= MIN_VIEWS_FOR_RATE ? `: ${Math.round((100 * (p.likeCount + p.shareCount)) / p.viewCount)}% of those who saw it liked or shared it` : ''}.`,
			sourceKey: `engagement:${p.id}`,
			meta: {
				about: 'engagement',
				postId: p.id,
				engagement: Math.round(e.engagement * 100) / 100,
				average: Math.round(average * 100) / 100,
				likes: p.likeCount,
				comments: p.commentCount,
				// What share of those who saw it liked or shared it: the audience's verdict on the post
				// itself, whatever the feed did for its reach. Only once enough people saw it.
				...(p.viewCount >= MIN_VIEWS_FOR_RATE ? { rate: Math.round(((p.likeCount + p.shareCount) / p.viewCount) * 1000) / 1000 } : {})
			},
			topicHint: p.intentTopic
		});
	}
	const day = now.toISOString().slice(0, 10);
	for (const tag of trends) {
		drafts.push({ item: { kind: 'trend', tag }, content: `#${tag} is trending today.`, sourceKey: `trend:${tag}:${day}`, meta: { about: 'trend' } });
	}

	// Which of these the bot already remembers.
	const keys = drafts.map((d) => d.sourceKey);
	const known = keys.length
		? new Set((await db.prisma.botMemory.findMany({ where: { botId, sourceKey: { in: keys } }, select: { sourceKey: true } })).map((m) => m.sourceKey!))
		: new Set<string>();

	const interests = bot.ctx.personaDna.interests;
	const fresh = drafts.filter((d) => !known.has(d.sourceKey));
	const queryText = (fresh.length ? fresh : drafts).slice(0, 6).map((d) => d.content).join(' ') || profileText(bot.ctx);
	const texts = [profileText(bot.ctx), ...interests, ...drafts.map((d) => d.content), queryText];
	const embedded = await embedding.embed(texts, { signal: options.signal });
	const profile = embedded.vectors[0];
	const interestVectors = interests.map((text, i) => ({ text, vector: embedded.vectors[1 + i] }));
	const query = embedded.vectors[texts.length - 1];

	const items: PerceivedItem[] = drafts.map((d, i) => {
		const vector = embedded.vectors[1 + interests.length + i];
		let best: { text: string; score: number } | null = null;
		for (const interest of interestVectors) {
			const score = cosine(vector, interest.vector);
			if (!best || score > best.score) best = { text: interest.text, score };
		}
		// Relevance: how close it is to the nearest of the bot's interests (the whole profile, name
		// and bio included, dilutes every match), or to the profile when that is closer.
		const relevance = Math.max(0, best?.score ?? 0, cosine(vector, profile));
		const topic = d.topicHint || (best && best.score >= 0.15 ? best.text : null);
		const { topicHint: _hint, ...rest } = d;
		return { ...rest, vector, relevance, topic, isNew: !known.has(d.sourceKey), meta: { ...d.meta, relevance: Math.round(relevance * 100) / 100, topic: topic ?? (d.item.kind === 'trend' ? d.item.tag : null) } };
	});

	return { now, since, items, trends, following, interests: interestVectors, profile, query, queryText, usage: [embedded.usage] };
}

/** The new observations of a perception, as memories to store (vectors already computed). */
export function observationsOf(perception: Perception): Array<{ memory: NewMemory; vector: Float32Array }> {
	return perception.items
		.filter((i) => i.isNew)
		.map((i) => ({ memory: { kind: 'observation', content: i.content, meta: i.meta, sourceKey: i.sourceKey }, vector: i.vector }));
}
