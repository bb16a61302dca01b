// Memory retrieval as in Generative Agents (Park et al. 2023, §4.1 "Memory and Retrieval"):
//
//   score(m) = α_rec · recency(m) + α_imp · importance(m) + α_rel · relevance(m, q)
//
//   recency    = 0.995 ^ (hours since m was last retrieved)          — exponential decay
//   importance = the 1–10 rating given when m was stored
//   relevance  = cosine similarity of m's embedding and the query's
//
// Each component is min–max normalised to [0, 1] over the candidate memories before they are
// added (a component that is equal for every candidate counts 0.5, as in the paper's code), and
// all α are 1. The top k are returned and their last-access time is set to now, so what a bot
// keeps recalling stays fresh.
//
// Speed: a bot's whole stream is scored, as in the paper. The ids, ratings and access times come
// in one narrow query (the vectors live in a table of their own, bot_memory_vectors, so this scan
// reads rows of a few dozen bytes, not a kilobyte each); the vectors come from an in-process cache
// and only the ones it lacks are read (as base64). `npm run bench:agents`
// measures it for a bot with 10,000 memories.
import type { Db } from '../db/client.ts';
import type { Queryable } from '../jobs/types.ts';
import { decodeVector } from './vectors.ts';
import { withdrawnPosts } from './withdrawn-posts.ts';
import type { MemoryKindName } from '../../schemas/enums.ts';
import type { MemoryMeta } from '../ai/mind-tasks.ts';

export const RETRIEVAL_WEIGHTS = { recency: 1, importance: 1, relevance: 1 } as const;
/** Recency decays by this factor per hour since last access (the paper's 0.995 per game hour). */
export const RECENCY_DECAY_PER_HOUR = 0.995;

export interface MemoryCandidate {
	id: string;
	importance: number;
	lastAccessedAt: Date;
	/** Null when the memory was embedded by another model than the query (relevance 0). */
	vector: Float32Array | null;
}

export interface ScoredMemory {
	id: string;
	score: number;
	/** The normalised components that were added up. */
	recency: number;
	importance: number;
	relevance: number;
	/** Before normalisation: decay factor, rating, cosine. */
	raw: { recency: number; importance: number; relevance: number };
}

/** Min–max normalisation to [0, 1]; all-equal values become 0.5 (the reference implementation's choice). */
export function minMaxNormalise(values: ArrayLike<number>): number[] {
	const n = values.length;
	let min = Infinity;
	let max = -Infinity;
	for (let i = 0; i < n; i++) {
		if (values[i] < min) min = values[i];
		if (values[i] > max) max = values[i];
	}
	const range = max - min;
	const out = new Array<number>(n);
	for (let i = 0; i < n; i++) out[i] = range === 0 ? 0.5 : (values[i] - min) / range;
	return out;
}

/** The paper's recency: 0.995 per hour since the memory was last accessed (1 for now or later). */
export function recencyOf(lastAccessedAt: Date, now: Date): number {
	const hours = Math.max(0, (now.getTime() - lastAccessedAt.getTime()) / 3_600_000);
	return Math.pow(RECENCY_DECAY_PER_HOUR, hours);
}

/**
 * Scores every candidate against a query vector (the paper's retrieval function), best first.
 * Pure: no database. `query` null scores relevance 0 for all (then it counts 0.5 for all).
 */
export function scoreMemories(
	candidates: readonly MemoryCandidate[],
	query: Float32Array | null,
	now: Date,
	weights: { recency: number; importance: number; relevance: number } = RETRIEVAL_WEIGHTS
): ScoredMemory[] {
	return topMemories(candidates, query, now, candidates.length, weights);
}

/** Dot product: the cosine of two L2-normalised vectors of one model (0 for different lengths). */
function dot(a: Float32Array, b: Float32Array): number {
	if (a.length !== b.length) return 0;
	let sum = 0;
	for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
	return sum;
}

/**
 * The `k` best of scoreMemories without sorting them all (a bot may have tens of thousands).
 * Vectors are L2-normalised by every embedding model here, so relevance is their dot product.
 */
