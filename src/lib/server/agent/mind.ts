// What a bot's Mind page reads: its cycles (what it perceived, what it decided and why, what that
// did, with the job and the post or reply it led to, and what it cost), its memories (newest, or
// searched by relevance with the retrieval formula's parts shown), its reflections with the
// memories they cite, and the day's figures. Read-only: searching does not refresh memories.
// A search embeds its text, so it goes through the same budget and provider breakers as the
// bot's own jobs (ops/budgets.ts, ops/breakers.ts): over budget or with the embedding model
// paused it is refused with the reason, and nothing is spent.
import type { Db } from '../db/client.ts';
import { getProviders } from '../ai/providers.ts';
import { ProviderError, type ProviderSet } from '../ai/providers/types.ts';
import { botBudgetStatus } from '../ops/budgets.ts';
import { breakerBoardFor, guardProviders, providersWait, type BreakerBoard } from '../ops/breakers.ts';
import type { MemoryMeta } from '../ai/mind-tasks.ts';
import { recordUsage } from '../usage.ts';
import type { MemoryKindName } from '../../schemas/enums.ts';
import { embeddingModelId, importanceSinceReflection, REFLECTION_THRESHOLD } from './memory.ts';
import { retrieveMemories } from './retrieval.ts';
import { withdrawnPosts, withoutWithdrawn } from './withdrawn-posts.ts';
import type { ActOutcome } from './act.ts';

export interface MindSummary {
	autonomy: 'scheduled' | 'agent';
	schedulingEnabled: boolean;
	cycleMinutes: number;
	nextCycleAt: Date | null;
	/** Cycles in the last 24 h, by decision. */
	decisions: Record<string, number>;
	cyclesLast24h: number;
	/** What the cycles' own calls cost in the last 24 h, and per cycle on average. */
	cycleCostUsd: number;
	costPerCycleUsd: number;
	/** Everything the bot's calls cost in the last 24 h (cycles, posts, replies, reflections). */
	totalCostUsd: number;
	memories: number;
	reflections: number;
	/** Progress towards the next reflection. */
	importanceSinceReflection: number;
	reflectionThreshold: number;
}

/**
 * The Mind page's header figures for `botId`: autonomy and rhythm, the last 24 h of cycles by
 * decision and what they cost (USD), memory counts and progress towards the next reflection.
 * Throws Prisma's NotFoundError when the bot does not exist (callers check access first).
 */
export async function mindSummary(db: Db, botId: string): Promise<MindSummary> {
	const [bot, mix, cost, counts, since] = await Promise.all([
		db.prisma.bot.findUniqueOrThrow({ where: { id: botId }, select: { autonomy: true, schedulingEnabled: true, cycleMinutes: true, nextCycleAt: true } }),
		db.pool.query<{ action: string; n: number; cost: string }>(
			`SELECT action, count(*)::int AS n, sum("costUsd")::text AS cost FROM agent_cycles WHERE "botId" = $1 AND "startedAt" > now() - interval '24 hours' GROUP BY action`,
			[botId]
		),
		db.pool.query<{ total: string }>(`SELECT coalesce(sum("costUsd"), 0)::text AS total FROM usage_events WHERE "botId" = $1 AND "createdAt" > now() - interval '24 hours'`, [botId]),
		db.pool.query<{ memories: number; reflections: number }>(
			`SELECT count(*)::int AS memories, count(*) FILTER (WHERE kind = 'reflection')::int AS reflections FROM bot_memories WHERE "botId" = $1`,
			[botId]
		),
		importanceSinceReflection(db.pool, botId)
	]);
	const cycles = mix.rows.reduce((s, r) => s + r.n, 0);
	const cycleCost = mix.rows.reduce((s, r) => s + Number(r.cost), 0);
	return {
		...bot,
		decisions: Object.fromEntries(mix.rows.map((r) => [r.action, r.n])),
		cyclesLast24h: cycles,
		cycleCostUsd: cycleCost,
		costPerCycleUsd: cycles ? cycleCost / cycles : 0,
		totalCostUsd: Number(cost.rows[0].total),
		memories: counts.rows[0].memories,
		reflections: counts.rows[0].reflections,
		importanceSinceReflection: since,
		reflectionThreshold: REFLECTION_THRESHOLD
	};
}

