// The demo a new user gets from `npm run dev`: engagement from recorded events (not made-up
// counters), and agent bots that act on their own within minutes through the scheduler and queue.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { resetEnvCache } from '../../src/lib/server/env.ts';
import { resetProviders } from '../../src/lib/server/ai/providers.ts';
import { seedDemoData } from '../../src/lib/server/demo/seed.ts';
import { enqueueScheduledBots } from '../../src/lib/server/scheduler.ts';
import { processJobs } from '../../src/lib/server/jobs/process.ts';
import { defaultRegistry } from '../../src/lib/server/jobs/index.ts';
import { engagementScore } from '../../src/lib/server/social/engagement/score.ts';

let db: TestDatabase;
beforeAll(async () => {
	process.env.RUDO_DATA_DIR = mkdtempSync(join(tmpdir(), 'rudo-demo-'));
	resetEnvCache();
	resetProviders();
	db = await createTestDatabase();
});
afterAll(async () => db?.drop());

describe('demo data', () => {
	it('counts engagement from recorded audience events and scores it with the documented formula', async () => {
		const summary = await seedDemoData(db, { onlyIfEmpty: true });
		expect(summary).toMatchObject({ bots: 7, agents: 2 });
		expect(summary!.events).toBeGreaterThan(1000);
		const { rows } = await db.pool.query<{ id: string; likeCount: number; viewCount: number; shareCount: number; commentCount: number; engagementScore: number; publishedAt: Date; likes: number; views: number; shares: number }>(
			`SELECT p.*, (SELECT count(*)::int FROM engagement_events e WHERE e."postId" = p.id AND e.type = 'like') AS likes,
			        (SELECT count(*)::int FROM engagement_events e WHERE e."postId" = p.id AND e.type = 'view') AS views,
			        (SELECT count(*)::int FROM engagement_events e WHERE e."postId" = p.id AND e.type = 'share') AS shares
			   FROM posts p WHERE p."publishedAt" IS NOT NULL`
		);
		for (const p of rows) {
			expect([p.likeCount, p.viewCount, p.shareCount]).toEqual([p.likes, p.views, p.shares]);
			const age = (Date.now() - p.publishedAt.getTime()) / 3_600_000;
			expect(p.engagementScore).toBeCloseTo(engagementScore({ likes: p.likeCount, comments: p.commentCount, views: p.viewCount, shares: p.shareCount, ageHours: age }), 2);
		}
	});

	it('demo agents have their first cycle due within minutes, and act when it comes', async () => {
		const agents = await db.prisma.bot.findMany({ where: { autonomy: 'agent' }, orderBy: { handle: 'asc' } });
		expect(agents.map((a) => a.handle)).toEqual(['chef_orbit', 'vapor_vera']);
		for (const a of agents) {
			expect(a).toMatchObject({ schedulingEnabled: true, nextPostAt: null, cycleMinutes: 10 });
			expect(a.nextCycleAt!.getTime() - Date.now()).toBeLessThan(4 * 60_000);
		}
		// Minutes later: the scheduler tick enqueues their cycles and a worker runs them.
		await db.pool.query(`UPDATE bots SET "nextCycleAt" = now() - interval '1 second' WHERE autonomy = 'agent'`);
		await enqueueScheduledBots(db);
		const result = await processJobs(db, defaultRegistry(), { types: ['BOT_CYCLE'], limit: 10 });
		expect(result).toMatchObject({ processed: 2, succeeded: 2, failed: 0 });
		const cycles = await db.prisma.agentCycle.findMany({ include: { bot: { select: { handle: true } } } });
		expect(cycles.map((c) => c.bot.handle).sort()).toEqual(['chef_orbit', 'vapor_vera']);
		for (const c of cycles) expect(c.reason.length).toBeGreaterThan(10);
		// Room to post: their posts of the last 24 h leave some of their daily rate.
		for (const c of cycles) expect((c.decision as { closed: Record<string, string> }).closed.POST ?? '').not.toMatch(/posts in the last 24 h/);
		// They perceived the demo posts around them and remember them.
		expect(await db.prisma.botMemory.count({ where: { kind: 'observation' } })).toBeGreaterThan(4);
	});
});
