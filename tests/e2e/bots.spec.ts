// Creators managing their bots: list with filters in the URL, create with field errors, edit the
// persona, avatar and character reference, and no way into another creator's bot.
import { expect, query, resetDatabase, test } from './fixtures.ts';
import { botByHandle, gotoHydrated, hydrated, LEO, loginAs, MAYA, referencePng, SCREENSHOTS, trpcFromPage } from './bots-helpers.ts';

test.beforeEach(async ({ page }) => {
	resetDatabase();
	await loginAs(page, MAYA);
});

test('the bots list shows only my bots, with search and filters kept in the URL', async ({ page }) => {
	await gotoHydrated(page, '/bots');
	await expect(page.getByRole('heading', { name: 'Bots', level: 1 })).toBeVisible();
	const table = page.getByRole('table');
	await expect(table.getByRole('link')).toHaveText(['Neon Nomad', 'Petal Prose', 'Pixel Pete']);
	await expect(table.getByText('@chef_orbit')).toHaveCount(0);
	// Scheduling state is a labelled switch per bot.
	await expect(page.getByRole('switch', { name: 'Scheduling for Neon Nomad' })).toBeChecked();
	await expect(page.getByRole('switch', { name: 'Scheduling for Pixel Pete' })).not.toBeChecked();
	await page.screenshot({ path: `${SCREENSHOTS}/bots-list.png`, fullPage: true });

	await page.getByLabel('Search bots').fill('petal');
	await expect(page).toHaveURL(/\/bots\?q=petal$/);
	await expect(table.getByRole('link')).toHaveText(['Petal Prose']);

	await page.getByLabel('Search bots').fill('');
	await page.getByLabel('Scheduling', { exact: true }).selectOption('off');
	await expect(page).toHaveURL(/scheduling=off/);
	await expect(table.getByRole('link')).toHaveText(['Pixel Pete']);

	// The URL alone restores the filtered view.
	await gotoHydrated(page, '/bots?tier=APEX');
	await expect(page.getByLabel('Tier')).toHaveValue('APEX');
	await expect(table.getByRole('link')).toHaveText(['Neon Nomad']);

	await gotoHydrated(page, '/bots?q=nobody-has-this-name');
	await expect(page.getByRole('heading', { name: 'No bots match these filters' })).toBeVisible();
	await page.getByRole('link', { name: 'Clear filters' }).click();
	await expect(page).toHaveURL(/\/bots$/);
	await expect(page.getByLabel('Search bots')).toHaveValue('');
	await expect(table.getByRole('link')).toHaveCount(3);

	// Toggling scheduling from the list persists.
	await page.getByRole('switch', { name: 'Scheduling for Pixel Pete' }).click();
	await expect(page.getByRole('switch', { name: 'Scheduling for Pixel Pete' })).toBeChecked();
	await expect.poll(async () => (await query<{ on: boolean }>(`SELECT "schedulingEnabled" AS on FROM bots WHERE handle = 'pixel_pete'`))[0].on).toBe(true);

	// A phone-width view of the same list.
	await page.setViewportSize({ width: 390, height: 844 });
	await page.screenshot({ path: `${SCREENSHOTS}/bots-list-phone.png`, fullPage: true });
});

test('a creator with no bots sees a call to action to create the first one', async ({ page }) => {
	// Hand Maya's bots to Leo (deleting them would orphan their queued jobs).
	await query(`UPDATE bots SET "ownerId" = (SELECT id FROM users WHERE email = 'leo@rudo.dev') WHERE "ownerId" = (SELECT id FROM users WHERE email = 'maya@rudo.dev')`);
	await gotoHydrated(page, '/bots');
	await expect(page.getByRole('heading', { name: 'You have no bots yet' })).toBeVisible();
	await page.getByRole('link', { name: 'Create your first bot' }).click();
	await expect(page.getByRole('heading', { name: 'New bot' })).toBeVisible();
});

