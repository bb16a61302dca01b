// The agent loop end to end on a real PostgreSQL: each decision path and its effect, no double
// action on retry, deduplicated cycles, the caps, and the rules that stop reply ping-pong.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { makeUser } from '../helpers/factories.ts';
import { getJob } from '../helpers/jobs.ts';
import { labelFor, makeAgent, scriptedProviders } from '../helpers/agent.ts';
import { resetEnvCache } from '../../src/lib/server/env.ts';
import { createProviders } from '../../src/lib/server/ai/providers.ts';
import { runCycle } from '../../src/lib/server/agent/cycle.ts';
import { listCycles } from '../../src/lib/server/agent/mind.ts';
import { respond } from '../../src/lib/server/agent/respond.ts';
import { AGENT_LIMITS, MAX_THREAD_DEPTH } from '../../src/lib/server/agent/limits.ts';
import { CommentRefusedError } from '../../src/lib/server/social/comments.ts';
import { enqueueAgentCycles } from '../../src/lib/server/scheduler.ts';
import { enqueueJob } from '../../src/lib/server/jobs/enqueue.ts';
import { processJobs } from '../../src/lib/server/jobs/process.ts';
import { defaultRegistry } from '../../src/lib/server/jobs/index.ts';

let db: TestDatabase;
beforeAll(async () => {
	process.env.RUDO_DATA_DIR = mkdtempSync(join(tmpdir(), 'rudo-agent-'));
	resetEnvCache();
	db = await createTestDatabase();
});
afterAll(async () => db?.drop());
beforeEach(async () => db.truncate());

async function post(botId: string, caption: string, hoursAgo = 1) {
	const at = new Date(Date.now() - hoursAgo * 3_600_000);
	return db.prisma.post.create({ data: { botId, type: 'TEXT', caption, tags: [], moderationStatus: 'APPROVED', publishedAt: at, createdAt: at } });
}
/** A real BOT_RESPOND job to write under (cost rows link to it). */
async function respondJob(botId: string) {
	return (await enqueueJob(db.pool, { type: 'BOT_RESPOND', botId, key: `t:${crypto.randomUUID()}`, payload: {} }))!;
}
async function comment(postId: string, botId: string, text: string, parentId: string | null = null, depth = 0, replyToBotId: string | null = null) {
	return db.prisma.comment.create({ data: { postId, botId, text, moderationStatus: 'APPROVED', parentId, depth, replyToBotId } });
}

/** Two agents in a crew: a chef with a post about food, and a gardener. */
async function crewOfTwo() {
	const crew = await db.prisma.crew.create({ data: { name: `crew-${Math.random()}` } });
	const owner = await makeUser(db);
	const chef = await makeAgent(db, { ownerId: owner.id, persona: 'chef', crewId: crew.id, handle: 'chef_agent' });
	const gardener = await makeAgent(db, { ownerId: owner.id, persona: 'gardener', crewId: crew.id, handle: 'garden_agent' });
	return { crew, chef, gardener };
}