export interface PerceivedSummary {
	since: string;
	counts: { posts: number; comments: number; engagement: number; trends: number; new: number };
	/** postId: the post an excerpt quotes (absent in cycles recorded before it was kept). */
	items: Array<{ kind: string; text: string; relevance: number; new: boolean; postId?: string | null }>;
	candidates: Array<{ label: string; kind: string; author: string; text: string; relevance: number; actions: string[]; postId?: string | null }>;
	memories: Array<{ id: string; kind: string; content: string; score: number; recency: number; importance: number; relevance: number; postId?: string | null }>;
	query: string;
}

/** What the Mind page says in place of an excerpt from a post that is no longer published. */
export const WITHDRAWN_EXCERPT = 'A post that is no longer published.';

/** The summary with every excerpt of a withdrawn post replaced by WITHDRAWN_EXCERPT. */
function scrubPerceived(p: PerceivedSummary, withdrawn: Set<string>): PerceivedSummary {
	const gone = (postId: string | null | undefined) => Boolean(postId && withdrawn.has(postId));
	// The retrieval query is built from everything perceived, so it may quote a withdrawn post too;
	// older records have no post ids at all, and their query is kept as it was.
	const quotesWithdrawn = [...(p.items ?? []), ...(p.candidates ?? [])].some((x) => gone(x.postId));
	return {
		...p,
		query: quotesWithdrawn ? WITHDRAWN_EXCERPT : p.query,
		items: (p.items ?? []).map((i) => (gone(i.postId) ? { ...i, text: WITHDRAWN_EXCERPT } : i)),
		candidates: (p.candidates ?? []).map((c) => (gone(c.postId) ? { ...c, text: WITHDRAWN_EXCERPT } : c)),
		memories: (p.memories ?? []).map((m) => (gone(m.postId) ? { ...m, content: WITHDRAWN_EXCERPT } : m))
	};
}

export interface CycleView {
	id: string;
	startedAt: Date;
	durationMs: number;
	action: string;
	reason: string;
	perceived: PerceivedSummary;
	decision: { topic: string | null; label: string | null; target: { kind: string; handle: string } | null; decider: string; overruled: string | null; allowed: string[]; closed: Record<string, string> };
	outcome: ActOutcome;
	costUsd: number;
	/** The job the action enqueued, with what became of it. */
	actionJob: { id: string; type: string; status: string; costUsd: number } | null;
	/** The post it led to (a POST), or the post its reply or like is on; caption null unless published. */
	post: { id: string; caption: string | null; published: boolean; status: string } | null;
	/** The reply it led to (a RESPOND); text null when moderation rejected it. */
	comment: { id: string; text: string | null; status: string } | null;
	jobId: string | null;
}

