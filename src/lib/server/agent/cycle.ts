// One BOT_CYCLE: perceive → retrieve → decide → act, then remember. The slow, billed calls
// (embeddings, the decision, importance ratings) run first and are recorded in the usage ledger
// at once; then ONE transaction writes the action (a like, a follow, or the job that will post or
// reply), the cycle's record, the new memories, a reflection job when one is due, and the
// BOT_CYCLE job's completion. The record's key is the job id (unique): a retried cycle finds it
// and does not act twice, and an attempt that lost its job commits nothing.
import type { Db } from '../db/client.ts';
import { Prisma } from '../db/generated/client.ts';
import { getProviders } from '../ai/providers.ts';
import { InvalidBotError, RECENT_WINDOW, tierCapabilities, toBotContext, type BotContext } from '../ai/types.ts';
import type { ProviderSet, UsageRecord } from '../ai/providers/types.ts';
import type { MemoryMeta } from '../ai/mind-tasks.ts';
import { enqueueJob } from '../jobs/enqueue.ts';
import { prismaQueryable } from '../jobs/types.ts';
import { recordUsage } from '../usage.ts';
import type { AgentActionName } from '../../schemas/enums.ts';
import { perceive, observationsOf, type Perception } from './perceive/index.ts';
import { AGENT_LIMITS, loadAgentCounts, openActions } from './limits.ts';
import { retrieveMemories, touchMemories, type RetrievedMemory } from './retrieval.ts';
import { buildSituation, decide, type Decision, type TopicReflection } from './decide.ts';
import { act, type ActOutcome } from './act.ts';
import { embeddingModelId, importanceSinceReflection, prepareMemories, REFLECTION_THRESHOLD, writeMemories, type NewMemory } from './memory.ts';

/** The bot cannot run a cycle at all (deleted, deactivated, owner suspended, unreadable persona). */
export class AgentUnavailableError extends Error {
	override name = 'AgentUnavailableError';
}

/** The bot is no longer an active agent (autonomy or scheduling turned off meanwhile). */
export class AgentOffError extends Error {
	override name = 'AgentOffError';
}

/** Memories a decision is given. */
export const RETRIEVE_K = 8;

export interface CycleOptions {
	/** Idempotency key: the BOT_CYCLE job's id. */
	key: string;
	/**
	 * Seeds the decision (the local policy's draw) and, through the intent, the post or reply it
	 * leads to. Default `<botId>:<n>` for the bot's n-th cycle: not the job id, so the same bots in
	 * the same situations decide the same way (npm run bench:agents reproduces with --seed).
	 */
	seed?: string;
	jobId?: string | null;
	providers?: ProviderSet;
	now?: Date;
	signal?: AbortSignal;
	/** Runs last inside the cycle's transaction (the handler completes its job there). */
	inTransaction?: (tx: Prisma.TransactionClient) => Promise<void>;
}

export interface CycleResult {
	cycleId: string;
	/** False when this key's cycle had already run (a retry). */
	created: boolean;
	action: AgentActionName;
	reason: string;
	outcome: ActOutcome;
	/** True when this cycle enqueued a reflection. */
	reflectionQueued: boolean;
}

const VERB: Record<AgentActionName, string> = { POST: 'post', RESPOND: 'respond', LIKE: 'like a post', FOLLOW: 'follow a bot', IDLE: 'stay quiet' };

/** What the bot remembers of its own decision (first person, like the paper's action memories). */
function actionMemory(decision: Decision): NewMemory {
	const t = decision.target;
	const about = decision.action === 'POST' ? ` about ${decision.topic}` : t ? ` (@${t.handle}${t.kind === 'post' ? `'s post "${t.caption.slice(0, 60)}"` : t.kind === 'comment' ? `'s comment "${t.text.slice(0, 60)}"` : ''})` : '';
	const meta: MemoryMeta = {
		about: 'action',
		action: decision.action,
		topic: decision.topic,
		...(t?.kind === 'post' || t?.kind === 'comment' ? { postId: t.postId } : {}),
		...(t?.kind === 'comment' ? { commentId: t.commentId } : {}),
		...(t ? { botHandle: t.handle } : {})
	};
	return { kind: 'action', content: `I decided to ${VERB[decision.action]}${about}: ${decision.reason}`, meta };
}

/** The bot's recent reflections that speak to a topic (they steer what it posts about). */
async function topicReflections(db: Db, botId: string): Promise<Array<TopicReflection & { id: string }>> {
	const rows = await db.prisma.botMemory.findMany({
		where: { botId, kind: 'reflection' },
		orderBy: { createdAt: 'desc' },
		take: 12,
		select: { id: true, content: true, importance: true, meta: true }
	});
	return rows.map((r) => {
		const meta = (r.meta ?? {}) as MemoryMeta;
		return { id: r.id, content: r.content, importance: r.importance, topic: meta.topic ?? null, valence: meta.valence ?? 'neutral' };
	});
}