export function topMemories(
	candidates: readonly MemoryCandidate[],
	query: Float32Array | null,
	now: Date,
	k: number,
	weights: { recency: number; importance: number; relevance: number } = RETRIEVAL_WEIGHTS
): ScoredMemory[] {
	const n = candidates.length;
	const rec = new Float64Array(n);
	const imp = new Float64Array(n);
	const rel = new Float64Array(n);
	for (let i = 0; i < n; i++) {
		const c = candidates[i];
		rec[i] = recencyOf(c.lastAccessedAt, now);
		imp[i] = c.importance;
		rel[i] = query && c.vector ? dot(c.vector, query) : 0;
	}
	const nrec = minMaxNormalise(rec);
	const nimp = minMaxNormalise(imp);
	const nrel = minMaxNormalise(rel);
	const scored = (i: number): ScoredMemory => ({
		id: candidates[i].id,
		score: weights.recency * nrec[i] + weights.importance * nimp[i] + weights.relevance * nrel[i],
		recency: nrec[i],
		importance: nimp[i],
		relevance: nrel[i],
		raw: { recency: rec[i], importance: imp[i], relevance: rel[i] }
	});
	const better = (a: ScoredMemory, b: ScoredMemory) => b.score - a.score || a.id.localeCompare(b.id);
	if (k >= n) return Array.from({ length: n }, (_, i) => scored(i)).sort(better);
	// Keep the best k in a small sorted array: O(n·k) with k ≈ 8, no sort of the whole stream.
	const best: ScoredMemory[] = [];
	for (let i = 0; i < n; i++) {
		const total = weights.recency * nrec[i] + weights.importance * nimp[i] + weights.relevance * nrel[i];
		if (best.length === k && total < best[k - 1].score) continue;
		const s = scored(i);
		let at = best.length;
		while (at > 0 && better(s, best[at - 1]) < 0) at--;
		best.splice(at, 0, s);
		if (best.length > k) best.pop();
	}
	return best;
}

// ---------------------------------------------------------------------------------------------
// The vector cache: memories never change their vector, so a worker keeps the ones it has read.

const CACHE_BUDGET_BYTES = 64 * 1024 * 1024;
const cache = new Map<string, Float32Array>();
let cachedBytes = 0;

/** First in, first out: a bot's vectors are read together, so recency of insertion is enough. */
function cacheGet(id: string): Float32Array | undefined {
	return cache.get(id);
}

function cacheSet(id: string, v: Float32Array): void {
	if (cache.has(id)) return;
	cache.set(id, v);
	cachedBytes += v.byteLength;
	while (cachedBytes > CACHE_BUDGET_BYTES && cache.size > 0) {
		const [oldest, vector] = cache.entries().next().value!;
		cache.delete(oldest);
		cachedBytes -= vector.byteLength;
	}
}

/** Tests and the benchmark measure cold reads. */
export function clearVectorCache(): void {
	cache.clear();
	cachedBytes = 0;
}

/** Drops deleted memories' vectors from this process's cache (pruned or forgotten memories). */
export function forgetVectors(ids: readonly string[]): void {
	for (const id of ids) {
		const v = cache.get(id);
		if (!v) continue;
		cache.delete(id);
		cachedBytes -= v.byteLength;
	}
}

/** Puts a freshly written memory's vector in the cache (the writer has it already). */
export function rememberVector(id: string, vector: Float32Array): void {
	cacheSet(id, vector);
}

// ---------------------------------------------------------------------------------------------

export interface RetrievedMemory extends ScoredMemory {
	kind: MemoryKindName;
	content: string;
	meta: MemoryMeta;
	sources: string[];
	createdAt: Date;
	lastAccessedAt: Date;
}

export interface RetrieveOptions {
	/** How many to return (default 8). */
	k?: number;
	now?: Date;
	/**
	 * Set the returned memories' last access to now, at once (default true). A cycle passes false
	 * and calls touchMemories inside its own transaction, so a cycle that rolls back refreshes
	 * nothing; the Mind page's search passes false and never refreshes.
	 */
	touch?: boolean;
	/** Only these kinds (default all). */
	kinds?: MemoryKindName[];
}

