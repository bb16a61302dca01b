import { expect, login, query, test } from './fixtures.ts';

test('the demo admin logs in and sees the Overview counts from the database', async ({ page }) => {
	await login(page, 'admin@rudo.dev', 'rudo-admin');
	await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
	await expect(page.getByTestId('signed-in-user')).toContainText('Ada Admin');

	const [{ bots, published, jobs_failed }] = await query<{ bots: number; published: number; jobs_failed: number }>(
		`SELECT (SELECT count(*)::int FROM bots) AS bots,
		        (SELECT count(*)::int FROM posts WHERE "publishedAt" IS NOT NULL) AS published,
		        (SELECT count(*)::int FROM jobs WHERE status = 'FAILED') AS jobs_failed`
	);
	expect(bots).toBeGreaterThanOrEqual(6);
	await expect(page.getByTestId('count-bots')).toHaveText(String(bots));
	await expect(page.getByTestId('count-published-posts')).toHaveText(String(published));
	await expect(page.getByTestId('jobs-failed')).toHaveText(String(jobs_failed));
	await expect(page.getByRole('link', { name: 'Queue' })).toBeVisible();
	await page.screenshot({ path: 'test-results/screenshots/overview-admin.png', fullPage: true });
});

test('a wrong password shows one clear message and stays on the login page', async ({ page }) => {
	await login(page, 'admin@rudo.dev', 'not-the-password');
	await expect(page.getByRole('alert')).toHaveText('Email or password is incorrect.');
	await expect(page).toHaveURL(/\/login/);
});

test('a creator sees only their own bots and no Queue link, and /queue is forbidden', async ({ page }) => {
	await login(page, 'maya@rudo.dev', 'rudo-creator');
	await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
	const [{ n }] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM bots b JOIN users u ON u.id = b."ownerId" WHERE u.email = 'maya@rudo.dev'`);
	await expect(page.getByTestId('count-bots')).toHaveText(String(n));
	await expect(page.getByRole('link', { name: 'Queue' })).toHaveCount(0);
	const response = await page.goto('/queue');
	expect(response?.status()).toBe(403);
	await expect(page.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
});

test('signed out, the dashboard redirects to login; logging out ends the session', async ({ page }) => {
	await page.goto('/bots');
	await expect(page).toHaveURL(/\/login\?next=%2Fbots/);
	await login(page, 'leo@rudo.dev', 'rudo-creator', { navigate: false });
	await expect(page).toHaveURL(/\/bots$/);
	await page.getByRole('button', { name: 'Log out' }).click();
	await expect(page).toHaveURL(/\/login/);
	await page.goto('/');
	await expect(page).toHaveURL(/\/login/);
});

test('generated media is served only to signed-in users, with its content type', async ({ page, request }) => {
	await login(page, 'maya@rudo.dev', 'rudo-creator');
	await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
	// Make an image through the app's own API (a preview: nothing is published).
	const [{ id }] = await query<{ id: string }>(`SELECT id FROM bots WHERE handle = 'petal_prose'`);
	const call = async (path: string, input: unknown) => {
		const response = await page.request.post(`/trpc/${path}`, { data: { json: input } });
		expect(response.status()).toBe(200);
		return (await response.json()).result.data.json;
	};
	const draft = await call('posts.previewCreate', { botId: id, postType: 'IMAGE' });
	const done = await call('posts.previewRun', { draftId: draft.id });
	const url: string = done.result.mediaUrl;
	expect(url).toMatch(/^\/media\//);

	const signedIn = await page.request.get(url);
	expect(signedIn.status()).toBe(200);
	expect(signedIn.headers()['content-type']).toMatch(/^image\//);
	// `request` carries no session cookie.
	const anonymous = await request.get(url, { maxRedirects: 0 });
	expect(anonymous.status()).toBe(303);
	expect(anonymous.headers()['location']).toMatch(/^\/login/);
});
