// A bot's memory stream (Park et al. 2023, Generative Agents §4.1): everything it observed, did
// and concluded, in natural language, each with an importance rating (1 mundane … 10 poignant,
// rated by the text model when stored; the local model rates with the heuristic documented in
// ai/providers/local/mind/importance.ts) and an embedding for relevance. Stored in PostgreSQL
// (bot_memories); read back by retrieval.ts.
import { z } from 'zod';
import type { Prisma } from '../db/generated/client.ts';
import type { Queryable } from '../jobs/types.ts';
import type { BotContext } from '../ai/types.ts';
import type { ImportanceItem, MemoryMeta } from '../ai/mind-tasks.ts';
import type { EmbeddingModel, ProviderSet, UsageRecord } from '../ai/providers/types.ts';
import { buildPersonaPrompt } from '../ai/caption.ts';
import type { MemoryKindName } from '../../schemas/enums.ts';
import { cleanText, truncateText } from '../../text/safe-text.ts';
import { encodeVector } from './vectors.ts';
import { forgetVectors, rememberVector } from './retrieval.ts';

/** Reflect once the importance of what happened since the last reflection adds up past this (the paper's 150). */
export const REFLECTION_THRESHOLD = 150;
/** Longest memory text stored. */
export const MEMORY_MAX_CHARS = 600;

export interface NewMemory {
	kind: MemoryKindName;
	content: string;
	meta: MemoryMeta;
	/** What it is a memory of ("post:<id>"): remembered once per bot. */
	sourceKey?: string | null;
	/** Reflections: the memories they rest on. */
	sources?: string[];
}

export interface PreparedMemory extends NewMemory {
	importance: number;
	vector: Float32Array;
	embeddingModel: string;
}

/** The name vectors are filed under: only vectors with the same name are compared. */
export function embeddingModelId(model: Pick<EmbeddingModel, 'provider' | 'model' | 'dimensions'>): string {
	return `${model.provider}:${model.model}:${model.dimensions}`;
}

/** Memory text as stored: one clean line, cut at MEMORY_MAX_CHARS. */
export function memoryText(text: string): string {
	return truncateText(cleanText(text).replace(/\s+/g, ' ').trim(), MEMORY_MAX_CHARS);
}

const importanceJsonSchema = {
	type: 'object',
	additionalProperties: false,
	required: ['ratings'],
	properties: { ratings: { type: 'array', items: { type: 'integer', description: '1 (mundane) to 10 (poignant)' }, description: 'One rating per memory, in order.' } }
} as const;

/**
 * Rates memories 1–10 in one call, with the paper's poignancy prompt. The answer must hold one
 * rating per memory; out-of-range ratings are clamped.
 */
export async function rateImportance(
	ctx: BotContext,
	items: readonly ImportanceItem[],
	text: ProviderSet['text'],
	options: { signal?: AbortSignal } = {}
): Promise<{ ratings: number[]; usage: UsageRecord | null }> {
	if (items.length === 0) return { ratings: [], usage: null };
	const schema = z.object({ ratings: z.array(z.number()).length(items.length) });
	const { value, usage } = await text.generateJson({
		operation: 'importance',
		system: `${buildPersonaPrompt(ctx)}\n\nYou are rating ${ctx.name}'s memories.`,
		user: [
			'On the scale of 1 to 10, where 1 is purely mundane (e.g., scrolling past a post, a routine like) and 10 is extremely poignant (e.g., a post of mine taking off, a friend turning on me), rate the likely poignancy of each of the following memories, for me.',
			...items.map((item, i) => `${i + 1}. ${item.content}`),
			`Return JSON with: ratings (${items.length} integers, in order).`
		].join('\n'),
		schemaName: 'rudo_importance',
		jsonSchema: importanceJsonSchema,
		schema,
		task: { kind: 'importance', bot: ctx, items: [...items] },
		temperature: 0,
		maxOutputTokens: 20 + items.length * 4,
		signal: options.signal
	});
	return { ratings: value.ratings.map((r) => Math.min(10, Math.max(1, Math.round(r)))), usage };
}

/**
 * New memories made ready to store: rated (one text call) and embedded (one embedding call), unless
 * their vectors are given (`vectors[i]`, e.g. from the perception batch). Returns the calls' usage.
 */
export async function prepareMemories(
	ctx: BotContext,
	providers: Pick<ProviderSet, 'text' | 'embedding'>,
	memories: readonly NewMemory[],
	options: { vectors?: ReadonlyArray<Float32Array | undefined>; signal?: AbortSignal } = {}
): Promise<{ prepared: PreparedMemory[]; usage: UsageRecord[] }> {
	if (memories.length === 0) return { prepared: [], usage: [] };
	const clean = memories.map((m) => ({ ...m, content: memoryText(m.content) }));
	const toEmbed = clean.map((m, i) => (options.vectors?.[i] ? null : m.content));
	const texts = toEmbed.filter((t): t is string => t !== null);
	const [rated, embedded] = await Promise.all([
		rateImportance(ctx, clean.map((m) => ({ kind: m.kind, content: m.content, meta: m.meta })), providers.text, options),
		texts.length ? providers.embedding.embed(texts, options) : Promise.resolve(null)
	]);
	let next = 0;
	const model = embeddingModelId(providers.embedding);
	const prepared = clean.map((m, i) => ({
		...m,
		importance: rated.ratings[i],
		vector: options.vectors?.[i] ?? embedded!.vectors[next++],
		embeddingModel: model
	}));
	return { prepared, usage: [rated.usage, embedded?.usage].filter((u): u is UsageRecord => Boolean(u)) };
}

