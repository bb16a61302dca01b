// Real engagement: likes from signed-in users, views/likes/shares from the consumer app (idempotent
// batches, bad events refused one by one), the score recomputed from those counters, the feed's
// Top order, and the learning loop reading the same signal.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { makeBot, makeUser } from '../helpers/factories.ts';
import { asSessionUser, callerAs, errorOf } from '../helpers/trpc.ts';
import { ingestEngagementEvents, MAX_EVENTS_PER_BATCH, EngagementBatchError } from '../../src/lib/server/social/engagement/events.ts';
import { engagementScore, updateEngagementScores } from '../../src/lib/server/social/engagement/score.ts';
import { loadPreferences } from '../../src/lib/server/social/learning-loop.ts';
import { checkEngagementAuth, DEV_ENGAGEMENT_SECRET } from '../../src/lib/server/social/engagement/auth.ts';
import { resetEnvCache } from '../../src/lib/server/env.ts';
import { handleEngagementRequest, MAX_BODY_BYTES } from '../../src/lib/server/social/engagement/endpoint.ts';
import { createLogger } from '../../src/lib/server/log.ts';
import { Writable } from 'node:stream';

let db: TestDatabase;
beforeAll(async () => {
	db = await createTestDatabase();
});
afterAll(async () => db?.drop());
beforeEach(async () => db.truncate());

async function post(botId: string, over: { hoursAgo?: number; published?: boolean; type?: 'TEXT' | 'IMAGE'; tags?: string[] } = {}) {
	const at = new Date(Date.now() - (over.hoursAgo ?? 1) * 3_600_000);
	return db.prisma.post.create({
		data: {
			botId,
			type: over.type ?? 'TEXT',
			caption: 'A walk by the river.',
			tags: over.tags ?? [],
			moderationStatus: over.published === false ? 'REVIEW' : 'APPROVED',
			publishedAt: over.published === false ? null : at,
			createdAt: at
		}
	});
}
const counters = (id: string) => db.prisma.post.findUniqueOrThrow({ where: { id }, select: { likeCount: true, viewCount: true, shareCount: true, engagementScore: true } });

describe('likes in the feed', () => {
	it('a signed-in user likes a post once, unlikes it, and sees it in the feed', async () => {
		const maya = await makeUser(db);
		const bot = await makeBot(db, maya.id);
		const p = await post(bot.id);
		const caller = callerAs(db, asSessionUser(maya));
		expect(await caller.posts.like({ postId: p.id, liked: true })).toMatchObject({ liked: true, changed: true, likeCount: 1 });
		// A second like (a double click, a retry) changes nothing.
		expect(await caller.posts.like({ postId: p.id, liked: true })).toMatchObject({ liked: true, changed: false, likeCount: 1 });
		const feed = await caller.posts.feed({ limit: 10 });
		expect(feed.posts[0]).toMatchObject({ id: p.id, likeCount: 1, likedByMe: true });
		expect(await caller.posts.like({ postId: p.id, liked: false })).toMatchObject({ liked: false, changed: true, likeCount: 0 });
		expect(await caller.posts.like({ postId: p.id, liked: false })).toMatchObject({ likeCount: 0, changed: false });
		expect((await caller.posts.feed({ limit: 10 })).posts[0].likedByMe).toBe(false);
	});

	it('two users liking at once both count; a creator cannot like posts outside their feed', async () => {
		const [maya, leo, admin] = await Promise.all([makeUser(db), makeUser(db), makeUser(db, { role: 'ADMIN' })]);
		const p = await post((await makeBot(db, maya.id)).id);
		await Promise.all([callerAs(db, asSessionUser(maya)).posts.like({ postId: p.id, liked: true }), callerAs(db, asSessionUser(admin)).posts.like({ postId: p.id, liked: true })]);
		expect((await counters(p.id)).likeCount).toBe(2);
		expect((await errorOf(callerAs(db, asSessionUser(leo)).posts.like({ postId: p.id, liked: true }))).code).toBe('NOT_FOUND');
		const held = await post((await makeBot(db, maya.id)).id, { published: false });
		expect((await errorOf(callerAs(db, asSessionUser(maya)).posts.like({ postId: held.id, liked: true }))).code).toBe('NOT_FOUND');
		expect((await counters(p.id)).likeCount).toBe(2);
	});
});