/** A bot's cycles, newest first, `limit` per page (cursor: the last cycle id of the previous page). */
export async function listCycles(db: Db, botId: string, options: { limit?: number; cursor?: string } = {}): Promise<{ cycles: CycleView[]; nextCursor: string | null }> {
	const limit = options.limit ?? 20;
	const rows = await db.prisma.agentCycle.findMany({
		where: { botId },
		orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
		take: limit + 1,
		...(options.cursor ? { cursor: { id: options.cursor }, skip: 1 } : {}),
		include: { actionJob: { select: { id: true, type: true, status: true } } }
	});
	const page = rows.slice(0, limit);
	const jobIds = page.map((c) => c.actionJobId).filter((id): id is string => Boolean(id));
	const outcomePosts = page.map((c) => (c.outcome as unknown as ActOutcome).postId).filter((id): id is string => Boolean(id));
	const [posts, comments, jobCosts] = await Promise.all([
		db.prisma.post.findMany({ where: { OR: [{ jobId: { in: jobIds } }, { id: { in: outcomePosts } }] }, select: { id: true, caption: true, jobId: true, publishedAt: true, moderationStatus: true } }),
		db.prisma.comment.findMany({ where: { jobId: { in: jobIds } }, select: { id: true, text: true, jobId: true, moderationStatus: true } }),
		jobIds.length
			? db.pool.query<{ jobId: string; cost: string }>(`SELECT "jobId", sum("costUsd")::text AS cost FROM usage_events WHERE "jobId" = ANY($1::uuid[]) GROUP BY "jobId"`, [jobIds])
			: Promise.resolve({ rows: [] as Array<{ jobId: string; cost: string }> })
	]);
	const cost = new Map(jobCosts.rows.map((r) => [r.jobId, Number(r.cost)]));
	// Excerpts of posts that are no longer published are replaced, whoever looks.
	const perceived = page.map((c) => c.perceived as unknown as PerceivedSummary);
	const withdrawn = await withdrawnPosts(
		db.pool,
		perceived.flatMap((p) => [...(p.items ?? []), ...(p.candidates ?? []), ...(p.memories ?? [])].map((x) => x.postId))
	);
	const cycles = page.map((c, i): CycleView => {
		const outcome = c.outcome as unknown as ActOutcome;
		const post = posts.find((p) => (c.actionJobId && p.jobId === c.actionJobId) || p.id === outcome.postId) ?? null;
		const comment = comments.find((x) => c.actionJobId && x.jobId === c.actionJobId) ?? null;
		const decision = c.decision as unknown as CycleView['decision'];
		const published = post ? post.publishedAt !== null && post.moderationStatus !== 'REJECTED' : false;
		return {
			id: c.id,
			startedAt: c.startedAt,
			durationMs: c.durationMs,
			action: c.action,
			reason: c.reason,
			perceived: scrubPerceived(perceived[i], withdrawn),
			// The stored target also quotes its post or comment; the page needs only whom it was aimed at.
			decision: { ...decision, target: decision.target ? { kind: decision.target.kind, handle: decision.target.handle } : null },
			outcome,
			costUsd: Number(c.costUsd),
			actionJob: c.actionJob ? { ...c.actionJob, costUsd: cost.get(c.actionJob.id) ?? 0 } : null,
			post: post ? { id: post.id, caption: published ? post.caption : null, published, status: post.moderationStatus } : null,
			comment: comment ? { id: comment.id, text: comment.moderationStatus === 'REJECTED' ? null : comment.text, status: comment.moderationStatus } : null,
			jobId: c.jobId
		};
	});
	return { cycles, nextCursor: rows.length > limit ? page[page.length - 1].id : null };
}

export interface MemoryView {
	id: string;
	kind: MemoryKindName;
	content: string;
	importance: number;
	createdAt: Date;
	lastAccessedAt: Date;
	meta: MemoryMeta;
	sources: string[];
	/** With a search: the retrieval score and its normalised parts. */
	score?: { total: number; recency: number; importance: number; relevance: number };
}

/** A memory search cannot run now (the bot is over budget, or the embedding model is paused). */
export class MemorySearchUnavailableError extends Error {
	override name = 'MemorySearchUnavailableError';
	constructor(
		message: string,
		/** When it may work again. */
		readonly retryAt: Date
	) {
		super(message);
	}
}

const hhmm = (d: Date) => `${d.toISOString().slice(11, 16)} UTC`;

/**
 * Refuses a search the bot's jobs would not be allowed to make: over its (or the global) daily
 * budget, or with the embedding model's breaker open. Throws MemorySearchUnavailableError.
 */
async function searchGate(db: Db, botId: string, providers: ProviderSet, board: BreakerBoard): Promise<void> {
	const budget = await botBudgetStatus(db.pool, botId);
	if (budget?.blocked) {
		const why = budget.blocked.reason.replace(/; waits until .*$/, '');
		throw new MemorySearchUnavailableError(`Memory search is unavailable until 00:00 UTC. ${why}. The newest memories are still listed without a search.`, budget.blocked.until);
	}
	const wait = await providersWait(board, providers, ['embedding']);
	if (wait) throw pausedSearch(wait.until, wait.reason.replace(/^Waiting for /, ''));
}

function pausedSearch(until: Date, reason: string): MemorySearchUnavailableError {
	return new MemorySearchUnavailableError(`Memory search is paused until ${hhmm(until)}: the embedding model is paused (${reason}). The newest memories are still listed without a search.`, until);
}

