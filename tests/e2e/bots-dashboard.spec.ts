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
