// Issue 12, bugs 1–3: an ended session is said once and leads back to where the reader was;
// relative times never run ahead of the data they label (even with the browser's clock behind the
// server's); errors inside the dashboard keep its navigation and offer a way on.
import { expect, login, query, resetDatabase, test } from './fixtures.ts';
import { gotoHydrated, hydrated, loginAsAdmin } from './queue-helpers.ts';

test.beforeEach(() => resetDatabase());

const endSessions = (email: string) => query(`UPDATE sessions SET "expiresAt" = now() - interval '1 minute' WHERE "userId" = (SELECT id FROM users WHERE email = $1)`, [email]);

test('an expired session: the next page says so, and signing in returns to it with its filters', async ({ page }) => {
	await login(page, 'maya@rudo.dev', 'rudo-creator');
	await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
	await gotoHydrated(page, '/bots');
	await endSessions('maya@rudo.dev');

	// A link inside the app (a client-side navigation)…
	await page.getByRole('link', { name: 'Posts', exact: true }).click();
	await expect(page).toHaveURL(/\/login\?expired=1&next=%2Fposts$/);
	await expect(page.getByTestId('session-ended')).toHaveText('Your session ended. Sign in again to continue where you were.');
	await login(page, 'maya@rudo.dev', 'rudo-creator', { navigate: false });
	await expect(page).toHaveURL(/\/posts$/);

	// …and a full page load with the dead cookie, query kept.
	await endSessions('maya@rudo.dev');
	await page.goto('/bots?tier=NOVA');
	await expect(page).toHaveURL(/\/login\?expired=1&next=%2Fbots%3Ftier%3DNOVA$/);
	await expect(page.getByTestId('session-ended')).toBeVisible();
	await login(page, 'maya@rudo.dev', 'rudo-creator', { navigate: false });
	await expect(page).toHaveURL(/\/bots\?tier=NOVA$/);

	// Someone who simply arrives signed out is not told a session ended.
	await page.context().clearCookies();
	await page.goto('/bots');
	await expect(page).toHaveURL(/\/login\?next=%2Fbots$/);
	await expect(page.getByTestId('session-ended')).toHaveCount(0);
});

test('signed out in another tab: the open queue page shows one banner, stops its live updates, and keeps the form', async ({ page, context }) => {
	await loginAsAdmin(page);
	await gotoHydrated(page, '/queue');
	await page.getByLabel('Batch size').fill('7');

	const other = await context.newPage();
	await other.goto('/');
	await other.getByRole('button', { name: 'Log out' }).click();
	await expect(other).toHaveURL(/\/login/);

	// The next poll (every 5 s) finds the session gone.
	const banner = page.getByTestId('session-ended-banner');
	await expect(banner).toContainText('Your session ended.', { timeout: 15_000 });
	await expect(page.getByText(/Live updates paused/)).toHaveCount(0);
	await expect(page.getByRole('alert').filter({ hasText: 'failed' })).toHaveCount(0);
	await expect(page.getByLabel('Batch size')).toHaveValue('7');

	await banner.getByRole('link', { name: 'Sign in again' }).click();
	await expect(page).toHaveURL(/\/login\?expired=1&next=%2Fqueue$/);
	await expect(page.getByTestId('session-ended')).toBeVisible();
	await login(page, 'admin@rudo.dev', 'rudo-admin', { navigate: false });
	await expect(page).toHaveURL(/\/queue$/);
	await expect(page.getByRole('heading', { name: 'Queue health' })).toBeVisible();
	await expect(page.getByTestId('session-ended-banner')).toHaveCount(0);
});

test('relative times follow the server’s clock: a browser a minute slow never shows “in …” for what just happened', async ({ page }) => {
	// The browser's clock runs a minute behind the server's.
	await page.clock.install({ time: new Date(Date.now() - 60_000) });
	await loginAsAdmin(page);
	await hydrated(page);
	// The Overview's "Updated …" labels data the server just produced.
	const updatedLine = () => page.getByRole('main').locator('p, span').filter({ hasText: /^\s*Updated\b/ }).first();
	const updated = updatedLine();
	await expect(updated).toBeVisible();
	await expect(updated).not.toContainText(/\bin \d|in a minute/);

	await gotoHydrated(page, '/queue');
	for (let i = 0; i < 4; i++) {
		// Each poll brings a newer generatedAt: the label must not run ahead of it.
		await expect(updatedLine()).toContainText(/just now|seconds? ago/);
		await expect(updatedLine()).not.toContainText(/\bin \d/);
		await page.waitForTimeout(2_500);
	}

	// A running job started before now: its due time is in the past.
	const [{ id }] = await query<{ id: string }>(
		`INSERT INTO jobs (type, status, payload, attempts, "runAt", "startedAt", "lockedAt", "lockedBy", "leaseExpiresAt")
		 VALUES ('CREW_COMMENT', 'RUNNING', '{}', 1, now() - interval '2 seconds', now() - interval '1 second', now(), 'e2e', now() + interval '30 seconds') RETURNING id`
	);
	await gotoHydrated(page, `/queue/jobs/${id}`);
	const main = page.getByRole('main');
	await expect(main).toContainText(/Run at\s*(just now|\d+ seconds? ago)/);
	await expect(main).toContainText(/started\s*(just now|\d+ seconds? ago)/);
	// The lease, though, does run into the future.
	await expect(main).toContainText(/lease until\s*in \d+ seconds/);
});

test('absolute times are one tap away where only the relative time is shown', async ({ page }) => {
	await loginAsAdmin(page);
	const toggle = page.getByRole('button', { name: /just now|ago/ }).first();
	await expect(toggle).toHaveAttribute('aria-expanded', 'false');
	await toggle.click();
	await expect(toggle).toHaveAttribute('aria-expanded', 'true');
	await expect(page.getByText(/\(\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}\)/).first()).toBeVisible();
});

test('errors inside the dashboard keep its navigation and offer a way on', async ({ page }) => {
	await login(page, 'maya@rudo.dev', 'rudo-creator');
	await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
	// A creator opening the queue.
	const queue = await page.goto('/queue');
	expect(queue?.status()).toBe(403);
	await expect(page.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
	await expect(page.getByText('Only admins can see the queue.')).toBeVisible();
	await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Bots' })).toBeVisible();
	await page.getByRole('link', { name: 'Back to the overview' }).click();
	await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();

	// An address that is no page at all.
	const missing = await page.goto('/no-such-page');
	expect(missing?.status()).toBe(404);
	await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
	await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();

	// An admin opening a job that does not exist.
	await page.context().clearCookies();
	await loginAsAdmin(page);
	const job = await page.goto('/queue/jobs/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b');
	expect(job?.status()).toBe(404);
	await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
	await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Queue' })).toBeVisible();
	await page.getByRole('link', { name: 'Back to the jobs' }).click();
	await expect(page.getByRole('heading', { name: 'Jobs', exact: true })).toBeVisible();

	// An unknown API address answers JSON, not the sign-in page.
	const api = await page.request.get('/api/nothing-here', { maxRedirects: 0 });
	expect(api.status()).toBe(404);
	expect(await api.json()).toEqual({ error: 'No endpoint at /api/nothing-here' });
});
