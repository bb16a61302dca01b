// Retention of the agent loop's history and of consumer-app events: old cycles, stale memories
// (with their vectors) and old views and shares are pruned by the maintenance round, in batches;
// reflections, the memories they cite, recently recalled memories and likes are kept.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { makeAgent } from '../helpers/agent.ts';
import { runMaintenance } from '../../src/lib/server/ops/maintenance.ts';
import { setSetting } from '../../src/lib/server/ops/settings.ts';
import { pruneAgentHistory } from '../../src/lib/server/agent/retention.ts';
import { pruneEngagementEvents, MIN_ENGAGEMENT_RETENTION_DAYS } from '../../src/lib/server/social/engagement/retention.ts';
import { listReflections } from '../../src/lib/server/agent/mind.ts';
import { clearVectorCache } from '../../src/lib/server/agent/retrieval.ts';
import { encodeVector } from '../../src/lib/server/agent/vectors.ts';

let db: TestDatabase;
beforeAll(async () => {
	db = await createTestDatabase();
});
afterAll(async () => db?.drop());
beforeEach(async () => {
	await db.truncate();
	clearVectorCache();
});

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY);

async function memory(botId: string, content: string, over: { kind?: 'observation' | 'action' | 'reflection'; madeDaysAgo: number; recalledDaysAgo?: number; sources?: string[] }) {
	const m = await db.prisma.botMemory.create({
		data: {
			botId,
			kind: over.kind ?? 'observation',
			content,
			importance: 5,
			embeddingModel: 'local:test:4',
			sources: over.sources ?? [],
			createdAt: ago(over.madeDaysAgo),
			lastAccessedAt: ago(over.recalledDaysAgo ?? over.madeDaysAgo)
		}
	});
	await db.prisma.botMemoryVector.create({ data: { memoryId: m.id, embedding: encodeVector(new Float32Array([1, 0, 0, 0])) } });
	return m.id;
}

async function cycle(botId: string, key: string, daysAgo: number) {
	await db.prisma.agentCycle.create({
		data: { botId, key, startedAt: ago(daysAgo), finishedAt: ago(daysAgo), durationMs: 5, perceived: {}, action: 'IDLE', reason: 'quiet', decision: {}, outcome: { status: 'idle', detail: '' } }
	});
}

async function event(id: string, type: 'view' | 'like' | 'share', postId: string, daysAgo: number, viewerId = id) {
	await db.pool.query(`INSERT INTO engagement_events (id, type, "postId", "viewerId", "occurredAt", "receivedAt") VALUES ($1, $2, $3, $4, $5, $5)`, [id, type, postId, viewerId, ago(daysAgo)]);
}

const contents = async (botId: string) => (await db.prisma.botMemory.findMany({ where: { botId }, orderBy: { content: 'asc' } })).map((m) => m.content);