describe('engagement events from the consumer app', () => {
	it('records a batch once however often it is sent, and moves the counters by what was new', async () => {
		const bot = await makeBot(db, (await makeUser(db)).id);
		const p = await post(bot.id);
		const batch = [
			{ id: 'ev-1', type: 'view', postId: p.id, viewerId: 'v1' },
			{ id: 'ev-2', type: 'view', postId: p.id, viewerId: 'v2' },
			{ id: 'ev-3', type: 'like', postId: p.id, viewerId: 'v1' },
			{ id: 'ev-4', type: 'share', postId: p.id, viewerId: 'v2', occurredAt: new Date(Date.now() - 60_000).toISOString() }
		];
		expect(await ingestEngagementEvents(db.pool, batch)).toEqual({ received: 4, recorded: 4, duplicates: 0, rejected: [] });
		expect(await counters(p.id)).toMatchObject({ viewCount: 2, likeCount: 1, shareCount: 1 });
		// The app timed out and sent it again, twice at once: nothing more is counted.
		const again = await Promise.all([ingestEngagementEvents(db.pool, batch), ingestEngagementEvents(db.pool, batch)]);
		expect(again.map((r) => r.recorded)).toEqual([0, 0]);
		expect(again.map((r) => r.duplicates)).toEqual([4, 4]);
		expect(await counters(p.id)).toMatchObject({ viewCount: 2, likeCount: 1, shareCount: 1 });
		// The same id twice in one batch is one event; a viewer's second like (new id) is not a second like.
		const r = await ingestEngagementEvents(db.pool, [
			{ id: 'ev-5', type: 'view', postId: p.id, viewerId: 'v3' },
			{ id: 'ev-5', type: 'view', postId: p.id, viewerId: 'v3' },
			{ id: 'ev-6', type: 'like', postId: p.id, viewerId: 'v1' }
		]);
		expect(r).toMatchObject({ recorded: 1, duplicates: 2, rejected: [] });
		expect(await counters(p.id)).toMatchObject({ viewCount: 3, likeCount: 1 });
		expect(await db.prisma.engagementEvent.count()).toBe(5);
	});

	it('refuses bad events one by one with a reason and records the rest', async () => {
		const bot = await makeBot(db, (await makeUser(db)).id);
		const p = await post(bot.id);
		const held = await post(bot.id, { published: false });
		const result = await ingestEngagementEvents(db.pool, [
			{ id: 'ok-1', type: 'view', postId: p.id, viewerId: 'v1' },
			{ id: 'bad-type', type: 'poke', postId: p.id, viewerId: 'v1' },
			{ id: 'bad-post', type: 'view', postId: 'no-such-post', viewerId: 'v1' },
			{ id: 'held', type: 'like', postId: held.id, viewerId: 'v1' },
			{ id: 'future', type: 'view', postId: p.id, viewerId: 'v1', occurredAt: new Date(Date.now() + 3_600_000).toISOString() },
			{ id: 'old', type: 'view', postId: p.id, viewerId: 'v1', occurredAt: '2020-01-01T00:00:00Z' },
			{ id: 'no-zone', type: 'view', postId: p.id, viewerId: 'v1', occurredAt: '2026-01-01 10:00' },
			{ type: 'view', postId: p.id, viewerId: 'v1' },
			{ id: 'has space', type: 'view', postId: p.id, viewerId: 'v1' },
			{ id: 'nul', type: 'view', postId: p.id, viewerId: 'v\u0000' },
			'not an object',
			{ id: 'ok-2', type: 'share', postId: p.id, viewerId: 'v2' }
		]);
		expect(result.recorded).toBe(2);
		expect(result.rejected.map((r) => [r.index, r.id])).toEqual([
			[1, 'bad-type'],
			[2, 'bad-post'],
			[3, 'held'],
			[4, 'future'],
			[5, 'old'],
			[6, 'no-zone'],
			[7, null],
			[8, 'has space'],
			[9, 'nul'],
			[10, null]
		]);
		const reasons = result.rejected.map((r) => r.reason);
		expect(reasons[0]).toMatch(/type must be one of view, like, share/);
		expect(reasons[1]).toMatch(/there is no post no-such-post/);
		expect(reasons[2]).toMatch(/not published/);
		expect(reasons[3]).toMatch(/future/);
		expect(reasons[4]).toMatch(/30 days/);
		expect(reasons[5]).toMatch(/occurredAt must be an ISO 8601/);
		expect(reasons[6]).toMatch(/^id/);
		expect(reasons[7]).toMatch(/printable ASCII/);
		expect(reasons[8]).toMatch(/viewerId/);
		expect(await counters(p.id)).toMatchObject({ viewCount: 1, shareCount: 1, likeCount: 0 });
		expect((await counters(held.id)).likeCount).toBe(0);
	});

	it('refuses a batch that is not a list or too large, recording nothing', async () => {
		await expect(ingestEngagementEvents(db.pool, { id: 'x' })).rejects.toThrow(EngagementBatchError);
		await expect(ingestEngagementEvents(db.pool, Array.from({ length: MAX_EVENTS_PER_BATCH + 1 }, (_, i) => ({ id: `e${i}` })))).rejects.toThrow(/At most 500 events/);
		expect(await db.prisma.engagementEvent.count()).toBe(0);
	});

	it('the endpoint: 413 for a body over the cap (declared or not), 400 for bad JSON, and one log line per batch', async () => {
		const secret = 'engagement-endpoint-test-secret';
		const before = process.env.ENGAGEMENT_SECRET;
		process.env.ENGAGEMENT_SECRET = secret;
		resetEnvCache();
		const lines: Array<Record<string, unknown>> = [];
		const logger = createLogger({ level: 'info', format: 'json', destination: new Writable({ write: (chunk, _enc, done) => (lines.push(...String(chunk).trim().split('\n').map((l) => JSON.parse(l))), done()) }) });
		const auth = { authorization: `Bearer ${secret}` };
		const send = (body: BodyInit, headers: Record<string, string> = {}) => handleEngagementRequest(new Request('http://rudo.test/api/engagement', { method: 'POST', headers: { ...auth, ...headers }, body, duplex: 'half' } as RequestInit), db.pool, { logger });
		try {
			const bot = await makeBot(db, (await makeUser(db)).id);
			const p = await post(bot.id);
			// A good batch: 200 with the counts, and one info line saying so.
			const ok = await send(JSON.stringify({ events: [{ id: 'ep-1', type: 'view', postId: p.id, viewerId: 'v1' }, { id: 'ep-2', type: 'like', postId: 'nope', viewerId: 'v1' }] }));
			expect(ok.status).toBe(200);
			expect(await ok.json()).toMatchObject({ received: 2, recorded: 1, duplicates: 0, rejected: [{ index: 1, reason: 'postId: there is no post nope' }] });
			expect(lines).toHaveLength(1);
			expect(lines[0]).toMatchObject({ level: 'info', component: 'engagement', msg: 'engagement batch recorded', received: 2, recorded: 1, duplicates: 0, rejected: 1 });

			// Declared too large: refused before reading.
			lines.length = 0;
			const declared = await send('{}', { 'content-length': String(MAX_BODY_BYTES + 1) });
			expect(declared.status).toBe(413);
			expect((await declared.json()).error).toMatch(/larger than 524288 bytes: split the batch/);
			// Not declared (streamed), too large: refused once the cap is passed, without reading it all.
			let pulled = 0;
			const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
			const endless = new ReadableStream<Uint8Array>({ pull: (c) => void (pulled++, c.enqueue(chunk)) });
			const streamed = await send(endless);
			expect(streamed.status).toBe(413);
			expect(pulled).toBeLessThan(12);
			// Not JSON, and too many events.
			expect((await send('{"events": [')).status).toBe(400);
			const many = await send(JSON.stringify({ events: Array.from({ length: MAX_EVENTS_PER_BATCH + 1 }, (_, i) => ({ id: `m${i}` })) }));
			expect(many.status).toBe(413);
			expect((await many.json()).error).toMatch(/At most 500 events/);
			// One warning per refused batch, with its status.
			expect(lines.map((l) => [l.level, l.status])).toEqual([['warn', 413], ['warn', 413], ['warn', 400], ['warn', 413]]);
			// A bad secret: 401, and nothing logged (it is not a batch).
			lines.length = 0;
			const denied = await handleEngagementRequest(new Request('http://rudo.test/api/engagement', { method: 'POST', headers: { authorization: 'Bearer wrong' }, body: '{}' }), db.pool, { logger });
			expect(denied.status).toBe(401);
			expect(lines).toHaveLength(0);
			expect(await db.prisma.engagementEvent.count()).toBe(1);
		} finally {
			if (before === undefined) delete process.env.ENGAGEMENT_SECRET;
			else process.env.ENGAGEMENT_SECRET = before;
			resetEnvCache();
		}
	});

	it('takes the documented dev secret only outside production', () => {
		const before = { NODE_ENV: process.env.NODE_ENV, ENGAGEMENT_SECRET: process.env.ENGAGEMENT_SECRET };
		try {
			delete process.env.ENGAGEMENT_SECRET;
			process.env.NODE_ENV = 'development';
			resetEnvCache();
			expect(checkEngagementAuth(`Bearer ${DEV_ENGAGEMENT_SECRET}`).ok).toBe(true);
			expect(checkEngagementAuth('Bearer wrong')).toMatchObject({ ok: false, status: 401 });
			process.env.NODE_ENV = 'production';
			resetEnvCache();
			expect(checkEngagementAuth(`Bearer ${DEV_ENGAGEMENT_SECRET}`)).toMatchObject({ ok: false, status: 503 });
			process.env.ENGAGEMENT_SECRET = 'a-real-secret-of-some-length';
			resetEnvCache();
			expect(checkEngagementAuth('Bearer a-real-secret-of-some-length').ok).toBe(true);
			expect(checkEngagementAuth(`Bearer ${DEV_ENGAGEMENT_SECRET}`).ok).toBe(false);
		} finally {
			for (const [k, v] of Object.entries(before)) if (v === undefined) delete process.env[k];
			else process.env[k] = v;
			resetEnvCache();
		}
	});
});

