// The synthetic audience both modes are measured against (documented in the README):
//   - M viewers. Each interest of the population has an appeal drawn once from a log-normal
//     distribution (σ = 0.8, so some topics are liked several times more than others); each viewer
//     is a fan of three interests (drawn at random).
//   - Every round (30 simulated minutes) each viewer opens the app with probability 0.3 and sees a
//     feed of 12 posts from the last 24 h: the 8 with the highest engagement score (the app's Top
//     order, a hot-score feed as in OASIS) and the 4 newest. Each post seen is a view.
//   - A view becomes a like with probability min(0.8, 0.06 × appeal(topic) × (2 if a fan, else 0.7)
//     × (1, 1.4, 1.8 for text, image, video)); a like becomes a share with probability 0.2.
//   - A post's topic is the interest its writer wrote it about (the caption's `topic`, stored in
//     the post's mediaMeta by generation, the same for both modes); a post without one is read
//     from its caption (the bot's interest whose local embedding is closest).
// Everything is drawn from the seed, the round and the viewer, so the same seed gives the same
// audience; events reach the app through the consumer-app ingestion (POST /api/engagement's code).
import type { Db } from '../../../src/lib/server/db/client.ts';
import { seededRng, shuffle } from '../../../src/lib/server/ai/random.ts';
import { localEmbedding } from '../../../src/lib/server/ai/providers/local/embedding.ts';
import { cosine } from '../../../src/lib/server/agent/vectors.ts';
import { ingestEngagementEvents, MAX_EVENTS_PER_BATCH } from '../../../src/lib/server/social/engagement/events.ts';

export const AUDIENCE = { viewers: 300, openChance: 0.3, topByScore: 8, newest: 4, baseLike: 0.06, fan: 2, notFan: 0.7, shareOfLikes: 0.2, maxLike: 0.8, type: { TEXT: 1, IMAGE: 1.4, VIDEO: 1.8 } as Record<string, number> };

export interface PostTally {
	botId: string;
	topic: string;
	type: string;
	/** Round the post was first seen in the database (−1 for history). */
	round: number;
	views: number;
	likes: number;
	shares: number;
	/** Likes and shares within 12 rounds (6 h) of publishing. */
	early: number;
	/** Views within 12 rounds of publishing. */
	earlyViews: number;
}

export class Audience {
	readonly appeal = new Map<string, number>();
	private readonly fans: Array<Set<string>>;
	readonly tallies = new Map<string, PostTally>();
	private readonly interestVectors = new Map<string, Float32Array>();
	private eventSeq = 0;

	constructor(
		private readonly seed: string,
		interests: readonly string[],
		private readonly botInterests: Map<string, string[]>
	) {
		const rng = seededRng('bench-audience', seed);
		for (const i of interests) {
			// Box–Muller normal, σ = 0.8, then exp: a log-normal appeal around 1.
			const z = Math.sqrt(-2 * Math.log(Math.max(rng(), 1e-9))) * Math.cos(2 * Math.PI * rng());
			this.appeal.set(i, Math.exp(0.8 * z - 0.32));
			this.interestVectors.set(i, localEmbedding(i));
		}
		this.fans = Array.from({ length: AUDIENCE.viewers }, () => new Set(shuffle(rng, [...interests]).slice(0, 3)));
	}

	/** The post's topic: the interest it was written about, else the one its caption reads as. */
	topicOf(botId: string, caption: string, declared: string | null = null): string {
		const interests = this.botInterests.get(botId) ?? [];
		const named = declared ? interests.find((i) => i.toLowerCase() === declared.toLowerCase()) : undefined;
		if (named) return named;
		const v = localEmbedding(caption);
		let best = interests[0] ?? 'everyday';
		let score = -Infinity;
		for (const i of interests) {
			const s = cosine(v, this.interestVectors.get(i) ?? localEmbedding(i));
			if (s > score) [best, score] = [i, s];
		}
		return best;
	}

	likeChance(viewer: number, topic: string, type: string): number {
		const fan = this.fans[viewer].has(topic) ? AUDIENCE.fan : AUDIENCE.notFan;
		return Math.min(AUDIENCE.maxLike, AUDIENCE.baseLike * (this.appeal.get(topic) ?? 1) * fan * (AUDIENCE.type[type] ?? 1));
	}