async function loadAgent(db: Db, botId: string) {
	const bot = await db.prisma.bot.findUnique({
		where: { id: botId },
		include: { owner: { select: { status: true } }, posts: { orderBy: { createdAt: 'desc' }, take: RECENT_WINDOW, select: { type: true } } }
	});
	if (!bot) throw new AgentUnavailableError(`Bot ${botId} does not exist (deleted?)`);
	if (!bot.isActive) throw new AgentUnavailableError(`Bot @${bot.handle} is deactivated`);
	if (bot.owner.status !== 'ACTIVE') throw new AgentUnavailableError(`The owner of @${bot.handle} is suspended`);
	if (bot.autonomy !== 'agent' || !bot.schedulingEnabled) throw new AgentOffError(`@${bot.handle} is not acting on its own now (autonomy ${bot.autonomy}, scheduling ${bot.schedulingEnabled ? 'on' : 'off'})`);
	let ctx: BotContext;
	try {
		ctx = toBotContext(bot, bot.posts.map((p) => p.type));
	} catch (error) {
		if (error instanceof InvalidBotError) throw new AgentUnavailableError(error.message);
		throw error;
	}
	return { bot, ctx };
}

const excerpt = (text: string, max = 140) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

// The post an excerpt quotes, kept beside it so the Mind page can leave out withdrawn posts' content.
const itemPostId = (item: Perception['items'][number]['item']): string | null => (item.kind === 'post' ? item.id : item.kind === 'comment' || item.kind === 'engagement' ? item.postId : null);
const targetPostId = (target: Decision['target'] | undefined): string | null => (target && target.kind !== 'bot' ? target.postId : null);

/** What the Mind page shows of a perception (small: counts and excerpts, each with its post id). */
function perceivedSummary(perception: Perception, memories: readonly RetrievedMemory[], built: ReturnType<typeof buildSituation>) {
	const count = (kind: string) => perception.items.filter((i) => i.item.kind === kind).length;
	return {
		since: perception.since.toISOString(),
		counts: { posts: count('post'), comments: count('comment'), engagement: count('engagement'), trends: count('trend'), new: perception.items.filter((i) => i.isNew).length },
		items: perception.items.slice(0, 16).map((i) => ({ kind: i.item.kind, text: excerpt(i.content), relevance: Math.round(i.relevance * 100) / 100, new: i.isNew, postId: itemPostId(i.item) })),
		candidates: built.situation.candidates.map((c) => ({ label: c.label, kind: c.kind, author: c.author, text: excerpt(c.text, 100), relevance: c.relevance, actions: c.actions, postId: targetPostId(built.targets.get(c.label)) })),
		memories: memories.map((m) => ({ id: m.id, kind: m.kind, content: excerpt(m.content, 160), score: Math.round(m.score * 1000) / 1000, recency: Math.round(m.recency * 100) / 100, importance: Math.round(m.importance * 100) / 100, relevance: Math.round(m.relevance * 100) / 100, postId: m.meta.postId ?? null })),
		query: excerpt(perception.queryText, 240)
	};
}

/**
 * Runs one cycle for an agent bot. Throws AgentUnavailableError (permanent) or AgentOffError (the
 * job is moot); provider errors propagate (the job retries). Returns the existing cycle when
 * `options.key` already ran.
 */
