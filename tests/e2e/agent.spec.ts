// Phase 3 in the browser: a creator turns a bot's autonomy on and watches its decisions arrive on
// its Mind page; signed-in users like posts and sort the feed by engagement; the consumer app's
// endpoint refuses to run without its secret in production.
import { E2E_CRON_SECRET, expect, query, resetDatabase, test } from './fixtures.ts';
import { gotoHydrated, loginAs, MAYA, SCREENSHOTS } from './bots-helpers.ts';

test.beforeEach(() => resetDatabase());

test('a creator turns autonomy on and sees the bot’s decisions appear on its Mind page', async ({ page, request }) => {
	await loginAs(page, MAYA);
	const [{ id }] = await query<{ id: string }>(`SELECT id FROM bots WHERE handle = 'pixel_pete'`);
	await gotoHydrated(page, `/bots/${id}`);
	await page.getByRole('link', { name: /^Mind/ }).click();
	await expect(page.getByRole('heading', { name: 'Mind of Pixel Pete', level: 1 })).toBeVisible();
	await page.locator('body[data-hydrated="true"]').waitFor();
	await expect(page.getByText('Turn autonomy on and the bot starts deciding for itself.')).toBeVisible();

	const autonomy = page.getByRole('switch', { name: 'Autonomy for Pixel Pete' });
	await expect(autonomy).not.toBeChecked();
	await autonomy.click();
	await expect(autonomy).toBeChecked();
	// The server's answer, not just the switch's optimistic state.
	await expect(page.getByText('Autonomy on', { exact: true })).toBeVisible();
	await expect(page.getByText(/^Decides every 30 min/)).toBeVisible();
	const [bot] = await query<{ autonomy: string; schedulingEnabled: boolean; due: boolean }>(
		`SELECT autonomy::text, "schedulingEnabled", "nextCycleAt" <= now() AS due FROM bots WHERE id = $1`,
		[id]
	);
	expect(bot).toEqual({ autonomy: 'agent', schedulingEnabled: true, due: true });

	// The cron tick an external scheduler calls: it enqueues the bot's cycle and runs it.
	const tick = await request.post('/api/cron/generate', { headers: { authorization: `Bearer ${E2E_CRON_SECRET}` } });
	expect(tick.status()).toBe(200);
	await expect.poll(async () => (await query<{ n: number }>(`SELECT count(*)::int AS n FROM agent_cycles WHERE "botId" = $1`, [id]))[0].n).toBe(1);

	// The page refreshes on its own and shows the cycle: the decision, its reason, what it saw.
	const cycles = page.getByRole('list', { name: 'Cycles, newest first' });
	await expect(cycles.getByRole('article')).toHaveCount(1, { timeout: 20_000 });
	const [stored] = await query<{ action: string; reason: string }>(`SELECT action, reason FROM agent_cycles WHERE "botId" = $1`, [id]);
	await expect(cycles.getByTestId('decision')).toHaveText(stored.action);
	await expect(cycles.getByTestId('reason')).toHaveText(stored.reason);
	await expect(page.getByTestId('cycles-24h')).toHaveText('1');
	await cycles.getByText(/^Perceived \d+ posts/).click();
	await expect(cycles.getByRole('heading', { name: 'What it saw' })).toBeVisible();
	// Its memories: what it perceived and what it decided, searchable.
	const memories = page.getByRole('list', { name: 'Memories' });
	await expect(memories.getByText(/^I decided to /)).toBeVisible();
	await page.getByRole('search', { name: 'Search memories' }).getByLabel('Search memories').fill('retro games');
	await page.getByRole('button', { name: 'Search' }).click();
	await expect(memories.getByText(/score .* = recency .* \+ importance .* \+ relevance/).first()).toBeVisible();
	await page.screenshot({ path: `${SCREENSHOTS}/bot-mind.png`, fullPage: true });

	// Off again: back to the timer, no more cycles.
	await autonomy.click();
	await expect(autonomy).not.toBeChecked();
	await expect(page.getByText('Autonomy off', { exact: true })).toBeVisible();
	expect((await query<{ autonomy: string; next: Date | null }>(`SELECT autonomy::text, "nextCycleAt" AS next FROM bots WHERE id = $1`, [id]))[0]).toEqual({ autonomy: 'scheduled', next: null });
});

