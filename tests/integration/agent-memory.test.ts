// The memory stream on a real PostgreSQL: retrieval from the database, the reflection threshold,
// reflections that cite their sources, and reflections flowing into decisions and captions.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { makeAgent, scriptedProviders } from '../helpers/agent.ts';
import { getJob } from '../helpers/jobs.ts';
import { createProviders } from '../../src/lib/server/ai/providers.ts';
import { toBotContext } from '../../src/lib/server/ai/types.ts';
import { embeddingModelId, importanceSinceReflection, prepareMemories, REFLECTION_THRESHOLD, writeMemories, type NewMemory } from '../../src/lib/server/agent/memory.ts';
import { clearVectorCache, retrieveMemories, scoreMemories } from '../../src/lib/server/agent/retrieval.ts';
import { decodeVector } from '../../src/lib/server/agent/vectors.ts';
import { reflect } from '../../src/lib/server/agent/reflection.ts';
import { runCycle } from '../../src/lib/server/agent/cycle.ts';

let db: TestDatabase;
const local = createProviders({});
beforeAll(async () => {
	db = await createTestDatabase();
});
afterAll(async () => db?.drop());
beforeEach(async () => {
	await db.truncate();
	clearVectorCache();
});

/** Stores memories as the cycle does (rated and embedded by the local providers), at given ages. */
async function remember(botId: string, memories: Array<NewMemory & { hoursAgo?: number; importance?: number }>) {
	const bot = await db.prisma.bot.findUniqueOrThrow({ where: { id: botId } });
	const { prepared } = await prepareMemories(toBotContext(bot), local, memories);
	const ids: string[] = [];
	for (const [i, m] of prepared.entries()) {
		const at = new Date(Date.now() - (memories[i].hoursAgo ?? 0) * 3_600_000);
		const [id] = await db.prisma.$transaction((tx) => writeMemories(tx, botId, [{ ...m, importance: memories[i].importance ?? m.importance }], null, at));
		ids.push(id!);
	}
	return ids;
}

describe('retrieval from the database', () => {
	it('ranks the stream by recency + importance + relevance, refreshes what it returns, and agrees with the formula', async () => {
		const chef = await makeAgent(db);
		const ids = await remember(chef.id, [
			{ kind: 'observation', content: '@fan commented on my post about dumplings at the night market', meta: { about: 'comment' }, hoursAgo: 2, importance: 6 },
			{ kind: 'observation', content: 'Planted basil and watered the peonies', meta: { about: 'post' }, hoursAgo: 1, importance: 2 },
			{ kind: 'observation', content: 'My noodle bowl post got 40 likes, far above my usual', meta: { about: 'engagement' }, hoursAgo: 30, importance: 8 },
			{ kind: 'action', content: 'I decided to stay quiet', meta: { about: 'action', action: 'IDLE' }, hoursAgo: 0, importance: 1 }
		]);
		const model = embeddingModelId(local.embedding);
		const [query] = (await local.embedding.embed(['street food: dumplings and noodles'])).vectors;
		// The pure formula over the stored rows, before retrieval refreshes them.
		const rows = await db.prisma.botMemory.findMany({ where: { botId: chef.id }, include: { vector: true } });
		const expected = scoreMemories(rows.map((r) => ({ id: r.id, importance: r.importance, lastAccessedAt: r.lastAccessedAt, vector: decodeVector(r.vector!.embedding) })), query, new Date());
		const before = new Date();
		// Cold: every vector read back from the database, not from the writer's cache.
		clearVectorCache();
		const top = await retrieveMemories(db, chef.id, { vector: query, model }, { k: 2 });
		expect(top.map((m) => m.id)).toEqual([ids[0], ids[2]]);
		expect(top[0].relevance).toBeGreaterThan(0.5);
		expect(expected.slice(0, 2).map((e) => e.id)).toEqual(top.map((t) => t.id));
		// Retrieval refreshed the two it returned, and only them.
		const after = await db.prisma.botMemory.findMany({ where: { botId: chef.id } });
		const touched = after.filter((m) => m.lastAccessedAt >= new Date(before.getTime() - 1000)).map((m) => m.id);
		expect(touched.sort()).toEqual([ids[0], ids[2], ids[3]].sort()); // ids[3] was stored "now"
		// touch: false leaves access times alone (the Mind page's search).
		await db.pool.query(`UPDATE bot_memories SET "lastAccessedAt" = "createdAt"`);
		await retrieveMemories(db, chef.id, { vector: query, model }, { k: 2, touch: false });
		expect((await db.prisma.botMemory.findUniqueOrThrow({ where: { id: ids[2] } })).lastAccessedAt.getTime()).toBeLessThan(Date.now() - 29 * 3_600_000);
		// A vector from another model is not compared (relevance 0), whatever it holds.
		const other = await retrieveMemories(db, chef.id, { vector: query, model: 'openai:text-embedding-3-small:256' }, { k: 4, touch: false });
		expect(other.every((m) => m.raw.relevance === 0)).toBe(true);
	});
});

