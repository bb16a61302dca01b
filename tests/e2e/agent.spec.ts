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
	await expect(page.getByText('Autonomy on')).toBeVisible();
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

test('POST /api/engagement refuses to run without ENGAGEMENT_SECRET in production', async ({ request }) => {
	const response = await request.post('/api/engagement', { data: { events: [] }, headers: { authorization: 'Bearer rudo-dev-engagement-secret' } });
	expect(response.status()).toBe(503);
	expect((await response.json()).error).toMatch(/ENGAGEMENT_SECRET is not configured/);
});
