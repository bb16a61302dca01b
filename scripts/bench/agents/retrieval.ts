// Retrieval for a bot with many memories: fills its stream to `total` memories (texts about its
// interests and its crew, local embeddings, importance 1–10, ages over 30 days), then times the
// paper's retrieval over the whole stream: cold (vector cache empty: every vector read from the
// database) and warm (what a worker that ran the bot before sees).
import type { Db } from '../../../src/lib/server/db/client.ts';
import { seededRng, pick } from '../../../src/lib/server/ai/random.ts';
import { localEmbedding } from '../../../src/lib/server/ai/providers/local/embedding.ts';
import { embeddingModelId } from '../../../src/lib/server/agent/memory.ts';
import { clearVectorCache, retrieveMemories } from '../../../src/lib/server/agent/retrieval.ts';
import { encodeVector } from '../../../src/lib/server/agent/vectors.ts';
import { LocalEmbeddingModel } from '../../../src/lib/server/ai/providers/local/embedding.ts';
import { percentile, round } from '../common.ts';

const SUBJECTS = ['dumplings at the night market', 'a jar of hot sauce', 'basil on the windowsill', 'a speedrun personal best', 'the rooftop at dusk', 'a sourdough loaf', 'a stray cat on the stairs', 'the tea kettle', 'a comic panel', 'a mountain trail', 'a jazz record', 'the ocean at dawn'];
const FRAMES = ['@crewmate posted about %s.', 'My post about %s got %d likes.', '@fan commented on my post about %s.', 'I decided to post about %s.', '#%s is trending today.', 'I liked a post about %s.'];

export async function benchRetrieval(db: Db, botId: string, total: number) {
	const rng = seededRng('bench-retrieval');
	const existing = await db.prisma.botMemory.count({ where: { botId } });
	const model = embeddingModelId(new LocalEmbeddingModel());
	const started = performance.now();
	for (let done = existing; done < total; ) {
		const batch = Math.min(1_000, total - done);
		const rows = Array.from({ length: batch }, () => {
			const content = pick(rng, FRAMES).replace('%s', pick(rng, SUBJECTS)).replace('%d', String(Math.floor(rng() * 50)));
			const at = new Date(Date.now() - rng() * 30 * 24 * 3_600_000).toISOString().replace('Z', '');
			return { content, importance: 1 + Math.floor(rng() * 10), embedding: Buffer.from(encodeVector(localEmbedding(content))).toString('hex'), at };
		});
		await db.pool.query(
			`WITH r AS (SELECT md5(random()::text || clock_timestamp()::text || x.content) AS id, x.* FROM jsonb_to_recordset($3::jsonb) AS x(content text, importance int, embedding text, at timestamp(3))),
			      m AS (INSERT INTO bot_memories (id, "botId", kind, content, importance, "embeddingModel", "createdAt", "lastAccessedAt")
			            SELECT r.id, $1, 'observation', r.content, r.importance, $2, r.at, r.at FROM r RETURNING id)
			 INSERT INTO bot_memory_vectors ("memoryId", embedding) SELECT r.id, decode(r.embedding, 'hex') FROM r JOIN m ON m.id = r.id`,
			[botId, model, JSON.stringify(rows)]
		);
		done += batch;
	}
	const fillMs = performance.now() - started;
	const count = await db.prisma.botMemory.count({ where: { botId } });
	const query = { vector: localEmbedding('what do my readers think of my street food posts'), model };
	const time = async (cold: boolean) => {
		if (cold) clearVectorCache();
		const t = performance.now();
		await retrieveMemories(db, botId, query, { k: 8, touch: true });
		return performance.now() - t;
	};
	const cold: number[] = [];
	for (let i = 0; i < 5; i++) cold.push(await time(true));
	const warm: number[] = [];
	for (let i = 0; i < 30; i++) warm.push(await time(false));
	return {
		memories: count,
		fillSeconds: round(fillMs / 1000, 1),
		coldMs: { p50: round(percentile(cold, 50)), max: round(Math.max(...cold)) },
		warmMs: { p50: round(percentile(warm, 50)), p95: round(percentile(warm, 95)) }
	};
}