test('a creator creates a bot: a bad handle is a field error first, then it saves', async ({ page }) => {
	await gotoHydrated(page, '/bots');
	await page.getByRole('link', { name: 'New bot' }).click();
	await expect(page.getByRole('heading', { name: 'New bot' })).toBeVisible();

	await page.getByLabel('Name').fill('Sea Glass');
	await page.getByLabel('Handle').fill('Sea Glass!');
	await page.getByLabel('Voice').fill('calm, curious, salt-sprayed');
	await page.getByLabel('Trait 1', { exact: true }).fill('patient');
	await page.getByLabel('Interest 1', { exact: true }).fill('tide pools');
	await page.getByRole('button', { name: 'Create bot' }).click();

	const handle = page.getByLabel('Handle');
	await expect(handle).toHaveAttribute('aria-invalid', 'true');
	await expect(handle).toHaveAccessibleDescription(/Use only lowercase letters, digits and underscores/);
	await expect(handle).toBeFocused();
	await expect(page.getByRole('alert')).toContainText('Not saved');
	expect(await botByHandle('sea_glass')).toBeUndefined();
	await page.screenshot({ path: `${SCREENSHOTS}/bot-new-field-error.png`, fullPage: true });

	// A handle another creator already uses: the server says so beside the field.
	await handle.fill('chef_orbit');
	await page.getByRole('button', { name: 'Create bot' }).click();
	await expect(handle).toHaveAccessibleDescription(/@chef_orbit is taken/);

	await handle.fill('sea_glass');
	await expect(handle).not.toHaveAttribute('aria-invalid', 'true');
	await page.getByRole('button', { name: 'Create bot' }).click();
	await expect(page.getByRole('heading', { name: 'Sea Glass', level: 1 })).toBeVisible();
	await expect(page).toHaveURL(/\/bots\/[^/?]+\?created=1$/);
	await expect(page.getByText('Created @sea_glass.')).toBeVisible();

	const row = await botByHandle('sea_glass');
	expect(row).toMatchObject({ ownerEmail: 'maya@rudo.dev', name: 'Sea Glass' });
	expect(row.personaDna).toMatchObject({ voice: 'calm, curious, salt-sprayed', traits: ['patient'], interests: ['tide pools'] });
	await gotoHydrated(page, '/bots');
	await expect(page.getByRole('table').getByRole('link', { name: 'Sea Glass' })).toBeVisible();
});

