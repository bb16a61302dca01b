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

describe('recall commits with the cycle', () => {
	it('a cycle that rolls back refreshes no memory; one that commits refreshes exactly what it recalled', async () => {
		const chef = await makeAgent(db);
		await remember(chef.id, [
			{ kind: 'observation', content: 'Dumplings at the night market were perfect', meta: { about: 'post' }, hoursAgo: 48, importance: 7 },
			{ kind: 'observation', content: 'My noodle bowl post did well', meta: { about: 'engagement' }, hoursAgo: 72, importance: 8 }
		]);
		const before = await db.prisma.botMemory.findMany({ where: { botId: chef.id }, orderBy: { id: 'asc' }, select: { id: true, lastAccessedAt: true } });
		const idle = () => scriptedProviders(() => ({ action: 'IDLE', reason: 'quiet' }));
		await expect(runCycle(db, chef.id, { key: 'rolled-back', providers: idle(), inTransaction: async () => { throw new Error('lease lost'); } })).rejects.toThrow('lease lost');
		expect(await db.prisma.botMemory.findMany({ where: { botId: chef.id }, orderBy: { id: 'asc' }, select: { id: true, lastAccessedAt: true } })).toEqual(before);

		const now = new Date();
		await runCycle(db, chef.id, { key: 'committed', providers: idle(), now });
		const cycle = await db.prisma.agentCycle.findUniqueOrThrow({ where: { key: 'committed' } });
		const recalled = (cycle.perceived as { memories: Array<{ id: string }> }).memories.map((m) => m.id);
		expect(recalled.sort()).toEqual(before.map((m) => m.id).sort());
		for (const m of await db.prisma.botMemory.findMany({ where: { id: { in: recalled } } })) expect(m.lastAccessedAt.getTime()).toBe(now.getTime());
	});
});

describe('a withdrawn post is forgotten', () => {
	it('rejected by moderation: Mind page and retrieval leave it out at once, and forgetPostContent removes or neutralises every memory of it', async () => {
		const crew = await db.prisma.crew.create({ data: { name: 'kitchen' } });
		const chef = await makeAgent(db, { persona: 'chef', crewId: crew.id, handle: 'chef_w' });
		const gardener = await makeAgent(db, { persona: 'gardener', crewId: crew.id, handle: 'garden_w' });
		const secret = 'Secret recipe: smoked chili dumplings with fermented plum';
		const at = new Date(Date.now() - 3_600_000);
		const p = await db.prisma.post.create({ data: { botId: gardener.id, type: 'TEXT', caption: secret, moderationStatus: 'APPROVED', publishedAt: at, createdAt: at } });
		// The chef sees the post and likes it: an observation and an action memory quote it.
		const { labelFor } = await import('../helpers/agent.ts');
		await runCycle(db, chef.id, { key: 'like-it', providers: scriptedProviders((s) => ({ action: 'LIKE', target: labelFor(s, 'LIKE', { handle: 'garden_w' }), reason: 'Smoked chili dumplings!' })) });
		const quoting = async () => (await db.prisma.botMemory.findMany({ where: { botId: chef.id, content: { contains: 'smoked chili' } } })).map((m) => m.kind).sort();
		expect(await quoting()).toEqual(['action', 'observation']);
		const { listCycles, listMemories, WITHDRAWN_EXCERPT } = await import('../../src/lib/server/agent/mind.ts');
		const [liked] = (await listCycles(db, chef.id)).cycles;
		expect(liked.perceived.candidates.some((c) => c.text.includes('smoked chili'))).toBe(true);

		// Moderation rejects it.
		await db.prisma.post.update({ where: { id: p.id }, data: { moderationStatus: 'REJECTED', publishedAt: null } });
		const [query] = (await local.embedding.embed([secret])).vectors;
		const model = embeddingModelId(local.embedding);
		const shows = (text: string) => text.includes('smoked chili');
		// Before anything is deleted, reads leave it out: retrieval, the memory list, the search, the cycle's excerpts.
		expect((await retrieveMemories(db, chef.id, { vector: query, model }, { k: 20, touch: false })).some((m) => shows(m.content))).toBe(false);
		expect((await listMemories(db, chef.id)).some((m) => shows(m.content))).toBe(false);
		expect((await listMemories(db, chef.id, { search: secret, providers: local })).some((m) => shows(m.content))).toBe(false);
		const [view] = (await listCycles(db, chef.id)).cycles;
		expect(JSON.stringify(view.perceived)).not.toMatch(/smoked chili/i);
		expect(JSON.stringify(view.decision)).not.toMatch(/smoked chili/i);
		expect(view.perceived.candidates.find((c) => c.postId === p.id)?.text).toBe(WITHDRAWN_EXCERPT);

		// The lead's hook: forget it for good.
		const { forgetPostContent, WITHDRAWN_ACTION_TEXT } = await import('../../src/lib/server/agent/memory.ts');
		const vectorsBefore = await db.prisma.botMemoryVector.count();
		expect(await forgetPostContent(db.pool, p.id)).toEqual({ forgotten: 1, neutralised: 1 });
		expect(await quoting()).toEqual([]);
		const action = await db.prisma.botMemory.findFirstOrThrow({ where: { botId: chef.id, kind: 'action', cycleId: liked.id } });
		expect(action).toMatchObject({ content: WITHDRAWN_ACTION_TEXT.LIKE, embeddingModel: 'withdrawn' });
		expect((action.meta as { postId?: string }).postId).toBeUndefined();
		expect(await db.prisma.botMemoryVector.count()).toBe(vectorsBefore - 2);
		// The gardener's other memories and the chef's unrelated ones stay; running it again changes nothing.
		expect(await db.prisma.botMemory.count({ where: { botId: chef.id } })).toBeGreaterThan(0);
		expect(await forgetPostContent(db.pool, p.id)).toEqual({ forgotten: 0, neutralised: 0 });
	});
});
