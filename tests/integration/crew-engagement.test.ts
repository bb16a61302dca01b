import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { makeBot, makeUser } from '../helpers/factories.ts';
import { processCrewInteractions } from '../../src/lib/server/social/crew.ts';
import { createProviders } from '../../src/lib/server/ai/providers.ts';
import { engagementScore, updateEngagementScores } from '../../src/lib/server/social/engagement/score.ts';
import { getTrendingTags, refreshTrends } from '../../src/lib/server/social/trending.ts';

let db: TestDatabase;
const providers = createProviders({});
beforeAll(async () => {
	db = await createTestDatabase();
});
afterAll(async () => db?.drop());
beforeEach(async () => db.truncate());

async function crewOf(n: number) {
	const crew = await db.prisma.crew.create({ data: { name: `crew-${Math.random()}` } });
	const owner = await makeUser(db);
	return Promise.all(Array.from({ length: n }, () => makeBot(db, owner.id, { crewId: crew.id })));
}
async function post(botId: string, caption = 'A lovely day for a walk by the river.', hoursAgo = 1) {
	const at = new Date(Date.now() - hoursAgo * 3_600_000);
	return db.prisma.post.create({ data: { botId, type: 'TEXT', caption, moderationStatus: 'APPROVED', publishedAt: at, createdAt: at } });
}

describe('crew interactions', () => {
	it('each crewmate comments once on each other’s recent posts, never on its own', async () => {
		const [a, b, c] = await crewOf(3);
		const pa = await post(a.id);
		const pb = await post(b.id);
		const summary = await processCrewInteractions(db, { providers });
		expect(summary.commented).toBe(4); // b, c on pa; a, c on pb
		const comments = await db.prisma.comment.findMany({ include: { post: true } });
		expect(comments).toHaveLength(4);
		expect(comments.every((x) => x.botId !== x.post.botId)).toBe(true);
		expect(comments.every((x) => x.text.length > 0 && x.moderationStatus === 'APPROVED')).toBe(true);
		expect((await db.prisma.post.findUniqueOrThrow({ where: { id: pa.id } })).commentCount).toBe(2);
		expect(new Set(comments.filter((x) => x.postId === pb.id).map((x) => x.botId))).toEqual(new Set([a.id, c.id]));
		// Running again adds nothing: one comment per bot per post.
		expect((await processCrewInteractions(db, { providers })).commented).toBe(0);
		expect(await db.prisma.comment.count()).toBe(4);
		// Every comment was billed.
		expect(await db.prisma.usageEvent.count({ where: { operation: 'comment' } })).toBe(4);
	});

	it('a comment that loses the race to a concurrent crew job is not written twice, but what it cost is still recorded', async () => {
		const [a, b] = await crewOf(2);
		const pa = await post(a.id);
		// The text model writes b's comment; meanwhile a concurrent job's comment by b lands first.
		const racing = {
			...providers,
			text: {
				...providers.text,
				async generateJson<T>(request: Parameters<typeof providers.text.generateJson<T>>[0]) {
					const result = await providers.text.generateJson(request);
					if (request.operation === 'comment') await db.prisma.comment.create({ data: { postId: pa.id, botId: b.id, text: 'first!', moderationStatus: 'APPROVED', replyToBotId: a.id } });
					return result;
				}
			}
		};
		const jobId = crypto.randomUUID();
		await db.pool.query(`INSERT INTO jobs (id, type, status) VALUES ($1, 'CREW_COMMENT', 'RUNNING')`, [jobId]);
		const summary = await processCrewInteractions(db, { providers: racing, jobId });
		expect(summary).toMatchObject({ considered: 1, commented: 0, held: 0 });
		// One comment by b on the post: the concurrent one.
		expect((await db.prisma.comment.findMany({ where: { postId: pa.id } })).map((c) => c.text)).toEqual(['first!']);
		// The generated comment and its moderation were paid for: both are in the ledger, on b, the post and the job.
		const billed = await db.prisma.usageEvent.findMany({ where: { jobId } });
		expect(billed.map((u) => u.operation).sort()).toEqual(['comment', 'moderation']);
		expect(billed.every((u) => u.botId === b.id && u.postId === pa.id)).toBe(true);
	});

	it('respects the daily cap per commenting bot and ignores other crews and old posts', async () => {
		const [a, b] = await crewOf(2);
		const [outsider] = await crewOf(1);
		for (let i = 0; i < 4; i++) await post(a.id, `Post number ${i} about the sea.`);
		await post(outsider.id);
		await post(a.id, 'An old post from last week.', 24 * 7);
		const summary = await processCrewInteractions(db, { providers, dailyCap: 3 });
		expect(summary.commented).toBe(3);
		expect(summary.skippedCap).toBe(1);
		expect(await db.prisma.comment.count({ where: { botId: b.id } })).toBe(3);
		expect(await db.prisma.comment.count({ where: { botId: outsider.id } })).toBe(0);
	});
});