test('a creator edits a persona, is told about the tier cap, and the changes persist', async ({ page }) => {
	const petal = await botByHandle('petal_prose');
	await gotoHydrated(page, `/bots/${petal.id}`);
	await expect(page.getByRole('heading', { name: 'Petal Prose', level: 1 })).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Preview a post' })).toBeVisible();

	await page.getByLabel('Voice').fill('gentle, lyrical, very short lines');
	await page.getByRole('button', { name: 'Add trait' }).click();
	await expect(page.getByLabel('Trait 4', { exact: true })).toBeFocused();
	await page.getByLabel('Trait 4', { exact: true }).fill('hopeful');
	await page.getByRole('button', { name: 'Remove trait 1' }).click();
	await page.getByRole('button', { name: 'Add example post' }).click();
	await page.getByLabel('Example post 2', { exact: true }).fill('rain on the greenhouse roof, a drum I did not ask for');

	// Pulse bots post at most 4 times a day: the browser says so before any request.
	const postsPerDay = page.getByLabel('Posts per day');
	await postsPerDay.fill('9');
	await postsPerDay.blur();
	await expect(postsPerDay).toHaveAccessibleDescription(/Pulse bots post at most 4 times a day/);
	await postsPerDay.fill('3');
	await expect(postsPerDay).not.toHaveAttribute('aria-invalid', 'true');
	await page.screenshot({ path: `${SCREENSHOTS}/bot-editor.png`, fullPage: true });

	await page.getByRole('button', { name: 'Save changes' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Changes saved.' })).toBeVisible();

	const row = await botByHandle('petal_prose');
	expect(row.personaDna).toMatchObject({
		voice: 'gentle, lyrical, very short lines',
		traits: ['tender', 'curious', 'hopeful'],
		examplePosts: ['the peonies opened while I was reading. rude of them, and lovely.', 'rain on the greenhouse roof, a drum I did not ask for']
	});
	await page.reload();
	await hydrated(page);
	await expect(page.getByLabel('Voice')).toHaveValue('gentle, lyrical, very short lines');
	await expect(page.getByLabel('Trait 3', { exact: true })).toHaveValue('hopeful');
	await expect(page.getByLabel('Posts per day')).toHaveValue('3');

	await page.setViewportSize({ width: 390, height: 844 });
	await page.screenshot({ path: `${SCREENSHOTS}/bot-editor-phone.png`, fullPage: true });
});

test('a creator generates an avatar and uploads a character reference, and sees both', async ({ page }) => {
	const pete = await botByHandle('pixel_pete');
	await gotoHydrated(page, `/bots/${pete.id}`);

	await page.getByRole('button', { name: 'Generate avatar' }).click();
	const avatar = page.getByRole('img', { name: 'Avatar of Pixel Pete' });
	await expect(avatar).toBeVisible({ timeout: 30_000 });
	await expect.poll(() => avatar.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(512);
	const stored = await botByHandle('pixel_pete');
	expect(stored.avatarUrl).toMatch(/^\/media\//);
	expect(await avatar.getAttribute('src')).toBe(stored.avatarUrl);
	const [{ n }] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM usage_events WHERE "botId" = $1 AND operation = 'image'`, [pete.id]);
	expect(n).toBe(1);

	// The type is checked in the browser before anything is sent.
	const fileInput = page.getByLabel('Reference image');
	await fileInput.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not an image') });
	await expect(fileInput).toHaveAccessibleDescription(/Upload a PNG, JPEG or WebP image/);

	await fileInput.setInputFiles({ name: 'pete.png', mimeType: 'image/png', buffer: await referencePng() });
	await expect(fileInput).not.toHaveAttribute('aria-invalid', 'true');
	await page.getByRole('button', { name: 'Upload and analyse' }).click();
	const analysis = page.getByRole('region', { name: 'Analysis' });
	await expect(analysis).toBeVisible({ timeout: 30_000 });
	await expect(analysis.getByText('Appearance')).toBeVisible();
	await expect(analysis.getByRole('list', { name: 'Palette colours' }).getByRole('listitem').first()).toContainText('#');
	await expect(page.getByRole('img', { name: 'Character reference for Pixel Pete' })).toBeVisible();
	expect((await botByHandle('pixel_pete')).characterAnalysis).toMatchObject({ appearance: expect.any(String) });
	await page.screenshot({ path: `${SCREENSHOTS}/bot-editor-media.png`, fullPage: true });
});

test('an admin sees every bot with its owner and can open any of them', async ({ page }) => {
	await page.context().clearCookies();
	await loginAs(page, { email: 'admin@rudo.dev', password: 'rudo-admin' });
	await gotoHydrated(page, '/bots');
	const [{ n }] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM bots`);
	const table = page.getByRole('table');
	await expect(table.getByRole('link')).toHaveCount(n);
	await expect(table.getByRole('columnheader', { name: 'Owner' })).toBeVisible();
	const chefRow = table.getByRole('row').filter({ hasText: '@chef_orbit' });
	await expect(chefRow).toContainText('Leo Okafor');
	await chefRow.getByRole('link', { name: 'Chef Orbit' }).click();
	await expect(page.getByRole('heading', { name: 'Chef Orbit', level: 1 })).toBeVisible();
	await expect(page.getByText('owned by Leo Okafor')).toBeVisible();
});

test("a creator cannot open another creator's bot, by URL or by tRPC call", async ({ page }) => {
	const chef = await botByHandle('chef_orbit');
	expect(chef.ownerEmail).toBe(LEO.email);

	const response = await page.goto(`/bots/${chef.id}`);
	expect(response?.status()).toBe(404);
	await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
	await expect(page.getByText('Chef Orbit')).toHaveCount(0);

	await gotoHydrated(page, '/bots');
	const get = await trpcFromPage(page, 'query', 'bots.get', { id: chef.id });
	expect(get.status).toBe(404);
	expect(get.body.error?.json?.data?.code).toBe('NOT_FOUND');
	// The same answer as for a bot that does not exist: nothing reveals that it does.
	const missing = await trpcFromPage(page, 'query', 'bots.get', { id: 'no-such-bot' });
	expect(missing.body.error?.json?.message).toBe(get.body.error?.json?.message);

	const update = await trpcFromPage(page, 'mutation', 'bots.update', {
		id: chef.id,
		handle: 'hijacked',
		name: 'Hijacked',
		bio: '',
		personaDna: { voice: 'not mine', traits: ['x'], interests: ['y'] },
		tier: 'SPARK',
		artStyle: 'COMIC',
		postsPerDay: 1,
		schedulingEnabled: false
	});
	expect(update.body.error?.json?.data?.code).toBe('NOT_FOUND');
	const avatar = await trpcFromPage(page, 'mutation', 'bots.generateAvatar', { id: chef.id });
	expect(avatar.body.error?.json?.data?.code).toBe('NOT_FOUND');
	expect(await botByHandle('chef_orbit')).toMatchObject({ name: 'Chef Orbit', avatarUrl: null });
});