export async function runCycle(db: Db, botId: string, options: CycleOptions): Promise<CycleResult> {
	const existing = await db.prisma.agentCycle.findUnique({ where: { key: options.key }, select: { id: true, action: true, reason: true, outcome: true } });
	if (existing) return { cycleId: existing.id, created: false, action: existing.action as AgentActionName, reason: existing.reason, outcome: existing.outcome as unknown as ActOutcome, reflectionQueued: false };

	const started = performance.now();
	const now = options.now ?? new Date();
	const providers = options.providers ?? getProviders();
	const { bot, ctx } = await loadAgent(db, botId);
	const usage: UsageRecord[] = [];

	const perception = await perceive(db, { ctx, crewId: bot.crewId, tier: bot.tier }, providers.embedding, { now, signal: options.signal });
	usage.push(...perception.usage);
	const model = embeddingModelId(providers.embedding);
	const [counts, memories, reflections, ordinal] = await Promise.all([
		loadAgentCounts(db, botId),
		// Recalled memories are refreshed in the transaction below, with the rest of the cycle.
		retrieveMemories(db, botId, { vector: perception.query, model }, { k: RETRIEVE_K, now, touch: false }),
		topicReflections(db, botId),
		options.seed === undefined ? db.prisma.agentCycle.count({ where: { botId } }) : Promise.resolve(0)
	]);
	const seed = options.seed ?? `${botId}:${ordinal}`;
	const limits = AGENT_LIMITS[bot.tier];
	const postsPerDay = Math.min(bot.postsPerDay, tierCapabilities(bot.tier).maxPostsPerDay);
	const open = openActions({ tier: bot.tier, postsPerDay: bot.postsPerDay }, counts);
	const built = buildSituation({
		ctx,
		perception,
		open,
		counts,
		limits: { postsPerDay, commentCap: limits.commentsPerDay, likeCap: limits.likesPerDay },
		memories,
		reflections,
		trendAware: tierCapabilities(bot.tier).trendAwareTags,
		hoursSinceLastPost: bot.lastPostedAt ? (now.getTime() - bot.lastPostedAt.getTime()) / 3_600_000 : null,
		cycleMinutes: bot.cycleMinutes
	});

	let decision: Decision;
	let prepared;
	try {
		const decided = await decide(ctx, providers, built, { seed, signal: options.signal });
		decision = decided.decision;
		usage.push(decided.usage);
		const observations = observationsOf(perception);
		const memoriesToWrite = [...observations.map((o) => o.memory), actionMemory(decision)];
		const ready = await prepareMemories(ctx, providers, memoriesToWrite, { vectors: observations.map((o) => o.vector), signal: options.signal });
		usage.push(...ready.usage);
		prepared = ready.prepared;
	} finally {
		// Spent is spent: the ledger keeps what the calls so far cost, whatever happens next.
		await recordUsage(db.prisma, usage, { jobId: options.jobId ?? null, botId });
	}
	const costUsd = usage.reduce((s, u) => s + u.costUsd, 0);
	// Positive reflections that bear on a POST's topic travel with the intent into the caption.
	const insights = decision.action === 'POST' ? reflections.filter((r) => r.valence === 'positive' && r.topic?.toLowerCase() === decision.topic?.toLowerCase()).map((r) => r.content) : [];

	try {
		return await db.prisma.$transaction(async (tx) => {
			// The bot may have been archived or switched off while this cycle thought: acting now
			// would queue work archiving just cancelled. FOR SHARE waits for an archive in flight.
			const [still] = await tx.$queryRaw<{ archivedAt: Date | null; schedulingEnabled: boolean; autonomy: string }[]>`SELECT "archivedAt", "schedulingEnabled", autonomy FROM bots WHERE id = ${botId} FOR SHARE`;
			if (!still || still.archivedAt || !still.schedulingEnabled || still.autonomy !== 'agent') {
				throw new AgentOffError(`@${bot.handle} stopped acting on its own during this cycle (archived or switched off): nothing was done`);
			}
			const outcome = await act(tx, bot, decision, { cycleKey: options.key, insights, seed });
			const cycle = await tx.agentCycle.create({
				data: {
					botId,
					key: options.key,
					jobId: options.jobId ?? null,
					startedAt: now,
					durationMs: Math.round(performance.now() - started),
					perceived: JSON.parse(JSON.stringify(perceivedSummary(perception, memories, built))),
					action: decision.action,
					reason: decision.reason,
					decision: JSON.parse(
						JSON.stringify({
							topic: decision.topic,
							label: decision.label,
							target: decision.target,
							decider: decision.decider,
							overruled: decision.overruled,
							seed,
							allowed: built.situation.allowed,
							closed: built.situation.closed,
							topics: built.situation.topics,
							limits: built.situation.limits
						})
					),
					outcome: JSON.parse(JSON.stringify(outcome)),
					actionJobId: outcome.jobId ?? null,
					costUsd: costUsd.toFixed(6)
				},
				select: { id: true }
			});
			await writeMemories(tx, botId, prepared, cycle.id, now);
			const q = prismaQueryable(tx);
			await touchMemories(q, memories.map((m) => m.id), now);
			let reflectionQueued = false;
			if ((await importanceSinceReflection(q, botId)) > REFLECTION_THRESHOLD) {
				reflectionQueued = (await enqueueJob(q, { type: 'BOT_REFLECT', botId, key: `reflect:${botId}`, payload: { botId } })) !== null;
			}
			await options.inTransaction?.(tx);
			return { cycleId: cycle.id, created: true, action: decision.action, reason: decision.reason, outcome, reflectionQueued };
		});
	} catch (error) {
		// Another attempt with the same key committed first: its cycle stands, this one acted on nothing.
		if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
			const winner = await db.prisma.agentCycle.findUnique({ where: { key: options.key }, select: { id: true, action: true, reason: true, outcome: true } });
			if (winner) return { cycleId: winner.id, created: false, action: winner.action as AgentActionName, reason: winner.reason, outcome: winner.outcome as unknown as ActOutcome, reflectionQueued: false };
		}
		throw error;
	}
}