/** Extra winners scored so that dropping a few (memories about withdrawn posts) still leaves k. */
const WITHDRAWN_MARGIN = 4;

/**
 * Sets the last access of memories `ids` to `now` through `q` (a transaction, so that the refresh
 * commits with the cycle that recalled them, or not at all).
 */
export async function touchMemories(q: Queryable, ids: readonly string[], now: Date): Promise<void> {
	if (ids.length === 0) return;
	await q.query(`UPDATE bot_memories SET "lastAccessedAt" = $2::timestamp(3) WHERE id = ANY($1::text[])`, [ids, now.toISOString().replace('Z', '')]);
}

/**
 * The k memories of `botId` that best fit a query vector of `embeddingModel` (see scoreMemories).
 * Reads every memory's id, rating and access time, the vectors the cache lacks, then the contents
 * of the winners only. Memories about a post that is no longer published (held, rejected,
 * discarded, deleted) are left out: a bot does not recall content nobody may see.
 */
export async function retrieveMemories(
	db: Db,
	botId: string,
	query: { vector: Float32Array | null; model: string },
	options: RetrieveOptions = {}
): Promise<RetrievedMemory[]> {
	const now = options.now ?? new Date();
	const k = options.k ?? 8;
	// Rows as arrays and the access time as epoch milliseconds: ten thousand rows parse in a few ms.
	const { rows } = await db.pool.query<[string, number, number, boolean]>({
		text: `SELECT id, importance, extract(epoch FROM "lastAccessedAt") * 1000, "embeddingModel" = $2 FROM bot_memories
		        WHERE "botId" = $1 AND ($3::text[] IS NULL OR kind = ANY($3::text[]))`,
		values: [botId, query.model, options.kinds ?? null],
		rowMode: 'array'
	});
	if (rows.length === 0) return [];
	const missing = rows.filter((r) => r[3] && !cache.has(r[0])).map((r) => r[0]);
	for (let i = 0; i < missing.length; i += 5_000) {
		const chunk = missing.slice(i, i + 5_000);
		// As base64 text: a third larger than the raw bytes (hex, the default, is twice), decoded natively.
		const result = await db.pool.query<[string, string]>({ text: `SELECT "memoryId", encode(embedding, 'base64') FROM bot_memory_vectors WHERE "memoryId" = ANY($1::text[])`, values: [chunk], rowMode: 'array' });
		for (const [id, b64] of result.rows) cacheSet(id, decodeVector(Buffer.from(b64, 'base64')));
	}
	const candidates: MemoryCandidate[] = rows.map(([id, importance, accessed, same]) => ({ id, importance, lastAccessedAt: new Date(Number(accessed)), vector: same ? (cacheGet(id) ?? null) : null }));
	const top = topMemories(candidates, query.vector, now, k + WITHDRAWN_MARGIN);
	if (top.length === 0) return [];
	const { rows: details } = await db.pool.query<{ id: string; kind: MemoryKindName; content: string; meta: MemoryMeta | null; sources: string[]; createdAt: Date; lastAccessedAt: Date }>(
		`SELECT id, kind, content, meta, sources, "createdAt", "lastAccessedAt" FROM bot_memories WHERE id = ANY($1::text[])`,
		[top.map((t) => t.id)]
	);
	const withdrawn = await withdrawnPosts(db.pool, details.map((d) => d.meta?.postId));
	const byId = new Map(details.filter((d) => !withdrawn.has(d.meta?.postId ?? '')).map((d) => [d.id, d]));
	const found = top
		.flatMap((t) => {
			const d = byId.get(t.id);
			return d ? [{ ...t, kind: d.kind, content: d.content, meta: d.meta ?? {}, sources: d.sources, createdAt: d.createdAt, lastAccessedAt: d.lastAccessedAt }] : [];
		})
		.slice(0, k);
	if (options.touch !== false) await touchMemories(db.pool, found.map((m) => m.id), now);
	return found;
}