describe('each decision path does what it says', () => {
	it('POST enqueues a post job carrying the intent, and the post is written about that topic', async () => {
		const { chef } = await crewOfTwo();
		const providers = scriptedProviders(() => ({ action: 'POST', topic: 'fermentation', reason: 'My jars are ready.' }));
		const result = await runCycle(db, chef.id, { key: 'k-post', providers });
		expect(result).toMatchObject({ created: true, action: 'POST', outcome: { status: 'enqueued' } });
		const job = await getJob(db, result.outcome.jobId!);
		expect(job).toMatchObject({ type: 'GENERATE_POST', botId: chef.id, status: 'QUEUED' });
		expect((job.payload as { intent: { topic: string; note: string; cycleKey: string } }).intent).toMatchObject({ topic: 'fermentation', note: 'My jars are ready.', cycleKey: 'k-post' });
		const cycle = await db.prisma.agentCycle.findUniqueOrThrow({ where: { key: 'k-post' } });
		expect(cycle).toMatchObject({ action: 'POST', reason: 'My jars are ready.', actionJobId: job.id });
		// The action is remembered in the bot's own words.
		expect(await db.prisma.botMemory.findFirst({ where: { botId: chef.id, kind: 'action' } })).toMatchObject({ content: expect.stringContaining('I decided to post about fermentation') });
		// Run the post job: the caption is about the intended topic (the local writer takes it).
		await processJobs(db, defaultRegistry(), { types: ['GENERATE_POST'] });
		const written = await db.prisma.post.findFirstOrThrow({ where: { botId: chef.id, jobId: job.id } });
		expect((written.mediaMeta as { intent: { topic: string } }).intent.topic).toBe('fermentation');
		expect(written.caption.toLowerCase()).toMatch(/ferment|jar|brine|hot sauce|kimchi|starter|crock|pickl|salt|mash/);
		// An agent bot never gets a timer slot from posting.
		expect(await db.prisma.bot.findUniqueOrThrow({ where: { id: chef.id } })).toMatchObject({ nextPostAt: null, lastPostedAt: expect.any(Date) });
	});

	it('RESPOND to a comment on my post enqueues a reply job, which writes a moderated reply in the thread', async () => {
		const { chef, gardener } = await crewOfTwo();
		const p = await post(chef.id, 'Day 12 of fermenting hot sauce. The jar is alive.');
		const c = await comment(p.id, gardener.id, 'Is it spicy? My basil wants to know.', null, 0, chef.id);
		const providers = scriptedProviders((s) => ({ action: 'RESPOND', target: labelFor(s, 'RESPOND', { kind: 'comment' }), reason: 'They asked me something.' }));
		const result = await runCycle(db, chef.id, { key: 'k-respond', providers });
		expect(result.outcome.status).toBe('enqueued');
		const job = await getJob(db, result.outcome.jobId!);
		expect(job).toMatchObject({ type: 'BOT_RESPOND', key: `respond:${chef.id}:${c.id}` });
		expect(providers.situations[0].candidates.find((x) => x.kind === 'comment')).toMatchObject({ author: 'garden_agent', facts: { onMyPost: true } });
		await processJobs(db, defaultRegistry(), { types: ['BOT_RESPOND'] });
		expect(await getJob(db, job.id)).toMatchObject({ status: 'SUCCEEDED', lastError: null });
		const reply = await db.prisma.comment.findFirstOrThrow({ where: { botId: chef.id } });
		expect(reply).toMatchObject({ parentId: c.id, depth: 1, replyToBotId: gardener.id, moderationStatus: 'APPROVED', jobId: job.id });
		expect(reply.text.length).toBeGreaterThan(3);
		expect((await db.prisma.post.findUniqueOrThrow({ where: { id: p.id } })).commentCount).toBe(1);
		expect(await db.prisma.usageEvent.count({ where: { jobId: job.id, operation: 'comment' } })).toBe(1);
	});

	it('RESPOND to a crewmate’s post comments on it; LIKE likes it; FOLLOW follows a bot seen in the hot feed; IDLE does nothing', async () => {
		const { chef, gardener } = await crewOfTwo();
		const stranger = await makeAgent(db, { persona: 'gamer', handle: 'game_stranger' });
		const gp = await post(gardener.id, 'Planted basil and thyme by the window; the tea garden is waking up.');
		await post(stranger.id, 'New personal best on the speedrun, chiptune blasting.');

		const commentCycle = await runCycle(db, chef.id, { key: 'k-c', providers: scriptedProviders((s) => ({ action: 'RESPOND', target: labelFor(s, 'RESPOND', { handle: 'garden_agent', kind: 'post' }) })) });
		expect((await getJob(db, commentCycle.outcome.jobId!)).key).toBe(`respond:${chef.id}:post:${gp.id}`);
		await processJobs(db, defaultRegistry(), { types: ['BOT_RESPOND'] });
		expect(await db.prisma.comment.findFirstOrThrow({ where: { botId: chef.id } })).toMatchObject({ postId: gp.id, parentId: null, depth: 0, replyToBotId: gardener.id });

		const likeCycle = await runCycle(db, chef.id, { key: 'k-l', providers: scriptedProviders((s) => ({ action: 'LIKE', target: labelFor(s, 'LIKE', { handle: 'garden_agent' }) })) });
		expect(likeCycle.outcome).toMatchObject({ status: 'done', postId: gp.id });
		expect((await db.prisma.post.findUniqueOrThrow({ where: { id: gp.id } })).likeCount).toBe(1);
		expect(await db.prisma.postLike.count({ where: { botId: chef.id } })).toBe(1);

		const followCycle = await runCycle(db, chef.id, { key: 'k-f', providers: scriptedProviders((s) => ({ action: 'FOLLOW', target: labelFor(s, 'FOLLOW', { handle: 'game_stranger' }) })) });
		expect(followCycle.outcome).toMatchObject({ status: 'done', followeeId: stranger.id });
		expect(await db.prisma.botFollow.count({ where: { followerId: chef.id, followeeId: stranger.id } })).toBe(1);

		const counts = async () => ({ jobs: await db.prisma.job.count(), likes: await db.prisma.postLike.count(), follows: await db.prisma.botFollow.count(), comments: await db.prisma.comment.count() });
		const before = await counts();
		const idle = await runCycle(db, chef.id, { key: 'k-i', providers: scriptedProviders(() => ({ action: 'IDLE', reason: 'Quiet hour.' })) });
		expect(idle.outcome.status).toBe('idle');
		expect(await counts()).toEqual(before);
		// Every cycle is on record with its decision, and the model's reason.
		expect((await db.prisma.agentCycle.findMany({ where: { botId: chef.id }, orderBy: { startedAt: 'asc' } })).map((c) => c.action)).toEqual(['RESPOND', 'LIKE', 'FOLLOW', 'IDLE']);
	});

	it('a target the model invents, or an action the limits closed, becomes IDLE with the reason', async () => {
		const { chef } = await crewOfTwo();
		const invented = await runCycle(db, chef.id, { key: 'k-x', providers: scriptedProviders(() => ({ action: 'LIKE', target: 'p99' })) });
		expect(invented).toMatchObject({ action: 'IDLE', outcome: { status: 'idle' } });
		expect(invented.reason).toMatch(/does not name something that can be liked/);
		await db.prisma.bot.update({ where: { id: chef.id }, data: { postsPerDay: 1 } });
		await post(chef.id, 'Already posted today.');
		const over = await runCycle(db, chef.id, { key: 'k-y', providers: scriptedProviders(() => ({ action: 'POST', topic: 'markets' })) });
		expect(over.action).toBe('IDLE');
		expect(over.reason).toMatch(/POST is not open/);
		expect(await db.prisma.job.count({ where: { type: 'GENERATE_POST' } })).toBe(0);
	});
});

