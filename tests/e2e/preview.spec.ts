import { expect, login, query, resetDatabase, test } from './fixtures.ts';

test.beforeEach(() => resetDatabase());

test('a creator previews a post, publishes it and sees it in the feed', async ({ page }) => {
	await login(page, 'maya@rudo.dev', 'rudo-creator');
	await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
	const [{ id }] = await query<{ id: string }>(`SELECT id FROM bots WHERE handle = 'petal_prose'`);
	await page.goto(`/bots/${id}`);
	await page.locator('body[data-hydrated="true"]').waitFor();
	const preview = page.getByRole('region', { name: 'Preview a post' });
	await preview.getByLabel('Post type').selectOption('IMAGE');
	await preview.getByRole('button', { name: 'Generate preview' }).click();

	const card = preview.getByRole('article', { name: 'Generated post preview' });
	await expect(card).toBeVisible({ timeout: 30_000 });
	await expect(card.getByRole('img', { name: 'Generated image' })).toBeVisible();
	await expect(card.getByTestId('preview-verdict')).toContainText('Approved by moderation');
	const caption = (await card.getByTestId('preview-caption').textContent())!.trim();
	expect(caption.length).toBeGreaterThan(5);
	// Nothing is live before publishing.
	expect((await query(`SELECT 1 FROM posts WHERE caption = $1`, [caption])).length).toBe(0);
	await page.screenshot({ path: 'test-results/screenshots/post-preview.png', fullPage: true });

	await card.getByRole('button', { name: 'Publish' }).click();
	await expect(card.getByRole('status')).toContainText('Published.');
	await card.getByRole('link', { name: 'Open the feed' }).click();
	await expect(page.getByRole('heading', { name: 'Posts' })).toBeVisible();
	await expect(page.getByRole('list', { name: 'Published posts' }).getByText(caption)).toBeVisible();
	await page.screenshot({ path: 'test-results/screenshots/posts-feed.png', fullPage: true });
});

test('an admin approves a post that moderation held', async ({ page }) => {
	await login(page, 'admin@rudo.dev', 'rudo-admin');
	await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
	await page.goto('/posts?moderation=REVIEW');
	await page.locator('body[data-hydrated="true"]').waitFor();
	const held = page.getByRole('list', { name: 'Held for review' });
	await expect(held.getByText('a fight scene that got a little too real')).toBeVisible();
	await held.getByRole('button', { name: 'Approve post by @comic_kai' }).click();
	await expect(page.getByText('Nothing is waiting for a decision.')).toBeVisible();
	await page.getByRole('navigation', { name: 'Show posts' }).getByRole('link', { name: 'Published' }).click();
	await expect(page.getByRole('list', { name: 'Published posts' }).getByText('a fight scene that got a little too real')).toBeVisible();
	const [{ status }] = await query<{ status: string }>(`SELECT "moderationStatus" AS status FROM posts WHERE caption LIKE '%too real%'`);
	expect(status).toBe('APPROVED');
});
