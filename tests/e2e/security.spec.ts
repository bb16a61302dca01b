// Issue 9 in the browser against the production build: Back after logout, security headers and
// caching, same-origin `next`, media access, sign out everywhere, the tier a creator sees.
import { expect, login, query, resetDatabase, test } from './fixtures.ts';

test.beforeEach(() => resetDatabase());
// Failed sign-ins from this run's single address must not throttle the other specs.
test.afterEach(async () => {
	await query('TRUNCATE rate_limits');
});

test('Back after logging out shows the sign-in page, not the previous user’s feed', async ({ page }) => {
	await login(page, 'maya@rudo.dev', 'rudo-creator');
	await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
	await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Bots' }).click();
	await expect(page.getByRole('heading', { name: 'Bots', level: 1 })).toBeVisible();
	await page.getByRole('button', { name: 'Log out' }).click();
	await expect(page).toHaveURL(/\/login/);
	await page.goBack();
	await expect(page).toHaveURL(/\/login/);
	await expect(page.getByRole('heading', { name: 'Sign in to Rudo' })).toBeVisible();
	await expect(page.getByText('Maya Chen')).toHaveCount(0);
});

test('pages carry a CSP that forbids framing, and signed-in pages are never cached', async ({ page }) => {
	const loginPage = await page.goto('/login');
	const headers = loginPage!.headers();
	expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
	expect(headers['content-security-policy']).toMatch(/script-src 'self' 'nonce-[^']+'/);
	expect(headers['x-content-type-options']).toBe('nosniff');
	expect(headers['referrer-policy']).toBe('same-origin');
	expect(headers['x-frame-options']).toBe('DENY');
	expect(headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
	// Plain http here: no HSTS (browsers ignore it over http anyway).
	expect(headers['strict-transport-security']).toBeUndefined();
	await login(page, 'maya@rudo.dev', 'rudo-creator', { navigate: false });
	await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
	const bots = await page.goto('/bots');
	expect(bots!.headers()['cache-control']).toBe('no-store');
	const data = await page.request.get('/bots/__data.json');
	expect(data.headers()['cache-control']).toMatch(/\bno-store\b/);
	const trpc = await page.request.get('/trpc/overview.counts');
	expect(trpc.headers()['cache-control']).toBe('no-store');
	expect(trpc.headers()['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
});

test('after sign-in, `next` only ever leads to a path on this site', async ({ page }) => {
	for (const next of ['/%5Cevil.example', '//evil.example', '/\\evil.example', 'https://evil.example/', '/\t/evil.example']) {
		await page.context().clearCookies();
		await page.goto(`/login?next=${encodeURIComponent(next)}`);
		await login(page, 'leo@rudo.dev', 'rudo-creator', { navigate: false });
		await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
		expect(new URL(page.url()).origin).toBe(new URL(page.url()).origin);
		expect(page.url()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
	}
	// Asked directly, the server's Location header is a plain path too.
	await page.context().clearCookies();
	const form = await page.request.post('/login?next=%2F%255Cevil.example', {
		form: { email: 'leo@rudo.dev', password: 'rudo-creator' },
		headers: { origin: new URL(page.url()).origin, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(form.status()).toBe(303);
	expect(form.headers()['location']).toBe('/');
	await page.context().clearCookies();
	const kept = await page.request.post('/login?next=%2Fbots%3Ftier%3DNOVA', { form: { email: 'leo@rudo.dev', password: 'rudo-creator' }, headers: { origin: new URL(page.url()).origin, accept: 'text/html' }, maxRedirects: 0 });
	expect(kept.headers()['location']).toBe('/bots?tier=NOVA');
});

test('media: private caching, another creator’s draft is not found, bad names are 404', async ({ page, browser }) => {
	await login(page, 'maya@rudo.dev', 'rudo-creator');
	await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
	const [{ id }] = await query<{ id: string }>(`SELECT id FROM bots WHERE handle = 'petal_prose'`);
	const call = async (path: string, input: unknown) => (await (await page.request.post(`/trpc/${path}`, { data: { json: input } })).json()).result.data.json;
	const draft = await call('posts.previewCreate', { botId: id, postType: 'IMAGE' });
	const done = await call('posts.previewRun', { draftId: draft.id });
	const url: string = done.result.mediaUrl;
	const mine = await page.request.get(url);
	expect(mine.status()).toBe(200);
	expect(mine.headers()['cache-control']).toBe('private, max-age=3600');
	const etag = mine.headers()['etag'];
	expect((await page.request.get(url, { headers: { 'if-none-match': etag } })).status()).toBe(304);

	const leo = await browser.newPage();
	await login(leo, 'leo@rudo.dev', 'rudo-creator');
	await expect(leo.getByRole('heading', { name: 'Overview' })).toBeVisible();
	expect((await leo.request.get(url)).status()).toBe(404);
	// A published post's image is everyone's.
	const [published] = await query<{ mediaUrl: string }>(`SELECT "mediaUrl" FROM posts WHERE "mediaUrl" IS NOT NULL AND "publishedAt" IS NOT NULL AND "moderationStatus" = 'APPROVED' LIMIT 1`);
	if (published) expect((await leo.request.get(published.mediaUrl)).status()).toBe(200);
	expect((await leo.request.get(`/media/${'a'.repeat(300)}.png`)).status()).toBe(404);
	expect((await leo.request.get('/media/2026/11/..%2F..%2Fpg%2Fpg_hba.conf')).status()).toBe(404);
	await leo.close();
});

test('sign out everywhere ends the session in every browser', async ({ page, browser }) => {
	const other = await browser.newPage();
	await login(other, 'leo@rudo.dev', 'rudo-creator');
	await expect(other.getByRole('heading', { name: 'Overview' })).toBeVisible();
	await login(page, 'leo@rudo.dev', 'rudo-creator');
	await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
	await page.getByTestId('signed-in-user').click();
	await expect(page.getByRole('heading', { name: 'Account' })).toBeVisible();
	await expect(page.getByTestId('active-sessions')).toHaveText('Signed in on 2 browsers or devices, this one included.');
	await page.getByRole('button', { name: 'Sign out everywhere' }).click();
	await expect(page).toHaveURL(/\/login/);
	await other.goto('/bots');
	await expect(other).toHaveURL(/\/login/);
	await other.close();
});

test('a creator sees the bot’s tier and its limits but cannot pick one', async ({ page }) => {
	await login(page, 'maya@rudo.dev', 'rudo-creator');
	await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
	const [{ id }] = await query<{ id: string }>(`SELECT id FROM bots WHERE handle = 'petal_prose'`);
	await page.goto(`/bots/${id}`);
	const tier = page.getByTestId('bot-tier-readonly');
	await expect(tier).toContainText('Pulse');
	await expect(tier).toContainText('up to 4 posts a day · video clips up to 5 s');
	await expect(tier).toContainText('Only an admin can change the tier.');
	await expect(page.getByLabel('Tier', { exact: true })).toHaveCount(0);
});