describe('reflection', () => {
	it('is due only when the importance since the last reflection exceeds 150', async () => {
		const chef = await makeAgent(db);
		await remember(chef.id, Array.from({ length: 15 }, (_, i) => ({ kind: 'observation' as const, content: `something happened ${i}`, meta: {}, importance: 10 })));
		expect(await importanceSinceReflection(db.pool, chef.id)).toBe(150);
		// A cycle at exactly 150 (plus its own IDLE action memory, importance 1) passes it.
		await db.pool.query(`UPDATE bot_memories SET importance = 9 WHERE content = 'something happened 0'`);
		expect(await importanceSinceReflection(db.pool, chef.id)).toBe(149);
		const idle = scriptedProviders(() => ({ action: 'IDLE', reason: 'quiet' }));
		const quiet = await runCycle(db, chef.id, { key: 'c1', providers: idle });
		expect(await importanceSinceReflection(db.pool, chef.id)).toBe(150);
		expect(quiet.reflectionQueued).toBe(false);
		const next = await runCycle(db, chef.id, { key: 'c2', providers: idle });
		expect(next.reflectionQueued).toBe(true);
		const jobs = await db.prisma.job.findMany({ where: { type: 'BOT_REFLECT' } });
		expect(jobs).toHaveLength(1);
		expect(jobs[0]).toMatchObject({ botId: chef.id, key: `reflect:${chef.id}` });
		// Still over the threshold next cycle, but one reflection job is pending at most.
		await runCycle(db, chef.id, { key: 'c3', providers: idle });
		expect(await db.prisma.job.count({ where: { type: 'BOT_REFLECT' } })).toBe(1);
	});

	it('draws insights that cite the memories they rest on, and starts the count again', async () => {
		const chef = await makeAgent(db);
		const ids = await remember(chef.id, [
			{ kind: 'observation', content: 'My post about dumplings got 30 likes', meta: { about: 'engagement', topic: 'street food', engagement: 30, average: 14 }, importance: 9 },
			{ kind: 'observation', content: 'My post about noodle bowls got 26 likes', meta: { about: 'engagement', topic: 'street food', engagement: 26, average: 14 }, importance: 8 },
			{ kind: 'observation', content: 'My post about the market haul got 3 likes', meta: { about: 'engagement', topic: 'markets', engagement: 3, average: 14 }, importance: 8 },
			{ kind: 'observation', content: 'My post about the jars got 9 likes', meta: { about: 'engagement', topic: 'fermentation', engagement: 9, average: 14 }, importance: 5 },
			...Array.from({ length: 16 }, (_, i) => ({ kind: 'observation' as const, content: `@fan commented on my post: lovely ${i}`, meta: { about: 'comment' as const, botHandle: 'fan' }, importance: 8 }))
		]);
		expect(await importanceSinceReflection(db.pool, chef.id)).toBeGreaterThan(REFLECTION_THRESHOLD);
		const result = await reflect(db, chef.id, { providers: local });
		expect(result.reflected).toBe(true);
		expect(result.questions).toHaveLength(3);
		const stored = await db.prisma.botMemory.findMany({ where: { botId: chef.id, kind: 'reflection' } });
		expect(stored.length).toBeGreaterThanOrEqual(2);
		for (const r of stored) expect(r.sources.length).toBeGreaterThan(0), expect(r.sources.every((s) => ids.includes(s))).toBe(true);
		const food = stored.find((r) => (r.meta as { topic?: string }).topic === 'street food')!;
		expect(food.content).toMatch(/street food do best/);
		expect(food.sources.sort()).toEqual([ids[0], ids[1]].sort());
		expect(await importanceSinceReflection(db.pool, chef.id)).toBe(0);
		// Below the threshold now: a second reflection does nothing.
		expect((await reflect(db, chef.id, { providers: local })).reflected).toBe(false);
	});

	it('flows into decisions and captions: food posts did well, so food weighs more and the post carries the insight', async () => {
		const chef = await makeAgent(db);
		await remember(chef.id, [
			{ kind: 'observation', content: 'Dumplings post: 30 likes', meta: { about: 'engagement', topic: 'street food', engagement: 30 }, importance: 9 },
			{ kind: 'observation', content: 'Noodles post: 28 likes', meta: { about: 'engagement', topic: 'street food', engagement: 28 }, importance: 9 },
			{ kind: 'observation', content: 'Market haul post: 2 likes', meta: { about: 'engagement', topic: 'markets', engagement: 2 }, importance: 8 }
		]);
		await reflect(db, chef.id, { providers: local, force: true });
		const providers = scriptedProviders((s) => ({ action: 'POST', topic: [...s.topics].sort((a, b) => b.weight - a.weight)[0].topic, reason: 'Food does well.' }));
		const cycle = await runCycle(db, chef.id, { key: 'after-reflection', providers });
		const topics = Object.fromEntries(providers.situations[0].topics.map((t) => [t.topic, t.weight]));
		expect(topics['street food']).toBeGreaterThan(2);
		expect(topics['markets']).toBeLessThan(1);
		expect(topics['fermentation']).toBe(1);
		const job = await getJob(db, cycle.outcome.jobId!);
		const intent = (job.payload as { intent: { topic: string; insights: string[] } }).intent;
		expect(intent.topic).toBe('street food');
		expect(intent.insights[0]).toMatch(/street food do best/);

		// With the local policy, over many seeds, the reflected topic wins most POSTs.
		const { decideLocally } = await import('../../src/lib/server/ai/providers/local/mind/decision.ts');
		const s = { ...providers.situations[0], hoursSinceLastPost: 30 };
		const posts = Array.from({ length: 300 }, (_, i) => decideLocally(chef.id, s, `k${i}`)).filter((d) => d.action === 'POST');
		const share = (t: string) => posts.filter((d) => d.topic === t).length / posts.length;
		expect(share('street food')).toBeGreaterThan(2 * share('markets') + 0.2);
	});
});