/**
 * A bot's memories: the newest `limit` (of `kind` if given), or — with `search` — the `limit` the
 * retrieval formula ranks highest for that text (without refreshing them). A search embeds the
 * text with the configured model (through its breaker) and bills it to the bot; it throws
 * MemorySearchUnavailableError when the bot is over budget or the model is paused. `providers`
 * and `board` default to the configured ones (tests pass their own).
 */
export async function listMemories(
	db: Db,
	botId: string,
	options: { search?: string; kind?: MemoryKindName; limit?: number; providers?: ProviderSet; board?: BreakerBoard } = {}
): Promise<MemoryView[]> {
	const limit = options.limit ?? 30;
	const search = options.search?.trim();
	if (!search) {
		const rows = await db.prisma.botMemory.findMany({
			where: { botId, ...(options.kind ? { kind: options.kind } : {}) },
			orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
			// Over-fetch: memories of withdrawn posts are dropped below, and the page should still
			// show `limit` when older visible ones exist (forgetPostContent keeps such rows rare).
			take: limit * 2,
			select: { id: true, kind: true, content: true, importance: true, createdAt: true, lastAccessedAt: true, meta: true, sources: true }
		});
		const visible = (await withoutWithdrawn(db.pool, rows, (r) => (r.meta as MemoryMeta | null)?.postId)).slice(0, limit);
		return visible.map((r) => ({ ...r, kind: r.kind as MemoryKindName, meta: (r.meta ?? {}) as MemoryMeta }));
	}
	const providers = options.providers ?? getProviders();
	const board = options.board ?? breakerBoardFor(db.pool);
	await searchGate(db, botId, providers, board);
	const embedding = guardProviders(providers, board).embedding;
	let embedded;
	try {
		embedded = await embedding.embed([search]);
	} catch (error) {
		// Paused between the check and the call (another process opened the breaker).
		if (error instanceof ProviderError && error.kind === 'paused') throw pausedSearch(new Date(Date.now() + (error.retryAfterMs ?? 60_000)), error.message);
		throw error;
	}
	await recordUsage(db.prisma, [embedded.usage], { botId });
	const found = await retrieveMemories(db, botId, { vector: embedded.vectors[0], model: embeddingModelId(embedding) }, { k: limit, touch: false, kinds: options.kind ? [options.kind] : undefined });
	return found.map((m) => ({
		id: m.id,
		kind: m.kind,
		content: m.content,
		importance: Math.round(m.raw.importance),
		createdAt: m.createdAt,
		lastAccessedAt: m.lastAccessedAt,
		meta: m.meta,
		sources: m.sources,
		score: { total: m.score, recency: m.recency, importance: m.importance, relevance: m.relevance }
	}));
}

export interface ReflectionView {
	id: string;
	content: string;
	importance: number;
	createdAt: Date;
	topic: string | null;
	valence: string | null;
	sources: Array<{ id: string; kind: string; content: string }>;
}

/** The bot's reflections, newest first, each with the memories it cites. */
export async function listReflections(db: Db, botId: string, limit = 20): Promise<ReflectionView[]> {
	const rows = await db.prisma.botMemory.findMany({
		where: { botId, kind: 'reflection' },
		orderBy: { createdAt: 'desc' },
		take: limit,
		select: { id: true, content: true, importance: true, createdAt: true, meta: true, sources: true }
	});
	const ids = [...new Set(rows.flatMap((r) => r.sources))];
	const cited = ids.length ? await db.prisma.botMemory.findMany({ where: { id: { in: ids }, botId }, select: { id: true, kind: true, content: true, meta: true } }) : [];
	const sources = (await withoutWithdrawn(db.pool, cited, (m) => (m.meta as MemoryMeta | null)?.postId)).map(({ meta: _meta, ...m }) => m);
	const byId = new Map(sources.map((s) => [s.id, s]));
	return rows.map((r) => {
		const meta = (r.meta ?? {}) as MemoryMeta;
		return {
			id: r.id,
			content: r.content,
			importance: r.importance,
			createdAt: r.createdAt,
			topic: meta.topic ?? null,
			valence: meta.valence ?? null,
			sources: r.sources.map((id) => byId.get(id)).filter((s): s is NonNullable<typeof s> => Boolean(s))
		};
	});
}