describe('crew comments and budgets', () => {
	it('a crewmate over its daily budget, or archived, sits the round out; the others comment', async () => {
		const [a, broke, fine, archived] = await crewOf(4);
		await post(a.id);
		await db.prisma.bot.update({ where: { id: broke.id }, data: { dailyBudgetUsd: 0.5 } });
		await db.prisma.usageEvent.create({ data: { botId: broke.id, provider: 'openai', model: 'gpt-4o-mini', operation: 'caption', costUsd: 0.75 } });
		await db.prisma.bot.update({ where: { id: archived.id }, data: { archivedAt: new Date(), schedulingEnabled: false, nextPostAt: null } });
		const summary = await processCrewInteractions(db, { providers });
		expect(summary).toMatchObject({ commented: 1, skippedBudget: 1 });
		expect((await db.prisma.comment.findMany()).map((c) => c.botId)).toEqual([fine.id]);
		// Nothing was generated, so nothing was billed, for the bot over budget.
		expect(await db.prisma.usageEvent.count({ where: { botId: broke.id, operation: 'comment' } })).toBe(0);
	});
});

describe('engagement and trends', () => {
	it('scores decay with age and weigh comments over likes over views', () => {
		const fresh = engagementScore({ likes: 10, comments: 0, views: 0, ageHours: 1 });
		const old = engagementScore({ likes: 10, comments: 0, views: 0, ageHours: 48 });
		expect(fresh).toBeGreaterThan(old * 10);
		expect(engagementScore({ likes: 0, comments: 1, views: 0, ageHours: 1 })).toBeGreaterThan(engagementScore({ likes: 1, comments: 0, views: 0, ageHours: 1 }));
		expect(engagementScore({ likes: 1, comments: 0, views: 0, ageHours: 1 })).toBeGreaterThan(engagementScore({ likes: 0, comments: 0, views: 1, ageHours: 1 }));
	});

	it('recalculates stored scores with the documented formula and ranks trending tags by them', async () => {
		const [a] = await crewOf(1);
		const hot = await post(a.id, 'hot', 2);
		const cold = await post(a.id, 'cold', 30);
		await db.prisma.post.update({ where: { id: hot.id }, data: { likeCount: 40, commentCount: 5, viewCount: 300, tags: ['neon', 'rain'] } });
		await db.prisma.post.update({ where: { id: cold.id }, data: { likeCount: 40, commentCount: 5, viewCount: 300, tags: ['rain', 'dusk'] } });
		expect((await updateEngagementScores(db)).updated).toBe(2);
		const [h, c] = await Promise.all([hot, cold].map((p) => db.prisma.post.findUniqueOrThrow({ where: { id: p.id } })));
		expect(h.engagementScore).toBeCloseTo(engagementScore({ likes: 40, comments: 5, views: 300, ageHours: 2 }), 1);
		expect(h.engagementScore).toBeGreaterThan(c.engagementScore);
		await refreshTrends(db);
		const trending = await getTrendingTags(db, 3);
		expect(trending[0]).toBe('rain'); // on both posts
		expect(trending.indexOf('neon')).toBeLessThan(trending.indexOf('dusk'));
	});

	it('two refreshes at once (two engagement jobs in one batch) both succeed and leave one set of trends', async () => {
		const [a] = await crewOf(1);
		const p = await post(a.id, 'hot', 1);
		await db.prisma.post.update({ where: { id: p.id }, data: { likeCount: 10, tags: ['neon', 'rain'] } });
		for (let round = 0; round < 5; round++) {
			const counts = await Promise.all([refreshTrends(db), refreshTrends(db), refreshTrends(db)]);
			expect(counts).toEqual([2, 2, 2]);
		}
		expect((await getTrendingTags(db, 10)).sort()).toEqual(['neon', 'rain']);
	});
});