describe('score, Top and learning from the real signal', () => {
	it('RECALC computes the documented score from the recorded counters and Top orders by it', async () => {
		const maya = await makeUser(db);
		const bot = await makeBot(db, maya.id);
		const quiet = await post(bot.id, { hoursAgo: 1 });
		const loved = await post(bot.id, { hoursAgo: 5 });
		const events = [
			...Array.from({ length: 30 }, (_, i) => ({ id: `v${i}`, type: 'view', postId: loved.id, viewerId: `u${i}` })),
			...Array.from({ length: 12 }, (_, i) => ({ id: `l${i}`, type: 'like', postId: loved.id, viewerId: `u${i}` })),
			...Array.from({ length: 3 }, (_, i) => ({ id: `s${i}`, type: 'share', postId: loved.id, viewerId: `u${i}` })),
			{ id: 'q1', type: 'view', postId: quiet.id, viewerId: 'u1' }
		];
		await ingestEngagementEvents(db.pool, events);
		await callerAs(db, asSessionUser(maya)).posts.like({ postId: loved.id, liked: true });
		await updateEngagementScores(db);
		const l = await counters(loved.id);
		expect(l).toMatchObject({ likeCount: 13, viewCount: 30, shareCount: 3 });
		expect(l.engagementScore).toBeCloseTo(engagementScore({ likes: 13, comments: 0, shares: 3, views: 30, ageHours: 5 }), 2);
		const caller = callerAs(db, asSessionUser(maya));
		expect((await caller.posts.feed({ limit: 10, sort: 'latest' })).posts.map((p) => p.id)).toEqual([quiet.id, loved.id]);
		expect((await caller.posts.feed({ limit: 10, sort: 'top' })).posts.map((p) => p.id)).toEqual([loved.id, quiet.id]);
	});

	it('the learning loop credits the post type and tags the audience engaged with', async () => {
		const bot = await makeBot(db, (await makeUser(db)).id, { tier: 'NOVA' });
		const posts = [];
		for (let i = 0; i < 6; i++) posts.push(await post(bot.id, { hoursAgo: 10 + i, type: i % 2 ? 'IMAGE' : 'TEXT', tags: i % 2 ? ['cats'] : ['tax'] }));
		// The audience likes the image posts about cats.
		const events = posts.flatMap((p, i) => (i % 2 ? Array.from({ length: 10 }, (_, k) => ({ id: `${p.id}-${k}`, type: 'like', postId: p.id, viewerId: `v${k}` })) : []));
		await ingestEngagementEvents(db.pool, events);
		const prefs = await loadPreferences(db, bot.id);
		expect(prefs.observed).toBe(6);
		expect(prefs.types.IMAGE.alpha).toBeGreaterThan(prefs.types.TEXT.alpha);
		expect(prefs.tags.get('cats')!.alpha).toBeGreaterThan(prefs.tags.get('tax')!.alpha);
	});
});
