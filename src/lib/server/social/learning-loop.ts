// The learning loop: from the engagement of a bot's recent posts, learn which post types and tags
// work for that bot's audience, and bias the next post towards them — while still exploring.
//
// Method: Thompson sampling with Beta posteriors.
//  - Each post's engagement is turned into a reward in [0, 1] by its rank among the bot's recent
//    posts (0 = worst, 1 = best). Ranks make the loop independent of the bot's scale (a bot with
//    10 likes a post and one with 10,000 learn alike) and robust to one viral outlier.
//  - Per post type and per tag: Beta(1 + Σ reward, 1 + Σ (1 − reward)), i.e. a uniform prior
//    updated with fractional successes.
//  - For each new post we SAMPLE from every posterior (not take its mean): arms with little data
//    have wide posteriors and still win sometimes — that is the exploration — while arms that
//    keep doing well win more and more often. The sampled values become multipliers on the
//    baseline post-type mix (decidePostType clamps them to [0.1, 10], so no type is ever silenced)
//    and pick up to two proven tags to add to the generated ones.
import type { Db } from '../db/client.ts';
import type { PostSteer, PostType } from '../ai/types.ts';
import type { Rng } from '../ai/random.ts';
import { POST_TYPES } from '../../schemas/enums.ts';
import { rawEngagement } from './engagement/score.ts';

export interface PostOutcome {
	type: PostType;
	tags: readonly string[];
	/** Any engagement measure where larger is better (the feed's engagementScore, likes…). */
	engagement: number;
}

export interface Arm {
	alpha: number;
	beta: number;
	n: number;
}

export interface LearnedPreferences {
	types: Record<PostType, Arm>;
	tags: Map<string, Arm>;
	observed: number;
}

/** Rank-based rewards in [0, 1]; ties share their average rank. */
export function rankRewards(values: readonly number[]): number[] {
	if (values.length <= 1) return values.map(() => 0.5);
	const order = values.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v);
	const rewards = new Array<number>(values.length);
	for (let start = 0; start < order.length; ) {
		let end = start;
		while (end + 1 < order.length && order[end + 1].v === order[start].v) end++;
		const rank = (start + end) / 2 / (values.length - 1);
		for (let k = start; k <= end; k++) rewards[order[k].i] = rank;
		start = end + 1;
	}
	return rewards;
}

/**
 * Beta arms per post type and per tag from a bot's settled posts: each post adds its rank reward
 * (rankRewards of its engagement) to the arms of its type and tags, starting from Beta(1, 1).
 */
export function learnFromHistory(history: readonly PostOutcome[]): LearnedPreferences {
	const rewards = rankRewards(history.map((h) => h.engagement));
	const types = Object.fromEntries(POST_TYPES.map((t) => [t, { alpha: 1, beta: 1, n: 0 }])) as Record<PostType, Arm>;
	const tags = new Map<string, Arm>();
	history.forEach((post, i) => {
		const r = rewards[i];
		const arm = types[post.type];
		arm.alpha += r;
		arm.beta += 1 - r;
		arm.n++;
		for (const tag of new Set(post.tags)) {
			const t = tags.get(tag) ?? { alpha: 1, beta: 1, n: 0 };
			t.alpha += r;
			t.beta += 1 - r;
			t.n++;
			tags.set(tag, t);
		}
	});
	return { types, tags, observed: history.length };
}

// Gamma(shape ≥ 1) by Marsaglia & Tsang (2000); Beta from two Gammas.
function gaussian(rng: Rng): number {
	const u = Math.max(rng(), Number.EPSILON);
	return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}
