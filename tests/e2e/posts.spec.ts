// Posts moderation kept out, as creators and admins use them: the held and rejected lists with
// the moderator's reasons, discarding one, asking for a new version, links from a post to its bot
// and (admins) its job, and the colour each moderation state reads in.
import AxeBuilder from '@axe-core/playwright';
import { expect, login, query, resetDatabase, test } from './fixtures.ts';
import { hydrated } from './queue-helpers.ts';
import { clearPendingPostJobs, insertKeptOutPost, insertPostJob, pendingPostJobs, toneOf } from './posts-helpers.ts';

test.beforeEach(() => resetDatabase());

const MAYA_HELD = 'E2E held: a neon alley fight, frame by frame';
const MAYA_REJECTED = 'E2E rejected: a roast that went too far';
const LEO_HELD = 'E2E held: a knife trick in the kitchen';

async function signIn(page: import('@playwright/test').Page, who: 'admin' | 'maya' | 'leo') {
	if (who === 'admin') await login(page, 'admin@rudo.dev', 'rudo-admin');
	else await login(page, `${who}@rudo.dev`, 'rudo-creator');
	await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
}

test('a creator sees her own held and rejected posts with the reasons, never another creator’s, and the feed stays approved only', async ({ page }) => {
	await insertKeptOutPost('pixel_pete', 'REVIEW', MAYA_HELD);
	await insertKeptOutPost('pixel_pete', 'REJECTED', MAYA_REJECTED);
	await insertKeptOutPost('zen_ink', 'REVIEW', LEO_HELD);
	const [counts] = await query<{ review: number; rejected: number }>(
		`SELECT count(*) FILTER (WHERE "moderationStatus" = 'REVIEW')::int AS review, count(*) FILTER (WHERE "moderationStatus" = 'REJECTED')::int AS rejected
		   FROM posts p JOIN bots b ON b.id = p."botId" JOIN users u ON u.id = b."ownerId" WHERE u.email = 'maya@rudo.dev' AND p."discardedAt" IS NULL`
	);
	await signIn(page, 'maya');
	await page.goto('/posts');
	await hydrated(page);
	const show = page.getByRole('navigation', { name: 'Show posts' });
	await expect(show.getByRole('link', { name: 'Published' })).toHaveAttribute('aria-current', 'page');
	await expect(page.getByRole('list', { name: 'Published posts' }).getByText(MAYA_HELD)).toHaveCount(0);

	await show.getByRole('link', { name: `Held for review (${counts.review})` }).click();
	await expect(page).toHaveURL(/\/posts\?moderation=REVIEW$/);
	const held = page.getByRole('list', { name: 'Held for review' });
	const card = held.getByRole('article').filter({ hasText: MAYA_HELD });
	await expect(card).toBeVisible();
	await expect(card.getByText('Held for review')).toBeVisible();
	await expect(card.getByRole('list', { name: 'Moderation reasons' }).getByRole('listitem')).toHaveText(['violence 0.62 ≥ review threshold', 'harassment 0.41 ≥ review threshold']);
	expect(await toneOf(card.getByText('Held for review'))).toBe('amber');
	// Another creator's held post is not listed; deciding is for admins.
	await expect(held.getByText(LEO_HELD)).toHaveCount(0);
	await expect(card.getByRole('button', { name: /Approve/ })).toHaveCount(0);
	await expect(card.getByRole('link', { name: /job #/ })).toHaveCount(0);
	// The post links to its bot.
	await expect(card.getByRole('link', { name: '@pixel_pete' })).toHaveAttribute('href', /^\/bots\/[^/]+$/);

	await show.getByRole('link', { name: `Rejected (${counts.rejected})` }).click();
	await expect(page).toHaveURL(/\/posts\?moderation=REJECTED$/);
	const rejected = page.getByRole('list', { name: 'Rejected posts' }).getByRole('article').filter({ hasText: MAYA_REJECTED });
	await expect(rejected.getByText('Rejected by moderation')).toBeVisible();
	await page.screenshot({ path: 'test-results/screenshots/posts-rejected.png', fullPage: true });
	await expect(rejected.getByRole('listitem').filter({ hasText: 'harassment 0.93 ≥ reject threshold' })).toBeVisible();
	expect(await toneOf(rejected.getByText('Rejected by moderation'))).toBe('red');

	// Someone else's held post, by its address: not found, inside the app's shell.
	const [leo] = await query<{ id: string }>(`SELECT id FROM posts WHERE caption = $1`, [LEO_HELD]);
	const response = await page.goto(`/posts/${leo.id}`);
	expect(response?.status()).toBe(404);
	await expect(page.getByText('There is no post at this address')).toBeVisible();
});

test('a creator asks for a new version (one post job per bot, a second ask says so) and discards a held post after confirming', async ({ page }) => {
	const id = await insertKeptOutPost('pixel_pete', 'REVIEW', MAYA_HELD);
	await clearPendingPostJobs('pixel_pete');
	await signIn(page, 'maya');
	await page.goto('/posts?moderation=REVIEW');
	await hydrated(page);
	const card = page.getByRole('article').filter({ hasText: MAYA_HELD });

	await card.getByRole('button', { name: 'Ask for a new version of the post by @pixel_pete' }).click();
	await expect(page.getByRole('status').filter({ hasText: '@pixel_pete will write a new post' })).toBeVisible();
	await expect.poll(() => pendingPostJobs('pixel_pete')).toHaveLength(1);
	await card.getByRole('button', { name: 'Ask for a new version of the post by @pixel_pete' }).click();
	await expect(page.getByRole('status').filter({ hasText: '@pixel_pete already has a post on the way' })).toBeVisible();
	expect(await pendingPostJobs('pixel_pete')).toHaveLength(1);

	// Discard: the dialog says what goes and what stays; Cancel changes nothing.
	await card.getByRole('button', { name: 'Discard… the post by @pixel_pete' }).click();
	const dialog = page.getByRole('alertdialog', { name: 'Discard this post by @pixel_pete?' });
	await expect(dialog).toContainText('Its record stays');
	await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
	// The open dialog passes axe too (no serious or critical violation).
	const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
	expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
	await dialog.getByRole('button', { name: 'Cancel' }).click();
	await expect(dialog).toHaveCount(0);
	expect((await query<{ discardedAt: Date | null }>(`SELECT "discardedAt" FROM posts WHERE id = $1`, [id]))[0].discardedAt).toBeNull();

	await card.getByRole('button', { name: 'Discard… the post by @pixel_pete' }).click();
	await dialog.getByRole('button', { name: 'Discard post' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Post by @pixel_pete discarded' })).toBeVisible();
	await expect(page.getByText(MAYA_HELD)).toHaveCount(0);
	const [row] = await query<{ status: string; discardedAt: Date | null; decidedBy: string | null }>(`SELECT "moderationStatus" AS status, "discardedAt", "decidedBy" FROM posts WHERE id = $1`, [id]);
	expect(row).toMatchObject({ status: 'REJECTED', decidedBy: 'Maya Chen' });
	expect(row.discardedAt).not.toBeNull();
	// Its page is a record now, without actions.
	await page.goto(`/posts/${id}`);
	await hydrated(page);
	await expect(page.getByText('Discarded', { exact: false }).first()).toBeVisible();
	await expect(page.getByRole('button', { name: /Discard|new version/ })).toHaveCount(0);
});

test('an admin sees every creator’s held posts, links to the job that made one, and approving reads as success', async ({ page }) => {
	const jobId = await insertPostJob('zen_ink');
	const leoHeld = await insertKeptOutPost('zen_ink', 'REVIEW', LEO_HELD, { jobId });
	await insertKeptOutPost('pixel_pete', 'REVIEW', MAYA_HELD);
	await signIn(page, 'admin');
	await page.goto('/posts?moderation=REVIEW');
	await hydrated(page);
	const held = page.getByRole('list', { name: 'Held for review' });
	await expect(held.getByText(MAYA_HELD)).toBeVisible();
	const card = held.getByRole('article').filter({ hasText: LEO_HELD });
	await page.screenshot({ path: 'test-results/screenshots/posts-held.png', fullPage: true });
	await expect(card.getByRole('link', { name: `job #${jobId.slice(-8)}` })).toHaveAttribute('href', `/queue/jobs/${jobId}`);
	const [bot] = await query<{ id: string }>(`SELECT id FROM bots WHERE handle = 'zen_ink'`);
	await expect(card.getByRole('link', { name: '@zen_ink' })).toHaveAttribute('href', `/bots/${bot.id}`);

	await card.getByRole('button', { name: 'Approve post by @zen_ink' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Post by @zen_ink approved' })).toBeVisible();
	await expect(held.getByText(LEO_HELD)).toHaveCount(0);

	// Its page: published, "Approved by" in the colour of success, the reasons kept beneath.
	await page.goto(`/posts/${leoHeld}`);
	await hydrated(page);
	const approved = page.getByText('Approved by Ada Admin');
	await expect(approved).toBeVisible();
	expect(await toneOf(approved)).toBe('green');
	await expect(page.getByRole('list', { name: 'Moderation reasons' }).getByRole('listitem')).toHaveCount(2);
	await expect(page.getByRole('link', { name: `job #${jobId.slice(-8)}` })).toHaveAttribute('href', `/queue/jobs/${jobId}`);
	await page.getByRole('link', { name: '← All posts' }).click();
	await expect(page.getByRole('list', { name: 'Published posts' }).getByText(LEO_HELD)).toBeVisible();
});

test('the held list works as the Overview’s destination for both roles, empty or not', async ({ page }) => {
	await signIn(page, 'maya');
	await query(`UPDATE posts SET "discardedAt" = now(), "moderationStatus" = 'REJECTED' WHERE "moderationStatus" = 'REVIEW'`);
	await page.goto('/posts?moderation=REVIEW');
	await hydrated(page);
	await expect(page.getByRole('navigation', { name: 'Show posts' }).getByRole('link', { name: 'Held for review (0)' })).toHaveAttribute('aria-current', 'page');
	await expect(page.getByText('Nothing is waiting for a decision.')).toBeVisible();
	// An unknown filter value is the published feed, said so by the filter.
	await page.goto('/posts?moderation=bogus');
	await expect(page.getByRole('navigation', { name: 'Show posts' }).getByRole('link', { name: 'Published' })).toHaveAttribute('aria-current', 'page');
});

test('counts read in proper English: "1 like · 1 comment", "2 likes · 2 comments"', async ({ page }) => {
	const [post] = await query<{ id: string; caption: string }>(
		`UPDATE posts SET "likeCount" = 1, "commentCount" = 1, "shareCount" = 1, "viewCount" = 1
		  WHERE id = (SELECT id FROM posts WHERE "publishedAt" IS NOT NULL AND "moderationStatus" = 'APPROVED' ORDER BY "publishedAt" DESC, id DESC LIMIT 1)
		  RETURNING id, caption`
	);
	await signIn(page, 'maya');
	await page.goto(`/posts/${post.id}`);
	await hydrated(page);
	await expect(page.getByText('1 like · 1 comment · 1 share · 1 view', { exact: true })).toBeVisible();
	await expect(page.getByText(/\b1 (likes|comments|shares|views)\b/)).toHaveCount(0);
	await query(`UPDATE posts SET "likeCount" = 2, "commentCount" = 2, "shareCount" = 0, "viewCount" = 2 WHERE id = $1`, [post.id]);
	await page.reload();
	await hydrated(page);
	await expect(page.getByText('2 likes · 2 comments · 0 shares · 2 views', { exact: true })).toBeVisible();
});