test('a signed-in user likes a post, and the feed sorts by engagement under Top', async ({ page }) => {
	await loginAs(page, MAYA);
	await gotoHydrated(page, '/posts');
	const feed = page.getByRole('list', { name: 'Published posts' });
	const first = feed.getByRole('listitem').first();
	const like = first.getByRole('button', { name: /^Like post by @/ });
	const before = Number(await first.getByTestId('like-count').textContent());
	await expect(like).toHaveAttribute('aria-pressed', 'false');
	await like.click();
	await expect(like).toHaveAttribute('aria-pressed', 'true');
	await expect(first.getByTestId('like-count')).toHaveText(String(before + 1));
	expect((await query<{ n: number }>(`SELECT count(*)::int AS n FROM post_likes l JOIN users u ON u.id = l."userId" WHERE u.email = 'maya@rudo.dev'`))[0].n).toBe(1);
	await page.reload();
	await expect(feed.getByRole('listitem').first().getByRole('button', { name: /^Like post by @/ })).toHaveAttribute('aria-pressed', 'true');

	await page.getByRole('navigation', { name: 'Sort posts' }).getByRole('link', { name: 'Top' }).click();
	await expect(page).toHaveURL(/\/posts\?sort=top$/);
	const [top] = await query<{ caption: string }>(
		`SELECT p.caption FROM posts p JOIN bots b ON b.id = p."botId" JOIN users u ON u.id = b."ownerId"
		  WHERE u.email = 'maya@rudo.dev' AND p."publishedAt" IS NOT NULL ORDER BY p."engagementScore" DESC, p.id DESC LIMIT 1`
	);
	await expect(feed.getByRole('listitem').first()).toContainText(top.caption);
	await expect(page.getByRole('link', { name: 'Top' })).toHaveAttribute('aria-current', 'page');
});

/** What scripts/e2e-server.ts sets as ENGAGEMENT_SECRET. */
const E2E_ENGAGEMENT_SECRET = 'e2e-engagement-secret-0123456789';

test('the consumer app reports views, likes and shares: a batch sent twice counts once, bad events are refused with reasons', async ({ request }) => {
	const [post] = await query<{ id: string; likeCount: number; viewCount: number; shareCount: number }>(
		`SELECT id, "likeCount", "viewCount", "shareCount" FROM posts WHERE "publishedAt" IS NOT NULL ORDER BY "publishedAt" DESC LIMIT 1`
	);
	const auth = { authorization: `Bearer ${E2E_ENGAGEMENT_SECRET}` };
	const events = [
		{ id: 'app-1', type: 'view', postId: post.id, viewerId: 'reader-1' },
		{ id: 'app-2', type: 'like', postId: post.id, viewerId: 'reader-1' },
		{ id: 'app-3', type: 'share', postId: post.id, viewerId: 'reader-1', occurredAt: new Date().toISOString() },
		{ id: 'app-4', type: 'poke', postId: post.id, viewerId: 'reader-1' },
		{ id: 'app-5', type: 'view', postId: 'no-such-post', viewerId: 'reader-1' }
	];
	const first = await request.post('/api/engagement', { headers: auth, data: { events } });
	expect(first.status()).toBe(200);
	expect(await first.json()).toEqual({
		received: 5,
		recorded: 3,
		duplicates: 0,
		rejected: [
			{ index: 3, id: 'app-4', reason: 'type must be one of view, like, share' },
			{ index: 4, id: 'app-5', reason: 'postId: there is no post no-such-post' }
		]
	});
	// The app did not hear back and sends the batch again: nothing counts twice.
	const again = await request.post('/api/engagement', { headers: auth, data: { events } });
	expect(await again.json()).toMatchObject({ recorded: 0, duplicates: 3 });
	const [after] = await query<{ likeCount: number; viewCount: number; shareCount: number }>(`SELECT "likeCount", "viewCount", "shareCount" FROM posts WHERE id = $1`, [post.id]);
	expect(after).toEqual({ likeCount: post.likeCount + 1, viewCount: post.viewCount + 1, shareCount: post.shareCount + 1 });

	expect((await request.post('/api/engagement', { data: { events } })).status()).toBe(401);
	expect((await request.post('/api/engagement', { headers: { authorization: 'Bearer rudo-dev-engagement-secret' }, data: { events } })).status()).toBe(401);
	const notJson = await request.post('/api/engagement', { headers: { ...auth, 'content-type': 'application/json' }, data: Buffer.from('{"events": [') });
	expect(notJson.status()).toBe(400);
	expect((await notJson.json()).error).toMatch(/not JSON/);
	const tooMany = await request.post('/api/engagement', { headers: auth, data: { events: Array.from({ length: 501 }, (_, i) => ({ id: `x${i}` })) } });
	expect(tooMany.status()).toBe(413);
});