function gamma(shape: number, rng: Rng): number {
	if (shape < 1) return gamma(shape + 1, rng) * Math.pow(Math.max(rng(), Number.EPSILON), 1 / shape);
	const d = shape - 1 / 3;
	const c = 1 / Math.sqrt(9 * d);
	for (;;) {
		let x: number, v: number;
		do {
			x = gaussian(rng);
			v = 1 + c * x;
		} while (v <= 0);
		v = v * v * v;
		const u = rng();
		if (u < 1 - 0.0331 * x ** 4 || Math.log(Math.max(u, Number.EPSILON)) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
	}
}
/** A draw from Beta(alpha, beta) (both ≥ 1) with `rng`, as X / (X + Y) of two Gamma draws. */
export function sampleBeta(alpha: number, beta: number, rng: Rng): number {
	const a = gamma(alpha, rng);
	const b = gamma(beta, rng);
	return a / (a + b);
}

/** How strongly a sampled advantage moves the mix: a type whose draw is twice the average gets
 * 2^SHARPNESS times its baseline weight. Plain ratios (1) were too timid against the baseline mix
 * and its variety damping; 3 lets a clear winner dominate while decidePostType's [0.1, 10] clamp
 * keeps every allowed type possible. */
export const BIAS_SHARPNESS = 3;

/** Multipliers for decidePostType: one Thompson draw per type, relative to their mean. */
export function sampleTypeBias(prefs: LearnedPreferences, rng: Rng): Record<PostType, number> {
	const draws = POST_TYPES.map((t) => sampleBeta(prefs.types[t].alpha, prefs.types[t].beta, rng));
	const mean = draws.reduce((s, d) => s + d, 0) / draws.length;
	return Object.fromEntries(POST_TYPES.map((t, i) => [t, mean > 0 ? Math.pow(draws[i] / mean, BIAS_SHARPNESS) : 1])) as Record<PostType, number>;
}

/** Up to `k` tags whose sampled success beats an untried tag's expected 0.5. */
export function samplePreferredTags(prefs: LearnedPreferences, rng: Rng, k = 2): string[] {
	const draws = [...prefs.tags.entries()].map(([tag, arm]) => ({ tag, draw: sampleBeta(arm.alpha, arm.beta, rng) }));
	return draws
		.filter((d) => d.draw > 0.5)
		.sort((a, b) => b.draw - a.draw || a.tag.localeCompare(b.tag))
		.slice(0, k)
		.map((d) => d.tag);
}

/**
 * The learning loop's draw for one post, as generation takes it (ai/types.ts PostSteer): type
 * multipliers (null before the bot has any history) and up to two proven tags. Sampled by the
 * caller of generation with its own seeded rng, so generation never reads the social layer.
 */
export function samplePostSteer(prefs: LearnedPreferences | null, rng: Rng): PostSteer | null {
	if (!prefs) return null;
	return { typeBias: prefs.observed > 0 ? sampleTypeBias(prefs, rng) : null, preferredTags: samplePreferredTags(prefs, rng) };
}

/** Posts younger than this are still collecting engagement and are left out of the history. */
export const SETTLE_HOURS = 3;
/** Engagement is taken to accumulate over a post's first day (then it has had its audience). */
export const EXPOSURE_HOURS = 24;

/**
 * How well a post did, comparable across ages: its interaction total (the engagement score's
 * numerator, rawEngagement) projected to a full day of exposure. The feed's score divides by age
 * to rank what is hot now, which would make older posts look bad here; this asks instead what each
 * post earned per day of exposure.
 */
export function settledEngagement(p: { likes: number; comments: number; views: number; shares: number; ageHours: number }): number {
	return rawEngagement(p) / Math.min(1, Math.max(p.ageHours, SETTLE_HOURS) / EXPOSURE_HOURS);
}

/**
 * The bot's recent published posts (at least SETTLE_HOURS old) as learning history, measured by
 * settledEngagement over the posts' real counters: likes from users, bots and the consumer app,
 * approved comments, views and shares the app reported. The loop learns from what people did.
 */
export async function loadPreferences(db: Db, botId: string, limit = 50, now = new Date()): Promise<LearnedPreferences> {
	const settled = new Date(now.getTime() - SETTLE_HOURS * 3_600_000);
	const posts = await db.prisma.post.findMany({
		where: { botId, publishedAt: { not: null, lte: settled } },
		orderBy: { publishedAt: 'desc' },
		take: limit,
		select: { type: true, tags: true, publishedAt: true, likeCount: true, commentCount: true, viewCount: true, shareCount: true }
	});
	return learnFromHistory(
		posts.map((p) => ({
			type: p.type,
			tags: p.tags,
			engagement: settledEngagement({
				likes: p.likeCount,
				comments: p.commentCount,
				views: p.viewCount,
				shares: p.shareCount,
				ageHours: (now.getTime() - p.publishedAt!.getTime()) / 3_600_000
			})
		}))
	);
}
