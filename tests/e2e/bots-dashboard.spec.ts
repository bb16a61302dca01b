// Issue 12, the bots side: what a new user hit on the bots pages (filters with unknown values,
// the empty new-bot form, required-field messages, console warnings in the editor, previews of
// someone else's bot), archiving and deleting bots, the paginated list and a bot's posts and jobs.
import type { ConsoleMessage } from '@playwright/test';
import { expect, query, resetDatabase, test } from './fixtures.ts';
import { botByHandle, gotoHydrated, loginAs, MAYA, trpcFromPage } from './bots-helpers.ts';

test.beforeEach(async ({ page }) => {
	resetDatabase();
	await loginAs(page, MAYA);
});

test('unknown ?tier= and ?style= values fall back to "All" in the selects and do not filter the list', async ({ page }) => {
	await gotoHydrated(page, '/bots?tier=GOLD&style=CUBIST');
	await expect(page.getByLabel('Tier')).toHaveValue('');
	await expect(page.getByLabel('Tier').locator('option:checked')).toHaveText('All tiers');
	await expect(page.getByLabel('Art style')).toHaveValue('');
	await expect(page.getByLabel('Art style').locator('option:checked')).toHaveText('All styles');
	// The list matches what the selects say: every one of Maya's bots, not "no match".
	await expect(page.getByRole('table').getByRole('link')).toHaveText(['Neon Nomad', 'Petal Prose', 'Pixel Pete']);
	await expect(page.getByRole('status').filter({ hasText: /bots?/ })).not.toContainText('match');

	// A valid value next to an unknown one: the valid one applies.
	await gotoHydrated(page, '/bots?tier=APEX&style=CUBIST');
	await expect(page.getByLabel('Tier')).toHaveValue('APEX');
	await expect(page.getByLabel('Art style')).toHaveValue('');
	await expect(page.getByRole('table').getByRole('link')).toHaveText(['Neon Nomad']);
});

test('submitting an empty new-bot form keeps the boxes, shows field errors and no "Unsaved changes"', async ({ page }) => {
	await gotoHydrated(page, '/bots/new');
	await expect(page.getByText('Unsaved changes')).toHaveCount(0);
	await page.getByRole('button', { name: 'Create bot' }).click();

	await expect(page.getByRole('alert')).toContainText('Not saved');
	// The empty trait and interest boxes are still there to type into.
	await expect(page.getByLabel('Trait 1', { exact: true })).toBeVisible();
	await expect(page.getByLabel('Interest 1', { exact: true })).toBeVisible();
	await expect(page.getByRole('group', { name: 'Traits' })).toContainText('Add at least one trait');
	await expect(page.getByRole('group', { name: 'Interests' })).toContainText('Add at least one interest');
	// Required fields say they are required, not that they are too short.
	const handle = page.getByLabel('Handle');
	await expect(handle).toHaveAttribute('aria-invalid', 'true');
	await expect(handle).toHaveAccessibleDescription(/Enter a handle/);
	await expect(handle).not.toHaveAccessibleDescription(/at least 3 characters/);
	await expect(page.getByLabel('Name')).toHaveAttribute('aria-invalid', 'true');
	await expect(page.getByLabel('Voice')).toHaveAttribute('aria-invalid', 'true');
	await expect(page.getByText('Unsaved changes')).toHaveCount(0);

	// A short (not empty) handle still gets the length message.
	await handle.fill('ab');
	await expect(handle).toHaveAccessibleDescription(/Use at least 3 characters/);
	await expect(page.getByText('Unsaved changes')).toBeVisible();
});

