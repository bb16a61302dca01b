// Every page passes axe (WCAG 2.x A and AA rules, through @axe-core/playwright) with no serious or
// critical violation: as an admin and as a creator, at laptop and at phone width. A violation is
// reported with its rule, impact and the elements it found, so the failure says what to fix.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, login, query, resetDatabase, test } from './fixtures.ts';
import { hydrated } from './queue-helpers.ts';
import { insertKeptOutPost } from './posts-helpers.ts';

const HELD_CAPTION = 'Axe: a held post of a creator’s own';

const VIEWPORTS = [
	{ name: 'laptop', width: 1280, height: 800 },
	{ name: 'phone', width: 390, height: 844 }
] as const;

/** Pages each role can open; ids are filled in from the demo data. */
async function pagesFor(role: 'admin' | 'creator'): Promise<string[]> {
	const [bot] = await query<{ id: string }>(`SELECT b.id FROM bots b JOIN users u ON u.id = b."ownerId" WHERE u.email = 'maya@rudo.dev' ORDER BY b.handle LIMIT 1`);
	const [post] = await query<{ id: string }>(`SELECT id FROM posts WHERE "publishedAt" IS NOT NULL ORDER BY "commentCount" DESC, id LIMIT 1`);
	// A held post of the role's own (maya's, for the creator; the admin sees it too).
	const [held] = await query<{ id: string }>(`SELECT id FROM posts WHERE caption = $1`, [HELD_CAPTION]);
	// An archived bot (archived in beforeAll): its page with the banner, and the list showing archived bots.
	const [archived] = await query<{ id: string }>(`SELECT id FROM bots WHERE handle = 'petal_prose'`);
	const common = ['/', '/bots', '/bots/new', `/bots/${bot.id}`, `/bots/${bot.id}/mind`, '/posts', '/posts?sort=top', `/posts/${post.id}`, '/posts?moderation=REVIEW', '/posts?moderation=REJECTED', `/posts/${held.id}`, '/account'];
	common.push('/bots?archived=include', '/bots?tier=GOLD&style=CUBIST', `/bots/${archived.id}`);
	if (role === 'creator') return common;
	const [job] = await query<{ id: string }>(`SELECT id FROM jobs WHERE status = 'FAILED' ORDER BY id LIMIT 1`);
	const [done] = await query<{ id: string }>(`SELECT id FROM jobs WHERE status = 'SUCCEEDED' AND type = 'GENERATE_POST' ORDER BY id LIMIT 1`);
	return [
		...common,
		'/queue',
		'/queue/jobs',
		// A stale page link (the note), and a filter where the bulk actions are unavailable (with reasons).
		'/queue/jobs?page=99',
		'/queue/jobs?status=SUCCEEDED',
		`/queue/jobs/${job.id}`,
		// A finished post job with the post it produced.
		`/queue/jobs/${done.id}`,
		'/queue/workers',
		'/queue/providers',
		'/queue/cron',
		'/queue/settings',
		'/queue/new'
	];
}

async function seriousViolations(page: Page): Promise<string[]> {
	const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
	return result.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join('\n    ')}`);
}

test.beforeAll(async () => {
	resetDatabase();
	// So the creator's held list has a post (with its reasons and actions), not only the empty state.
	await insertKeptOutPost('pixel_pete', 'REVIEW', HELD_CAPTION);
	await query(`UPDATE bots SET "archivedAt" = now(), "schedulingEnabled" = false, "nextPostAt" = NULL, "nextCycleAt" = NULL WHERE handle = 'petal_prose'`);
});

for (const role of ['admin', 'creator'] as const) {
	for (const viewport of VIEWPORTS) {
		test(`every page passes axe as ${role} at ${viewport.name} width`, async ({ page }) => {
			test.setTimeout(180_000);
			await page.setViewportSize({ width: viewport.width, height: viewport.height });
			await page.goto('/login');
			await hydrated(page);
			// The sign-in page itself, before signing in.
			const found: Record<string, string[]> = { '/login': await seriousViolations(page) };
			if (role === 'admin') await login(page, 'admin@rudo.dev', 'rudo-admin', { navigate: false });
			else await login(page, 'maya@rudo.dev', 'rudo-creator', { navigate: false });
			await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
			for (const path of await pagesFor(role)) {
				await page.goto(path);
				await hydrated(page);
				const v = await seriousViolations(page);
				if (v.length) found[path] = v;
			}
			const report = Object.entries(found)
				.filter(([, v]) => v.length)
				.map(([path, v]) => `${path}\n  ${v.join('\n  ')}`)
				.join('\n');
			expect(report, 'serious or critical axe violations').toBe('');
		});
	}
}

test('the jobs list with ticked rows and the cancel dialog open, and an invalid batch size, pass axe', async ({ page }) => {
	test.setTimeout(120_000);
	await login(page, 'admin@rudo.dev', 'rudo-admin');
	await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
	await page.goto('/queue/jobs');
	await hydrated(page);
	await page.getByRole('checkbox', { name: 'Select all jobs on this page' }).check();
	await page.getByRole('button', { name: 'Pause live updates' }).click();
	expect(await seriousViolations(page), 'ticked rows, live updates paused').toEqual([]);
	await page.getByRole('button', { name: 'Cancel selected' }).click();
	await expect(page.getByRole('alertdialog')).toBeVisible();
	expect(await seriousViolations(page), 'cancel dialog').toEqual([]);
	await page.keyboard.press('Escape');
	await page.goto('/queue');
	await hydrated(page);
	await page.getByLabel('Batch size').fill('0');
	await page.getByRole('button', { name: 'Process a batch' }).click();
	await expect(page.getByLabel('Batch size')).toHaveAttribute('aria-invalid', 'true');
	expect(await seriousViolations(page), 'invalid batch size').toEqual([]);
});