/**
 * Stores prepared memories inside the caller's transaction. A memory whose sourceKey the bot
 * already remembers is skipped (a thing is remembered once). Returns the stored ids in order
 * (null for skipped ones).
 */
export async function writeMemories(tx: Prisma.TransactionClient, botId: string, memories: readonly PreparedMemory[], cycleId: string | null, now = new Date()): Promise<Array<string | null>> {
	if (memories.length === 0) return [];
	const rows = await tx.botMemory.createManyAndReturn({
		skipDuplicates: true,
		select: { id: true, sourceKey: true, content: true },
		data: memories.map((m) => ({
			botId,
			kind: m.kind,
			content: m.content,
			importance: m.importance,
			embeddingModel: m.embeddingModel,
			sourceKey: m.sourceKey ?? null,
			sources: m.sources ?? [],
			meta: JSON.parse(JSON.stringify(m.meta)) as Prisma.InputJsonObject,
			cycleId,
			createdAt: now,
			lastAccessedAt: now
		}))
	});
	// Match created rows back to inputs: by sourceKey where there is one, else by content in order.
	const bySource = new Map(rows.filter((r) => r.sourceKey).map((r) => [r.sourceKey!, r.id]));
	const unkeyed = rows.filter((r) => !r.sourceKey);
	const ids = memories.map((m) => {
		if (m.sourceKey) return bySource.get(m.sourceKey) ?? null;
		const at = unkeyed.findIndex((r) => r.content === m.content);
		return at < 0 ? null : unkeyed.splice(at, 1)[0].id;
	});
	const vectors = ids.flatMap((id, i) => (id ? [{ memoryId: id, embedding: encodeVector(memories[i].vector) }] : []));
	if (vectors.length) await tx.botMemoryVector.createMany({ data: vectors });
	ids.forEach((id, i) => id && rememberVector(id, memories[i].vector));
	return ids;
}

/**
 * The summed importance of what the bot remembered since its last reflection (observations and
 * actions; reflections themselves do not count). Reflection is due above REFLECTION_THRESHOLD.
 */
export async function importanceSinceReflection(q: Queryable, botId: string): Promise<number> {
	const { rows } = await q.query<{ total: number }>(
		`SELECT coalesce(sum(importance), 0)::int AS total FROM bot_memories
		  WHERE "botId" = $1 AND kind <> 'reflection'
		    AND "createdAt" > coalesce((SELECT max("createdAt") FROM bot_memories WHERE "botId" = $1 AND kind = 'reflection'), '-infinity'::timestamp)`,
		[botId]
	);
	return Number(rows[0]?.total ?? 0);
}

/** What an action memory about a withdrawn post says instead (its verb kept, the post's words gone). */
export const WITHDRAWN_ACTION_TEXT = { LIKE: 'I decided to like a post that is no longer published.', RESPOND: 'I decided to respond to a post that is no longer published.', other: 'I decided to act on a post that is no longer published.' } as const;

export interface ForgetResult {
	/** Observations about the post (the post itself, comments on it, how it did) deleted with their vectors. */
	forgotten: number;
	/** The bots' own action memories about it, rewritten without its content and unembedded. */
	neutralised: number;
}

/**
 * Makes every bot forget the content of post `postId`: call it when moderation rejects a post or
 * its creator discards (unpublishes or deletes) it, inside the transaction that does so if there
 * is one. Observations about the post — seeing it, comments on it, its results — are deleted
 * with their vectors; action memories about it ("I decided to like @x's post "…": because …") keep
 * their verb but lose the post's words, its id and their vector (their embedding model becomes
 * `withdrawn`, so no cached vector is ever compared again). Reflections are kept; a deleted source
 * simply no longer shows under them. Until this runs, reads already leave such memories out
 * (withdrawn-posts.ts). Cost: one statement that scans bot_memories (meta.postId has no index),
 * which is fine for a moderation action, not for a hot path. Idempotent.
 */
export async function forgetPostContent(q: Queryable, postId: string): Promise<ForgetResult> {
	const { rows } = await q.query<{ forgotten: string[] | null; neutralised: string[] | null }>(
		`WITH about AS (
		   SELECT id, kind FROM bot_memories
		    WHERE kind <> 'reflection' AND ("sourceKey" IN ('post:' || $1, 'engagement:' || $1) OR meta ->> 'postId' = $1)
		 ), gone AS (
		   DELETE FROM bot_memories m USING about a WHERE m.id = a.id AND a.kind = 'observation' RETURNING m.id
		 ), neutral AS (
		   UPDATE bot_memories m
		      SET content = CASE m.meta ->> 'action' WHEN 'LIKE' THEN $2 WHEN 'RESPOND' THEN $3 ELSE $4 END,
		          meta = coalesce(m.meta, '{}'::jsonb) - 'postId' - 'commentId',
		          "embeddingModel" = 'withdrawn'
		     FROM about a WHERE m.id = a.id AND a.kind = 'action'
		   RETURNING m.id
		 ), unembedded AS (
		   DELETE FROM bot_memory_vectors v USING neutral n WHERE v."memoryId" = n.id
		 )
		 SELECT (SELECT array_agg(id) FROM gone) AS forgotten, (SELECT array_agg(id) FROM neutral) AS neutralised`,
		[postId, WITHDRAWN_ACTION_TEXT.LIKE, WITHDRAWN_ACTION_TEXT.RESPOND, WITHDRAWN_ACTION_TEXT.other]
	);
	const forgotten = rows[0]?.forgotten ?? [];
	const neutralised = rows[0]?.neutralised ?? [];
	forgetVectors([...forgotten, ...neutralised]);
	return { forgotten: forgotten.length, neutralised: neutralised.length };
}