	/**
	 * The history's engagement (before the measured day, the same for both modes): each history
	 * post was seen by `views` viewers drawn at random, who liked and shared it by the same chances.
	 */
	async history(db: Db, posts: ReadonlyArray<{ id: string; key: string; botId: string; topic: string; type: string }>, views = 40): Promise<number> {
		const events: Array<{ id: string; type: 'view' | 'like' | 'share'; postId: string; viewerId: string }> = [];
		for (const p of posts) {
			const rng = seededRng('bench-history', this.seed, p.key);
			this.tallies.set(p.id, { botId: p.botId, topic: p.topic, type: p.type, round: -1, views: 0, likes: 0, shares: 0, early: 0, earlyViews: 0 });
			for (let k = 0; k < views; k++) {
				const v = Math.floor(rng() * AUDIENCE.viewers);
				events.push({ id: `history:${p.id}:${k}:v`, type: 'view', postId: p.id, viewerId: `viewer-${v}` });
				if (rng() < this.likeChance(v, p.topic, p.type)) {
					events.push({ id: `history:${p.id}:${k}:l`, type: 'like', postId: p.id, viewerId: `viewer-${v}` });
					if (rng() < AUDIENCE.shareOfLikes) events.push({ id: `history:${p.id}:${k}:s`, type: 'share', postId: p.id, viewerId: `viewer-${v}` });
				}
			}
		}
		let recorded = 0;
		for (let i = 0; i < events.length; i += MAX_EVENTS_PER_BATCH) recorded += (await ingestEngagementEvents(db.pool, events.slice(i, i + MAX_EVENTS_PER_BATCH))).recorded;
		return recorded;
	}

	/** A copy of this audience with the same draws and the history's tallies, for the other mode. */
	fork(): Audience {
		const copy = Object.create(Audience.prototype) as Audience;
		Object.assign(copy, this, { tallies: new Map([...this.tallies].map(([k, v]) => [k, { ...v }])) });
		return copy;
	}

	/** One round: sessions, views, likes and shares, recorded through the ingestion. */
	async round(db: Db, round: number, label: string): Promise<number> {
		// Post ids are random: draws, order and ties go by a stable key instead (the bot's id, seeded,
		// and the post's place among that bot's posts), so the same seed sees the same feed.
		const { rows: feed } = await db.pool.query<{ id: string; key: string; botId: string; type: string; caption: string; topic: string | null }>(
			`WITH recent AS (
			   SELECT p.id, p."botId", p.type::text AS type, p.caption, p."mediaMeta" ->> 'topic' AS topic, p."engagementScore", p."publishedAt",
			          p."botId" || ':' || (SELECT count(*) FROM posts q WHERE q."botId" = p."botId" AND q."createdAt" <= p."createdAt") AS key
			     FROM posts p WHERE p."publishedAt" > now() - interval '24 hours'
			 )
			 (SELECT id, key, "botId", type, caption, topic FROM recent ORDER BY "engagementScore" DESC, key LIMIT $1)
			 UNION
			 (SELECT id, key, "botId", type, caption, topic FROM recent ORDER BY "publishedAt" DESC, key LIMIT $2)`,
			[AUDIENCE.topByScore, AUDIENCE.newest]
		);
		for (const p of feed) {
			if (!this.tallies.has(p.id)) this.tallies.set(p.id, { botId: p.botId, topic: this.topicOf(p.botId, p.caption, p.topic), type: p.type, round, views: 0, likes: 0, shares: 0, early: 0, earlyViews: 0 });
		}
		const events: Array<{ id: string; type: 'view' | 'like' | 'share'; postId: string; viewerId: string }> = [];
		for (let v = 0; v < AUDIENCE.viewers; v++) {
			const rng = seededRng('bench-session', this.seed, round, v);
			if (rng() >= AUDIENCE.openChance) continue;
			for (const p of [...feed].sort((a, b) => a.key.localeCompare(b.key))) {
				const t = this.tallies.get(p.id)!;
				const draw = seededRng('bench-view', this.seed, round, v, p.key);
				events.push({ id: `${label}:${++this.eventSeq}`, type: 'view', postId: p.id, viewerId: `viewer-${v}` });
				t.views++;
				if (round - t.round < 12) t.earlyViews++;
				if (draw() < this.likeChance(v, t.topic, t.type)) {
					events.push({ id: `${label}:${++this.eventSeq}`, type: 'like', postId: p.id, viewerId: `viewer-${v}` });
					if (draw() < AUDIENCE.shareOfLikes) events.push({ id: `${label}:${++this.eventSeq}`, type: 'share', postId: p.id, viewerId: `viewer-${v}` });
				}
			}
		}
		let recorded = 0;
		for (let i = 0; i < events.length; i += MAX_EVENTS_PER_BATCH) {
			const batch = events.slice(i, i + MAX_EVENTS_PER_BATCH);
			const result = await ingestEngagementEvents(db.pool, batch);
			recorded += result.recorded;
		}
		// Count only what the ingestion recorded (a viewer's second like of a post is not a like).
		const { rows } = await db.pool.query<{ postId: string; type: string; n: number }>(
			`SELECT "postId", type, count(*)::int AS n FROM engagement_events WHERE id = ANY($1::text[]) AND type <> 'view' GROUP BY 1, 2`,
			[events.filter((e) => e.type !== 'view').map((e) => e.id)]
		);
		for (const r of rows) {
			const t = this.tallies.get(r.postId)!;
			if (r.type === 'like') t.likes += r.n;
			else t.shares += r.n;
			if (t.round >= 0 && round - t.round < 12) t.early += r.n;
		}
		return recorded;
	}
}