describe('the maintenance round prunes agent history', () => {
	it('old cycles, stale memories with their vectors and old views go; reflections, what they cite, recalled memories and likes stay', async () => {
		const bot = await makeAgent(db, { handle: 'old_chef' });
		// Memories (default: 90 days).
		const cited = await memory(bot.id, 'cited: my dumplings post got 30 likes', { madeDaysAgo: 200 });
		await memory(bot.id, 'reflection: street food does best', { kind: 'reflection', madeDaysAgo: 150, sources: [cited] });
		await memory(bot.id, 'stale: scrolled past a post about tea', { madeDaysAgo: 120 });
		await memory(bot.id, 'stale: I decided to stay quiet', { kind: 'action', madeDaysAgo: 95 });
		await memory(bot.id, 'recalled: the night market smelled of smoke', { madeDaysAgo: 120, recalledDaysAgo: 3 });
		await memory(bot.id, 'fresh: a new follower', { madeDaysAgo: 1 });
		// Cycles (default: 30 days).
		await cycle(bot.id, 'old-1', 45);
		await cycle(bot.id, 'old-2', 31);
		await cycle(bot.id, 'recent', 2);
		// Engagement events (default: 90 days; likes always kept).
		const post = await db.prisma.post.create({ data: { botId: bot.id, type: 'TEXT', caption: 'hi', moderationStatus: 'APPROVED', publishedAt: ago(200), viewCount: 3, likeCount: 1, shareCount: 1 } });
		await event('v-old', 'view', post.id, 120);
		await event('s-old', 'share', post.id, 100);
		await event('l-old', 'like', post.id, 120);
		await event('v-new', 'view', post.id, 10);
		await event('v-mid', 'view', post.id, 60);

		const result = await runMaintenance(db);
		expect(result.history).toEqual({ agent: { cycles: 2, memories: 2, done: true }, engagement: { deleted: 2, done: true } });

		expect(await contents(bot.id)).toEqual(['cited: my dumplings post got 30 likes', 'fresh: a new follower', 'recalled: the night market smelled of smoke', 'reflection: street food does best']);
		// Vectors went with their memories.
		expect(await db.prisma.botMemoryVector.count()).toBe(4);
		// The Mind page still shows the reflection with its source.
		expect((await listReflections(db, bot.id))[0].sources.map((s) => s.content)).toEqual(['cited: my dumplings post got 30 likes']);
		expect((await db.prisma.agentCycle.findMany()).map((c) => c.key)).toEqual(['recent']);
		expect((await db.prisma.engagementEvent.findMany({ orderBy: { id: 'asc' } })).map((e) => e.id)).toEqual(['l-old', 'v-mid', 'v-new']);
		// The post's counters already counted them and are left alone.
		expect(await db.prisma.post.findUniqueOrThrow({ where: { id: post.id } })).toMatchObject({ viewCount: 3, likeCount: 1, shareCount: 1 });

		// The next round within HISTORY_PRUNE_INTERVAL_MS does not scan these tables again.
		await cycle(bot.id, 'old-3', 40);
		expect((await runMaintenance(db)).history).toBeUndefined();
		expect(await db.prisma.agentCycle.count({ where: { key: 'old-3' } })).toBe(1);
	});

	it('the ages are settings: shorter ages prune more, and engagement events are never pruned younger than a resend can arrive', async () => {
		const bot = await makeAgent(db);
		await memory(bot.id, 'twenty days old', { madeDaysAgo: 20 });
		await memory(bot.id, 'five days old', { madeDaysAgo: 5 });
		await cycle(bot.id, 'ten', 10);
		await setSetting(db.pool, 'retention.memoryDays', 14);
		await setSetting(db.pool, 'retention.agentCycleDays', 7);
		expect(await pruneAgentHistory(db.pool)).toEqual({ cycles: 1, memories: 1, done: true });
		expect(await contents(bot.id)).toEqual(['five days old']);
		// The settings refuse an engagement age under 31 days, and so does the pruner itself.
		await expect(setSetting(db.pool, 'retention.engagementEventDays', 7)).rejects.toThrow();
		expect(MIN_ENGAGEMENT_RETENTION_DAYS).toBe(31);
		const post = await db.prisma.post.create({ data: { botId: bot.id, type: 'TEXT', caption: 'hi', moderationStatus: 'APPROVED', publishedAt: ago(40) } });
		await event('v-20', 'view', post.id, 20);
		await event('v-35', 'view', post.id, 35);
		expect(await pruneEngagementEvents(db.pool, { olderThanDays: 1 })).toEqual({ deleted: 1, done: true });
		expect((await db.prisma.engagementEvent.findMany()).map((e) => e.id)).toEqual(['v-20']);
	});

	it('works in small batches: a round with a spent budget says so, and the next continues', async () => {
		const bot = await makeAgent(db);
		for (let i = 0; i < 5; i++) await memory(bot.id, `old ${i}`, { madeDaysAgo: 100 });
		for (let i = 0; i < 3; i++) await cycle(bot.id, `c${i}`, 100);
		expect(await pruneAgentHistory(db.pool, { batchSize: 2, maxBatches: 1 })).toEqual({ cycles: 2, memories: 2, done: false });
		expect(await pruneAgentHistory(db.pool, { batchSize: 2, maxBatches: 5 })).toEqual({ cycles: 1, memories: 3, done: true });
		expect(await db.prisma.botMemory.count()).toBe(0);
		expect(await db.prisma.botMemoryVector.count()).toBe(0);
		expect(await db.prisma.agentCycle.count()).toBe(0);
	});
});
