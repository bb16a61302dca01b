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
	await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Queue' })).toBeVisible();
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
	await expect(page.getByRole('link', { name: 'Queue', exact: true })).toHaveCount(0);
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

test('Overview tiles open the lists they count, and the counts refresh on their own', async ({ page }) => {
	test.setTimeout(90_000);
	await login(page, 'admin@rudo.dev', 'rudo-admin');
	await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
	await page.locator('body[data-hydrated="true"]').waitFor();
	const tiles = page.getByRole('list', { name: 'Counts' });
	await expect(tiles.getByRole('link', { name: /^Held for review/ })).toHaveAttribute('href', '/posts?moderation=REVIEW');
	await expect(tiles.getByRole('link', { name: /^Scheduled bots/ })).toHaveAttribute('href', '/bots?scheduling=on');
	await expect(tiles.getByRole('link', { name: /^Published posts/ })).toHaveAttribute('href', '/posts');
	await tiles.getByRole('link', { name: /^Bots/ }).click();
	await expect(page.getByRole('heading', { name: 'Bots', level: 1 })).toBeVisible();
	await page.goBack();

	// Jobs by status: FAILED opens the failed jobs.
	const [{ failed }] = await query<{ failed: number }>(`SELECT count(*)::int AS failed FROM jobs WHERE status = 'FAILED'`);
	await page.getByRole('link', { name: `FAILED ${failed}` }).click();
	await expect(page).toHaveURL(/\/queue\/jobs\?status=FAILED$/);
	await expect(page.getByTestId('jobs-total')).toHaveText(`${failed} job${failed === 1 ? '' : 's'} match${failed === 1 ? 'es' : ''}`);
	await page.goBack();
	await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();

	// A job fails elsewhere: the tile follows without a reload.
	await query(`INSERT INTO jobs (type, status, payload, "finishedAt") VALUES ('CREW_COMMENT', 'FAILED', '{}', now())`);
	await expect(page.getByTestId('jobs-failed')).toHaveText(String(failed + 1), { timeout: 25_000 });
});

test('"Skip to content" is the first thing Tab reaches, and Enter moves focus to the main content', async ({ page }) => {
	await login(page, 'maya@rudo.dev', 'rudo-creator');
	await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
	for (const path of ['/', '/bots']) {
		await page.goto(path);
		await page.locator('body[data-hydrated="true"]').waitFor();
		await page.keyboard.press('Tab');
		const skip = page.getByRole('link', { name: 'Skip to content' });
		await expect(skip).toBeFocused();
		await expect(skip).toBeVisible();
		await page.keyboard.press('Enter');
		await expect(page.getByRole('main')).toBeFocused();
		// The next Tab continues inside the content, not back in the header.
		await page.keyboard.press('Tab');
		expect(await page.evaluate(() => !!document.activeElement?.closest('main'))).toBe(true);
	}
});