test('the bot editor and the new-bot form log no console warnings or errors', async ({ page }) => {
	const messages: string[] = [];
	const listen = (m: ConsoleMessage) => {
		if (m.type() === 'warning' || m.type() === 'error') messages.push(`${m.type()}: ${m.text()}`);
	};
	page.on('console', listen);
	const bot = await botByHandle('neon_nomad');
	await gotoHydrated(page, `/bots/${bot.id}`);
	await expect(page.getByLabel('Colour 1', { exact: true })).toHaveValue(/^#[0-9a-f]{6}$/);
	await page.getByRole('button', { name: 'Add colour' }).click();
	await gotoHydrated(page, '/bots/new');
	await expect(page.getByLabel('Colour 1', { exact: true })).toHaveValue('#7c5cff');
	page.off('console', listen);
	expect(messages).toEqual([]);
});

test("asking for a preview of another creator's bot says there is no such bot, the same as for a missing one", async ({ page }) => {
	await gotoHydrated(page, '/bots');
	const chef = await botByHandle('chef_orbit');
	const other = await trpcFromPage(page, 'mutation', 'posts.previewCreate', { botId: chef.id });
	const missing = await trpcFromPage(page, 'mutation', 'posts.previewCreate', { botId: 'no-such-bot' });
	expect(other.status).toBe(404);
	expect(other.body.error?.json?.data?.code).toBe('NOT_FOUND');
	expect(other.body.error?.json?.message).toMatch(/No such bot/);
	expect(other.body.error?.json?.message).not.toMatch(/preview/i);
	expect(missing.body.error?.json?.message).toBe(other.body.error?.json?.message);
	expect(await query(`SELECT id FROM post_drafts WHERE "botId" = $1`, [chef.id])).toHaveLength(0);
});

test('a creator archives a bot (it leaves the list, scheduling stops, pending jobs are cancelled) and restores it', async ({ page }) => {
	const neon = await botByHandle('neon_nomad');
	const [queued] = await query<{ id: string }>(
		`INSERT INTO jobs (type, "botId", payload, "runAt") VALUES ('GENERATE_POST', $1, jsonb_build_object('botId', $1::text), now() + interval '1 hour')
		 ON CONFLICT DO NOTHING RETURNING id`,
		[neon.id]
	);
	const postsBefore = (await query<{ n: number }>(`SELECT count(*)::int AS n FROM posts WHERE "botId" = $1`, [neon.id]))[0].n;
	await gotoHydrated(page, `/bots/${neon.id}`);
	await page.getByRole('button', { name: 'Archive bot' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Archived @neon_nomad' })).toContainText('Scheduling is off');
	await expect(page.getByText('This bot is archived', { exact: true })).toBeVisible();
	await expect(page.getByRole('switch', { name: 'Post automatically' })).not.toBeChecked();
	await expect(page.getByRole('switch', { name: 'Post automatically' })).toBeDisabled();
	const [row] = await query<{ archived: boolean; on: boolean }>(`SELECT "archivedAt" IS NOT NULL AS archived, "schedulingEnabled" AS on FROM bots WHERE id = $1`, [neon.id]);
	expect(row).toEqual({ archived: true, on: false });
	if (queued) expect((await query<{ status: string }>(`SELECT status FROM jobs WHERE id = $1`, [queued.id]))[0].status).toBe('CANCELLED');
	expect(await query<{ id: string }>(`SELECT id FROM jobs WHERE "botId" = $1 AND status IN ('QUEUED', 'RETRY')`, [neon.id])).toHaveLength(0);
	expect((await query<{ n: number }>(`SELECT count(*)::int AS n FROM posts WHERE "botId" = $1`, [neon.id]))[0].n).toBe(postsBefore);

	// Hidden from the default list; "Archived: shown too" brings it back, marked.
	await gotoHydrated(page, '/bots');
	const table = page.getByRole('table');
	await expect(table.getByRole('link')).toHaveText(['Petal Prose', 'Pixel Pete']);
	await expect(page.getByRole('status').filter({ hasText: '2 bots' })).toContainText('1 archived bot hidden');
	await page.getByLabel('Archived bots').selectOption('include');
	await expect(page).toHaveURL(/archived=include/);
	await expect(table.getByRole('link')).toHaveText(['Neon Nomad', 'Petal Prose', 'Pixel Pete']);
	await expect(table.getByRole('row', { name: /Neon Nomad/ })).toContainText('Archived');
	await gotoHydrated(page, '/bots?archived=only');
	await expect(table.getByRole('link')).toHaveText(['Neon Nomad']);

	await table.getByRole('link', { name: 'Neon Nomad' }).click();
	await page.getByRole('button', { name: 'Restore bot' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Restored @neon_nomad' })).toBeVisible();
	await expect(page.getByText('This bot is archived', { exact: true })).toHaveCount(0);
	await expect(page.getByRole('switch', { name: 'Post automatically' })).toBeEnabled();
	await gotoHydrated(page, '/bots');
	await expect(table.getByRole('link')).toHaveText(['Neon Nomad', 'Petal Prose', 'Pixel Pete']);
});

test('deleting a bot says what goes, can be cancelled, and then removes it with its posts', async ({ page }) => {
	const pete = await botByHandle('pixel_pete');
	const counts = async () =>
		(
			await query<{ posts: number; comments: number }>(
				`SELECT (SELECT count(*)::int FROM posts WHERE "botId" = $1) AS posts,
				        (SELECT count(*)::int FROM comments WHERE "botId" = $1 OR "postId" IN (SELECT id FROM posts WHERE "botId" = $1)) AS comments`,
				[pete.id]
			)
		)[0];
	const before = await counts();
	await gotoHydrated(page, `/bots/${pete.id}`);
	const opener = page.getByRole('button', { name: 'Delete bot…' });
	await opener.click();
	const dialog = page.getByRole('alertdialog', { name: 'Delete @pixel_pete?' });
	await expect(dialog).toBeVisible();
	const summary = dialog.getByTestId('deletion-summary');
	await expect(summary).toContainText(before.posts === 1 ? '1 post,' : `${before.posts} posts,`);
	await expect(summary).toContainText(/\d+ (comment|comments) /);
	await expect(summary).toContainText(/\d+ pending jobs?, cancelled/);
	await expect(summary).toContainText(/\d+ media files?/);
	// Cancel keeps everything and gives focus back.
	await dialog.getByRole('button', { name: 'Cancel' }).click();
	await expect(dialog).toHaveCount(0);
	await expect(opener).toBeFocused();
	expect(await botByHandle('pixel_pete')).toBeDefined();

	await opener.click();
	await page.getByRole('alertdialog').getByRole('button', { name: 'Delete @pixel_pete' }).click();
	await expect(page).toHaveURL(/\/bots$/);
	await expect(page.getByText('Deleted @pixel_pete', { exact: true })).toBeVisible();
	await expect(page.getByRole('table').getByRole('link')).toHaveText(['Neon Nomad', 'Petal Prose']);
	expect(await botByHandle('pixel_pete')).toBeUndefined();
	expect(await counts()).toEqual({ posts: 0, comments: 0 });
});

test("a creator cannot archive or delete another creator's bot", async ({ page }) => {
	await gotoHydrated(page, '/bots');
	const chef = await botByHandle('chef_orbit');
	for (const path of ['bots.archive', 'bots.delete']) {
		const answer = await trpcFromPage(page, 'mutation', path, { id: chef.id });
		expect(answer.body.error?.json?.data?.code).toBe('NOT_FOUND');
	}
	const summary = await trpcFromPage(page, 'query', 'bots.deletionSummary', { id: chef.id });
	expect(summary.body.error?.json?.data?.code).toBe('NOT_FOUND');
	const [row] = await query<{ archived: boolean }>(`SELECT "archivedAt" IS NOT NULL AS archived FROM bots WHERE id = $1`, [chef.id]);
	expect(row).toEqual({ archived: false });
});

test('the bots list pages through many bots, keeps filters in page links, and a stale page number goes to the last page', async ({ page }) => {
	await query(
		`INSERT INTO bots (id, handle, "ownerId", name, "personaDna", tier, "artStyle", "updatedAt")
		 SELECT 'bulk_' || i, 'bulk_' || lpad(i::text, 2, '0'), u.id, 'Bulk ' || lpad(i::text, 2, '0'),
		        '{"voice":"plain","traits":["x"],"interests":["y"]}'::jsonb, CASE WHEN i % 2 = 0 THEN 'APEX' ELSE 'SPARK' END::"BotTier", 'COMIC', now()
		   FROM generate_series(1, 30) i, users u WHERE u.email = 'maya@rudo.dev'`
	);
	await gotoHydrated(page, '/bots');
	const table = page.getByRole('table');
	const pages = page.getByRole('navigation', { name: 'Bots pages' });
	await expect(page.getByRole('status').filter({ hasText: '33 bots' })).toContainText('showing 1–25');
	await expect(pages).toContainText('Page 1 of 2');
	await expect(table.getByRole('link')).toHaveCount(25);
	await pages.getByRole('link', { name: 'Next page →' }).click();
	await expect(page).toHaveURL(/\/bots\?page=2$/);
	await expect(pages).toContainText('Page 2 of 2');
	await expect(table.getByRole('link')).toHaveCount(8);
	await expect(pages.getByRole('link', { name: 'Next page →' })).toHaveCount(0);

	// Filters stay in the page links; changing a filter goes back to page 1.
	await gotoHydrated(page, '/bots?style=COMIC&page=1');
	await expect(page.getByRole('status').filter({ hasText: /bots match/ })).toContainText('showing 1–25');
	await pages.getByRole('link', { name: 'Next page →' }).click();
	await expect(page).toHaveURL(/style=COMIC/);
	await expect(page).toHaveURL(/page=2/);
	await expect(page.getByLabel('Art style')).toHaveValue('COMIC');
	await page.getByLabel('Tier').selectOption('SPARK');
	await expect(page).toHaveURL(/tier=SPARK/);
	await expect(page).not.toHaveURL(/page=/);

	// A page past the end (a stale link): the last page, and the URL says so.
	await gotoHydrated(page, '/bots?page=99');
	await expect(page).toHaveURL(/\/bots\?page=2$/);
	await expect(pages).toContainText('Page 2 of 2');
	await gotoHydrated(page, '/bots?q=pete&page=7');
	await expect(page).toHaveURL(/\/bots\?q=pete$/);
	await expect(table.getByRole('link')).toHaveText(['Pixel Pete']);
	await expect(pages).toHaveCount(0);
	await gotoHydrated(page, '/bots?page=abc');
	await expect(pages).toContainText('Page 1 of 2');
});

test("a bot's page lists its recent posts, linked to each post; an admin also sees its jobs, linked to each job and to the queue filtered by the bot", async ({ page }) => {
	const neon = await botByHandle('neon_nomad');
	const [published] = await query<{ id: string; caption: string }>(
		`SELECT id, caption FROM posts WHERE "botId" = $1 AND "publishedAt" IS NOT NULL ORDER BY "createdAt" DESC LIMIT 1`,
		[neon.id]
	);
	await gotoHydrated(page, `/bots/${neon.id}`);
	const posts = page.getByRole('region', { name: 'Recent posts' });
	await expect(posts).toBeVisible();
	await expect(page.getByRole('region', { name: 'Recent jobs' })).toHaveCount(0);
	// The demo bot has a held post too: it is listed with its state, and linked like the others.
	const all = (await query<{ n: number }>(`SELECT count(*)::int AS n FROM posts WHERE "botId" = $1`, [neon.id]))[0].n;
	await expect(posts.getByRole('listitem')).toHaveCount(all);
	await expect(posts.getByRole('link')).toHaveCount(all);
	await expect(posts.getByText('Held for review')).toHaveCount((await query<{ n: number }>(`SELECT count(*)::int AS n FROM posts WHERE "botId" = $1 AND "moderationStatus" = 'REVIEW'`, [neon.id]))[0].n);
	const link = posts.getByRole('link', { name: published.caption.length > 90 ? published.caption.slice(0, 89) + '…' : published.caption });
	await expect(link).toHaveAttribute('href', `/posts/${published.id}`);
	await link.click();
	await expect(page).toHaveURL(new RegExp(`/posts/${published.id}$`));

	await page.context().clearCookies();
	await loginAs(page, { email: 'admin@rudo.dev', password: 'rudo-admin' });
	const [job] = await query<{ id: string }>(
		`INSERT INTO jobs (type, "botId", payload, status, "finishedAt") VALUES ('GENERATE_POST', $1, jsonb_build_object('botId', $1::text), 'CANCELLED', now()) RETURNING id`,
		[neon.id]
	);
	await gotoHydrated(page, `/bots/${neon.id}`);
	const jobs = page.getByRole('region', { name: 'Recent jobs' });
	await expect(jobs.getByRole('link', { name: `GENERATE_POST #${job.id.slice(-8)}` })).toHaveAttribute('href', `/queue/jobs/${job.id}`);
	await jobs.getByRole('link', { name: 'All jobs of @neon_nomad' }).click();
	await expect(page).toHaveURL(new RegExp(`/queue/jobs\\?bot=${neon.id}$`));
	await expect(page.getByText(`#${job.id.slice(-8)}`).first()).toBeVisible();
});

test('the delete confirmation and a failed empty submit pass axe (no serious or critical violations)', async ({ page }) => {
	const { default: AxeBuilder } = await import('@axe-core/playwright');
	const serious = async () =>
		(await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()).violations
			.filter((v) => v.impact === 'serious' || v.impact === 'critical')
			.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
	const pete = await botByHandle('pixel_pete');
	await gotoHydrated(page, `/bots/${pete.id}`);
	await page.getByRole('button', { name: 'Delete bot…' }).click();
	await expect(page.getByRole('alertdialog')).toBeVisible();
	expect(await serious()).toEqual([]);
	await page.keyboard.press('Escape');
	await page.getByRole('button', { name: 'Archive bot' }).click();
	await expect(page.getByText('This bot is archived', { exact: true })).toBeVisible();
	expect(await serious()).toEqual([]);

	await gotoHydrated(page, '/bots/new');
	await page.getByRole('button', { name: 'Create bot' }).click();
	await expect(page.getByRole('alert')).toContainText('Not saved');
	expect(await serious()).toEqual([]);
});