describe('a retried cycle does not act twice', () => {
	it('the same key runs once; an attempt that loses its job commits nothing, and its retry acts once', async () => {
		const { chef, gardener } = await crewOfTwo();
		const p = await post(gardener.id, 'Tea garden at dawn, birdsong everywhere.');
		const like = (s: Parameters<typeof labelFor>[0]) => ({ action: 'LIKE' as const, target: labelFor(s, 'LIKE') });
		// An attempt whose job was taken away at the last moment (LeaseLostError in completeInTransaction).
		await expect(runCycle(db, chef.id, { key: 'k-r', providers: scriptedProviders(like), inTransaction: async () => { throw new Error('lease lost'); } })).rejects.toThrow('lease lost');
		expect(await db.prisma.postLike.count()).toBe(0);
		expect(await db.prisma.agentCycle.count()).toBe(0);
		expect(await db.prisma.botMemory.count({ where: { kind: 'action' } })).toBe(0);
		// What a creator sees of the bot: who liked the gardener's post, the Mind page's cycles, the memory of it.
		const seen = async () => ({
			likers: (await db.prisma.postLike.findMany({ where: { postId: p.id }, select: { botId: true } })).map((l) => l.botId),
			likeCount: (await db.prisma.post.findUniqueOrThrow({ where: { id: p.id } })).likeCount,
			cycles: (await listCycles(db, chef.id)).cycles.map((c) => ({ action: c.action, outcome: c.outcome.status, postId: c.outcome.postId })),
			remembered: (await db.prisma.botMemory.findMany({ where: { botId: chef.id, kind: 'action' }, select: { content: true } })).map((m) => m.content)
		});
		// The retry acts; a second retry after the commit finds the cycle and does nothing.
		const first = await runCycle(db, chef.id, { key: 'k-r', providers: scriptedProviders(like) });
		expect(first).toMatchObject({ created: true, action: 'LIKE', outcome: { status: 'done', postId: p.id } });
		const afterFirst = await seen();
		expect(afterFirst).toEqual({ likers: [chef.id], likeCount: 1, cycles: [{ action: 'LIKE', outcome: 'done', postId: p.id }], remembered: [expect.stringMatching(/^I decided to like a post \(@garden_agent's post/)] });
		const again = await runCycle(db, chef.id, { key: 'k-r', providers: scriptedProviders(like) });
		// The retry reports the committed cycle (same id, same LIKE) and changes nothing anyone can see.
		expect(again).toMatchObject({ created: false, cycleId: first.cycleId, action: 'LIKE', outcome: { status: 'done', postId: p.id } });
		expect(await seen()).toEqual(afterFirst);
		// Two racing attempts of one key: one cycle, one like, and both attempts report that cycle.
		await db.prisma.postLike.deleteMany();
		await db.prisma.post.update({ where: { id: p.id }, data: { likeCount: 0 } });
		const raced = await Promise.all([1, 2].map(() => runCycle(db, chef.id, { key: 'k-race', providers: scriptedProviders(like) })));
		expect(raced.map((r) => r.created).sort()).toEqual([false, true]);
		expect(raced[0].cycleId).toBe(raced[1].cycleId);
		expect(raced.map((r) => r.action)).toEqual(['LIKE', 'LIKE']);
		const afterRace = await seen();
		expect(afterRace.likers).toEqual([chef.id]);
		expect(afterRace.likeCount).toBe(1);
		expect(afterRace.cycles).toHaveLength(2);
		expect(afterRace.remembered).toHaveLength(2);
	});

	it('a BOT_CYCLE job completes in the cycle’s transaction and a POST is enqueued once', async () => {
		const { chef } = await crewOfTwo();
		const jobId = (await enqueueJob(db.pool, { type: 'BOT_CYCLE', botId: chef.id, key: `bot-cycle:${chef.id}`, payload: { botId: chef.id } }))!;
		const summary = await processJobs(db, defaultRegistry(), { types: ['BOT_CYCLE'] });
		expect(summary).toMatchObject({ processed: 1, succeeded: 1 });
		expect((await getJob(db, jobId)).status).toBe('SUCCEEDED');
		const cycle = await db.prisma.agentCycle.findUniqueOrThrow({ where: { key: jobId } });
		expect(cycle.jobId).toBe(jobId);
		expect(await db.prisma.usageEvent.count({ where: { jobId, operation: { in: ['decision', 'embedding', 'importance'] } } })).toBeGreaterThanOrEqual(3);
	});
});

describe('cycles are deduplicated like post jobs', () => {
	it('concurrent scheduler ticks enqueue one BOT_CYCLE per due agent bot, and the bot’s next cycle moves on', async () => {
		const { chef, gardener } = await crewOfTwo();
		const timer = await makeAgent(db, { autonomy: 'scheduled' });
		const results = await Promise.all(Array.from({ length: 8 }, () => enqueueAgentCycles(db)));
		expect(results.reduce((s, r) => s + r.enqueued, 0)).toBe(2);
		const jobs = await db.prisma.job.findMany({ where: { type: 'BOT_CYCLE' } });
		expect(jobs.map((j) => j.botId).sort()).toEqual([chef.id, gardener.id].sort());
		expect(jobs.every((j) => j.key === `bot-cycle:${j.botId}`)).toBe(true);
		expect(await db.prisma.job.count({ where: { botId: timer.id } })).toBe(0);
		const next = await db.prisma.bot.findUniqueOrThrow({ where: { id: chef.id } });
		expect(next.nextCycleAt!.getTime()).toBeGreaterThan(Date.now() + 25 * 60_000);
		// Due again while the first is still pending: the slot moves, no second job.
		await db.prisma.bot.update({ where: { id: chef.id }, data: { nextCycleAt: new Date(Date.now() - 1000) } });
		expect(await enqueueAgentCycles(db)).toEqual({ due: 1, enqueued: 0 });
		// The database refuses a bot's cycle without the per-bot key.
		await expect(db.pool.query(`INSERT INTO jobs (type, "botId", payload) VALUES ('BOT_CYCLE', $1, '{}')`, [chef.id])).rejects.toThrow(/jobs_bot_cycle_key_check/);
		// An agent bot cannot be given a timer slot.
		await expect(db.prisma.bot.update({ where: { id: chef.id }, data: { nextPostAt: new Date() } })).rejects.toThrow();
	});
});

describe('caps', () => {
	it('closes POST at the posts-per-day rate (and a pending post), RESPOND at the comment cap, LIKE at the like cap', async () => {
		const { chef, gardener } = await crewOfTwo();
		await db.prisma.bot.update({ where: { id: chef.id }, data: { tier: 'SPARK', postsPerDay: 2 } });
		const gp = await post(gardener.id, 'The tea garden and the birdsong this morning.');
		await post(chef.id, 'one');
		const situation = async (key: string) => {
			const providers = scriptedProviders(() => ({ action: 'IDLE' }));
			await runCycle(db, chef.id, { key, providers });
			return providers.situations[0];
		};
		expect((await situation('a')).allowed).toContain('POST');
		await post(chef.id, 'two');
		const capped = await situation('b');
		expect(capped.allowed).not.toContain('POST');
		expect(capped.closed.POST).toBe('2 of 2 posts in the last 24 h');

		// Comments: fill the SPARK cap with replies written earlier today.
		const others = await Promise.all(Array.from({ length: AGENT_LIMITS.SPARK.commentsPerDay }, (_, i) => post(gardener.id, `garden note ${i}`, 2)));
		for (const o of others) await comment(o.id, chef.id, 'lovely', null, 0, gardener.id);
		const noComments = await situation('c');
		expect(noComments.allowed).not.toContain('RESPOND');
		expect(noComments.closed.RESPOND).toMatch(/6 of 6 comments/);
		// …and the job checks it again when it writes.
		await expect(respond(db, { botId: chef.id, postId: gp.id, parentCommentId: null }, { jobId: await respondJob(chef.id), providers: createProviders({}) })).rejects.toThrow(/6 of 6 comments in the last 24 h/);

		// Likes: at the cap, LIKE is closed.
		const many = await Promise.all(Array.from({ length: AGENT_LIMITS.SPARK.likesPerDay }, (_, i) => post(gardener.id, `leaf ${i}`, 3)));
		await db.prisma.postLike.createMany({ data: many.map((m) => ({ postId: m.id, botId: chef.id })) });
		expect((await situation('d')).closed.LIKE).toMatch(/20 of 20 likes/);
	});

	it('POST follows the budget the job gates use (the bot’s own, spent since 00:00 UTC), and one odd cost row does not close it', async () => {
		const { chef } = await crewOfTwo();
		await db.prisma.bot.update({ where: { id: chef.id }, data: { dailyBudgetUsd: 0.1 } });
		// Its last three posts cost about $0.06 each; one ledger row is absurd.
		for (const [i, cost] of [0.06, 0.06, 999_999].entries()) {
			const p = await post(chef.id, `earlier post ${i}`, 30 + i);
			await db.prisma.usageEvent.create({ data: { provider: 'fal', model: 'flux', operation: 'image', costUsd: cost, postId: p.id, createdAt: new Date(Date.now() - 30 * 3_600_000) } });
		}
		const situation = async (key: string) => {
			const providers = scriptedProviders(() => ({ action: 'IDLE' }));
			await runCycle(db, chef.id, { key, providers });
			return providers.situations[0];
		};
		const open = await situation('b-1');
		expect(open.allowed).toContain('POST');
		expect(open.limits).toMatchObject({ dailyBudgetUsd: 0.1, spentTodayUsd: 0 });
		// $0.05 spent today: a ~$0.06 post would pass $0.10.
		await db.prisma.usageEvent.create({ data: { provider: 'openai', model: 'gpt', operation: 'caption', costUsd: 0.05, botId: chef.id } });
		const closed = await situation('b-2');
		expect(closed.allowed).not.toContain('POST');
		expect(closed.closed.POST).toBe("a post (~$0.0600) would pass today's $0.1000 budget (spent $0.0500)");
		expect(closed.limits).toMatchObject({ dailyBudgetUsd: 0.1, spentTodayUsd: 0.05 });
	});

	it('a bot that reaches its posts per day posts no more: the next cycles do not POST, and say why', async () => {
		const { chef, gardener } = await crewOfTwo();
		await db.prisma.bot.update({ where: { id: chef.id }, data: { postsPerDay: 2 } });
		await post(gardener.id, 'Street food at the night market: dumplings and noodle bowls.');
		await post(chef.id, 'first post of the day', 5);
		// One below the cap: a bot that wants to post does, and the post is written.
		const eager = () => scriptedProviders(() => ({ action: 'POST', topic: 'street food', reason: 'I want to post.' }));
		const below = await runCycle(db, chef.id, { key: 'cap-1', providers: eager() });
		expect(below).toMatchObject({ action: 'POST', outcome: { status: 'enqueued' } });
		await processJobs(db, defaultRegistry(), { types: ['GENERATE_POST'] });
		expect(await db.prisma.post.count({ where: { botId: chef.id } })).toBe(2);

		// Exactly at the cap (2 of 2 in the last 24 h): the same wish is refused with the reason.
		const wants = eager();
		const atCap = await runCycle(db, chef.id, { key: 'cap-2', providers: wants });
		expect(wants.situations[0].allowed).not.toContain('POST');
		expect(wants.situations[0].closed.POST).toBe('2 of 2 posts in the last 24 h');
		expect(atCap).toMatchObject({ action: 'IDLE', outcome: { status: 'idle' } });
		expect(atCap.reason).toMatch(/POST is not open/);
		// The Mind page shows the refusal and why POST was closed.
		const [shown] = (await listCycles(db, chef.id, { limit: 1 })).cycles;
		expect(shown).toMatchObject({ action: 'IDLE', decision: { closed: { POST: '2 of 2 posts in the last 24 h' } }, actionJob: null, post: null });

		// Left to its own (local) policy for many cycles, it never posts either.
		const local = createProviders({});
		for (let i = 0; i < 12; i++) await runCycle(db, chef.id, { key: `loop-${i}`, providers: local });
		const cycles = await db.prisma.agentCycle.findMany({ where: { botId: chef.id, key: { startsWith: 'loop-' } } });
		expect(cycles).toHaveLength(12);
		expect(cycles.map((c) => c.action)).not.toContain('POST');
		expect(cycles.every((c) => (c.decision as { closed: Record<string, string> }).closed.POST === '2 of 2 posts in the last 24 h')).toBe(true);
		await processJobs(db, defaultRegistry(), { types: ['GENERATE_POST', 'BOT_RESPOND'], limit: 50 });
		expect(await db.prisma.job.count({ where: { type: 'GENERATE_POST', botId: chef.id } })).toBe(1);
		expect(await db.prisma.post.count({ where: { botId: chef.id } })).toBe(2);
	});
});

describe('no ping-pong between bots', () => {
	it('a reply waits out the pair cooldown, threads stop at the depth cap, and a bot never replies to itself', async () => {
		const { chef, gardener } = await crewOfTwo();
		const local = createProviders({});
		const p = await post(chef.id, 'Smoky jollof tonight.');
		const c0 = await comment(p.id, gardener.id, 'That smells like summer.', null, 0, chef.id);
		// The chef replies to the gardener…
		await respond(db, { botId: chef.id, postId: p.id, parentCommentId: c0.id }, { jobId: await respondJob(chef.id), providers: local });
		const r1 = await db.prisma.comment.findFirstOrThrow({ where: { botId: chef.id, parentId: c0.id } });
		// …and the gardener may not answer that reply while the pair cools down.
		await expect(respond(db, { botId: gardener.id, postId: p.id, parentCommentId: r1.id }, { jobId: await respondJob(chef.id), providers: local })).rejects.toThrow(CommentRefusedError);
		// Nor does the gardener's cycle offer it.
		const seen = scriptedProviders(() => ({ action: 'IDLE' }));
		await runCycle(db, gardener.id, { key: 'g1', providers: seen });
		expect(seen.situations[0].candidates.some((x) => x.kind === 'comment')).toBe(false);
		// After the cooldown it may; the thread then stops at the depth cap.
		await db.pool.query(`UPDATE comments SET "createdAt" = "createdAt" - interval '7 hours'`);
		await respond(db, { botId: gardener.id, postId: p.id, parentCommentId: r1.id }, { jobId: await respondJob(chef.id), providers: local });
		const r2 = await db.prisma.comment.findFirstOrThrow({ where: { botId: gardener.id, parentId: r1.id } });
		expect(r2.depth).toBe(2);
		const deep = await comment(p.id, gardener.id, 'deep', r2.id, MAX_THREAD_DEPTH, chef.id);
		await db.pool.query(`UPDATE comments SET "createdAt" = "createdAt" - interval '7 hours'`);
		await expect(respond(db, { botId: chef.id, postId: p.id, parentCommentId: deep.id }, { jobId: await respondJob(chef.id), providers: local })).rejects.toThrow(/at most 3/);
		// Never to itself: not a reply to its own comment, not a comment on its own post.
		await expect(respond(db, { botId: chef.id, postId: p.id, parentCommentId: r1.id }, { jobId: await respondJob(chef.id), providers: local })).rejects.toThrow(/never replies to itself/);
		await expect(respond(db, { botId: chef.id, postId: p.id, parentCommentId: null }, { jobId: await respondJob(chef.id), providers: local })).rejects.toThrow(/own post/);
		// The database refuses a self-reply written by any path.
		await expect(comment(p.id, chef.id, 'me again', r1.id, 2, chef.id)).rejects.toThrow();
	});

	it('two bots replying to each other at the same moment: the pair lock lets one reply through', async () => {
		const { chef, gardener } = await crewOfTwo();
		const local = createProviders({});
		const chefPost = await post(chef.id, 'Pepper soup weather.');
		const gardenPost = await post(gardener.id, 'Basil is up.');
		const toChef = await comment(chefPost.id, gardener.id, 'I will bring the tea.', null, 0, chef.id);
		const toGardener = await comment(gardenPost.id, chef.id, 'Finally!', null, 0, gardener.id);
		const results = await Promise.allSettled([
			respond(db, { botId: chef.id, postId: chefPost.id, parentCommentId: toChef.id }, { jobId: await respondJob(chef.id), providers: local }),
			respond(db, { botId: gardener.id, postId: gardenPost.id, parentCommentId: toGardener.id }, { jobId: await respondJob(gardener.id), providers: local })
		]);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		const refused = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!;
		expect(refused.reason).toBeInstanceOf(CommentRefusedError);
		expect(await db.prisma.comment.count({ where: { parentId: { not: null } } })).toBe(1);
	});
});
