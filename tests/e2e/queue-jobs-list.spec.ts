// The jobs list as an admin uses it day to day: it refreshes itself (and can be paused), shows
// when each job finished and how long it ran, acts on ticked rows, explains what cannot be done,
// survives stale links; and the demo data it opens on tells a coherent story.
import { expect, query, resetDatabase, test } from './fixtures.ts';
import { gotoHydrated, insertJob, jobStatus, loginAsAdmin } from './queue-helpers.ts';

test.beforeEach(() => {
	resetDatabase();
});

const total = async () => (await query<{ n: number }>(`SELECT count(*)::int AS n FROM jobs`))[0].n;

test('the list refreshes itself, keeps the ticked rows through refreshes, and can be paused and resumed', async ({ page }) => {
	test.setTimeout(90_000);
	await loginAsAdmin(page);
	await gotoHydrated(page, '/queue/jobs');
	const before = await total();
	await expect(page.getByTestId('jobs-total')).toHaveText(`${before} jobs`);
	await expect(page.getByTestId('live-status')).toHaveText('Live: refreshes every 5 s.');

	// Finished jobs show when they finished and how long they ran.
	const [failed] = await query<{ id: string }>(`SELECT id FROM jobs WHERE status = 'FAILED'`);
	const failedRow = page.getByTestId('job-row').filter({ has: page.getByRole('link', { name: new RegExp(failed.id.slice(-8)) }) });
	await expect(failedRow.getByTestId('job-duration')).toHaveText('15 s');
	await expect(failedRow.getByTestId('job-finished')).toContainText('minutes ago');
	await expect(page.getByRole('columnheader', { name: 'Duration' })).toBeVisible();

	const box = page.getByRole('checkbox', { name: `Select GENERATE_POST #${failed.id.slice(-8)}` });
	await box.check();
	await expect(page.getByTestId('selection-summary')).toHaveText('1 job selected.');

	// A job enqueued elsewhere appears without a reload; the tick stays.
	await insertJob({ type: 'CREW_COMMENT', status: 'QUEUED', runAt: 'future' });
	await expect(page.getByTestId('jobs-total')).toHaveText(`${before + 1} jobs`, { timeout: 20_000 });
	await expect(box).toBeChecked();
	await expect(page.getByTestId('selection-summary')).toHaveText('1 job selected.');

	// Paused: the list holds still.
	await page.getByRole('button', { name: 'Pause live updates' }).click();
	await expect(page.getByTestId('live-status')).toHaveText('Live updates paused: the list stays as it is until you resume.');
	await insertJob({ type: 'CREW_COMMENT', status: 'QUEUED', runAt: 'future' });
	await page.waitForTimeout(7_000); // longer than a refresh interval
	await expect(page.getByTestId('jobs-total')).toHaveText(`${before + 1} jobs`);

	// Resumed: it catches up.
	await page.getByRole('button', { name: 'Resume live updates' }).click();
	await expect(page.getByTestId('jobs-total')).toHaveText(`${before + 2} jobs`, { timeout: 20_000 });
	await expect(box).toBeChecked();
});

test('an admin ticks rows and retries just those; a retry that would duplicate a pending post job is skipped with the reason', async ({ page }) => {
	const a = await insertJob({ type: 'CREW_COMMENT', status: 'FAILED', lastError: 'boom' });
	const b = await insertJob({ type: 'CREW_COMMENT', status: 'FAILED', lastError: 'boom' });
	const untouched = await insertJob({ type: 'CREW_COMMENT', status: 'FAILED', lastError: 'boom' });
	// The seeded FAILED post job's bot already has a pending post job: retrying it would be a second.
	const [failedPost] = await query<{ id: string; botId: string }>(`SELECT id, "botId" FROM jobs WHERE status = 'FAILED' AND type = 'GENERATE_POST'`);
	await query(`INSERT INTO jobs (type, status, "botId", payload, "runAt") VALUES ('GENERATE_POST', 'QUEUED', $1, jsonb_build_object('botId', $1::text), now() + interval '1 hour')`, [failedPost.botId]);

	await loginAsAdmin(page);
	await gotoHydrated(page, '/queue/jobs?status=FAILED');
	await expect(page.getByTestId('jobs-total')).toHaveText('4 jobs match');
	await expect(page.getByRole('button', { name: 'Retry selected' })).toBeDisabled();

	// Select all on the page, then untick one.
	await page.getByRole('checkbox', { name: 'Select all jobs on this page' }).check();
	await expect(page.getByTestId('selection-summary')).toHaveText('4 jobs selected.');
	await page.getByRole('checkbox', { name: `Select CREW_COMMENT #${untouched.slice(-8)}` }).uncheck();
	await expect(page.getByRole('checkbox', { name: 'Select all jobs on this page' })).not.toBeChecked();
	await expect(page.getByTestId('selection-summary')).toHaveText('3 jobs selected.');

	await page.getByRole('button', { name: 'Retry selected' }).click();
	const toast = page.getByRole('status').filter({ hasText: 'Retried 2 jobs' });
	await expect(toast).toContainText('2 retried, 1 skipped: the bot already has a pending post job');
	await expect(page.getByTestId('selection-summary')).toContainText('Selected: none');
	// The selection's buttons are disabled now; focus is not dropped but lands on the summary.
	await expect(page.getByTestId('selection-summary')).toBeFocused();
	expect(await jobStatus(a)).toBe('QUEUED');
	expect(await jobStatus(b)).toBe('QUEUED');
	expect(await jobStatus(untouched)).toBe('FAILED');
	expect(await jobStatus(failedPost.id)).toBe('FAILED');
	// The list followed: two FAILED jobs are left.
	await expect(page.getByTestId('jobs-total')).toHaveText('2 jobs match');
});

test('cancelling ticked rows asks first with unambiguous buttons, and leaves a running job alone', async ({ page }) => {
	const queued = await insertJob({ type: 'RECALC_ENGAGEMENT', status: 'QUEUED', runAt: 'future' });
	const running = await insertJob({ type: 'RECALC_ENGAGEMENT', status: 'RUNNING' });
	await loginAsAdmin(page);
	await gotoHydrated(page, '/queue/jobs?type=RECALC_ENGAGEMENT');
	await page.getByRole('checkbox', { name: `Select RECALC_ENGAGEMENT #${queued.slice(-8)}` }).check();
	await page.getByRole('checkbox', { name: `Select RECALC_ENGAGEMENT #${running.slice(-8)}` }).check();
	const opener = page.getByRole('button', { name: 'Cancel selected' });
	await opener.click();
	const dialog = page.getByRole('alertdialog', { name: 'Cancel 2 selected jobs?' });
	await expect(dialog.getByRole('button', { name: 'Keep jobs' })).toBeFocused();
	await expect(dialog.getByRole('button', { name: 'Cancel', exact: true })).toHaveCount(0);
	// Keeping them changes nothing.
	await dialog.getByRole('button', { name: 'Keep jobs' }).click();
	await expect(dialog).toBeHidden();
	await expect(opener).toBeFocused();
	expect(await jobStatus(queued)).toBe('QUEUED');

	await opener.click();
	await page.getByRole('alertdialog').getByRole('button', { name: 'Cancel 2 jobs' }).click();
	const toast = page.getByRole('status').filter({ hasText: 'Cancelled 1 job' });
	await expect(toast).toContainText('1 cancelled. 1 left as it was (only QUEUED and RETRY jobs can be cancelled).');
	await expect(page.getByTestId('selection-summary')).toBeFocused();
	expect(await jobStatus(queued)).toBe('CANCELLED');
	expect(await jobStatus(running)).toBe('RUNNING');
});

test('bulk cancel of all matching: "Keep jobs" beside "Cancel N jobs"; with nothing to cancel the action is unavailable and says why', async ({ page }) => {
	await insertJob({ type: 'CREW_COMMENT', status: 'QUEUED', runAt: 'future' });
	await loginAsAdmin(page);

	await gotoHydrated(page, '/queue/jobs?type=CREW_COMMENT&status=QUEUED');
	await page.getByRole('button', { name: 'Cancel all matching' }).click();
	const dialog = page.getByRole('alertdialog', { name: 'Cancel 2 jobs?' });
	await expect(dialog.getByRole('button')).toHaveText(['Keep jobs', 'Cancel 2 jobs']);
	await dialog.getByRole('button', { name: 'Keep jobs' }).click();
	await expect(dialog).toBeHidden();

	// The filter shows finished jobs only: nothing there can be cancelled, and the page says so.
	await gotoHydrated(page, '/queue/jobs?status=SUCCEEDED');
	const cancelAll = page.getByRole('button', { name: 'Cancel all matching' });
	await expect(cancelAll).toBeDisabled();
	await expect(cancelAll).toHaveAccessibleDescription('Only QUEUED and RETRY jobs can be cancelled; the filter shows SUCCEEDED only.');
	await expect(page.getByRole('button', { name: 'Retry all matching' })).toBeDisabled();

	// No job matches at all.
	await gotoHydrated(page, '/queue/jobs?error=no-such-error-anywhere');
	await expect(page.getByRole('button', { name: 'Cancel all matching' })).toHaveAccessibleDescription('No jobs match these filters, so there is nothing to cancel.');

	// Jobs match but none is cancellable, which only counting can tell: no "Cancel 0 jobs" button.
	await gotoHydrated(page, '/queue/jobs?error=Cancelled%20by');
	await page.getByRole('button', { name: 'Cancel all matching' }).click();
	const nothing = page.getByRole('alertdialog', { name: 'Nothing to cancel' });
	await expect(nothing).toContainText('Only QUEUED and RETRY jobs can.');
	await expect(nothing.getByRole('button')).toHaveText(['Close']);
});

test('a stale page number or a garbled page link opens the first page with a note, never "Page 99 of 2"', async ({ page }) => {
	await loginAsAdmin(page);
	const jobs = await total();
	for (const [url, note] of [
		['/queue/jobs?page=99', 'Page numbers are not used any more: showing the first page.'],
		['/queue/jobs?status=FAILED&after=garbage', 'That link’s page position is not valid: showing the first page.'],
		// A well-formed position past the last job (pruned since, or from an old list).
		['/queue/jobs?after=00000000-0000-7000-8000-000000000000', 'That page has no jobs any more (they were pruned or the list moved on): showing the first page.']
	] as const) {
		await gotoHydrated(page, url);
		await expect(page.getByTestId('position-note'), url).toHaveText(note);
		await expect(page.getByText(/Page \d+ of/)).toHaveCount(0);
		await expect(page.getByRole('link', { name: /Newer/ })).toHaveCount(0);
		await expect(page.getByTestId('job-row').first()).toBeVisible();
	}
	await expect(page.getByTestId('jobs-total')).toHaveText(`${jobs} jobs`);
	// A normal link has no note.
	await gotoHydrated(page, '/queue/jobs');
	await expect(page.getByTestId('position-note')).toHaveCount(0);
});

test('a batch size of 0, 500 or nothing marks the field invalid with the allowed range, and runs nothing; the server says the same', async ({ page }) => {
	await loginAsAdmin(page);
	await gotoHydrated(page, '/queue');
	const field = page.getByLabel('Batch size');
	for (const value of ['0', '500', '']) {
		await field.fill(value);
		await page.getByRole('button', { name: 'Process a batch' }).click();
		await expect(field, `batch size "${value}"`).toHaveAttribute('aria-invalid', 'true');
		await expect(field).toHaveAccessibleDescription(/^Enter a whole number from 1 to 100\./);
		await expect(field).toBeFocused();
		await expect(page.getByTestId('run-result')).toHaveText('');
		await expect(page.getByRole('alert').filter({ hasText: 'Invalid input' })).toHaveCount(0);
	}
	// Typing again clears the mark; a valid size runs.
	await field.fill('1');
	await expect(field).not.toHaveAttribute('aria-invalid', 'true');
	await page.getByRole('button', { name: 'Run the scheduler' }).click();
	await expect(page.getByTestId('run-result')).toContainText(/Enqueued:\s*\d+/);

	// The server applies the same rule, in the same words.
	const response = await page.request.post('/trpc/queue.processBatch', { data: { json: { limit: 500 } } });
	expect(response.status()).toBe(400);
	expect(JSON.stringify(await response.json())).toContain('Enter a whole number from 1 to 100.');
});

test('the demo jobs tell a coherent story: attempts after creation, the finished post job opens its post, the stuck job is rescued at once', async ({ page }) => {
	test.setTimeout(120_000);
	await loginAsAdmin(page);

	// The FAILED job: created, then five attempts in order.
	const [failed] = await query<{ id: string }>(`SELECT id FROM jobs WHERE status = 'FAILED'`);
	await gotoHydrated(page, `/queue/jobs/${failed.id}`);
	const times = await page.locator('[data-testid^="timeline-"] time').evaluateAll((els) => els.map((e) => Date.parse(e.getAttribute('datetime')!)));
	expect(times).toHaveLength(6);
	expect(times).toEqual([...times].sort((x, y) => x - y));

	// The SUCCEEDED post job shows the post it wrote and opens it.
	const [done] = await query<{ id: string; postId: string; caption: string }>(
		`SELECT j.id, p.id AS "postId", p.caption FROM jobs j JOIN posts p ON p."jobId" = j.id WHERE j.status = 'SUCCEEDED' AND j.type = 'GENERATE_POST'`
	);
	await gotoHydrated(page, `/queue/jobs/${done.id}`);
	await expect(page.getByTestId('produced-post')).toContainText(done.caption);
	await page.getByRole('link', { name: 'Open the post' }).click();
	await expect(page).toHaveURL(`/posts/${done.postId}`);
	await expect(page.getByText(done.caption).first()).toBeVisible();

	// The RUNNING job's worker is gone: the first cron tick rescues it rather than leaving its bot
	// blocked for ten minutes.
	const [running] = await query<{ id: string }>(`SELECT id FROM jobs WHERE status = 'RUNNING'`);
	await gotoHydrated(page, '/queue');
	await page.getByLabel('Batch size').fill('1');
	await page.getByRole('button', { name: 'Run a full cron tick' }).click();
	await expect(page.getByTestId('run-result')).toContainText('1 rescued', { timeout: 60_000 });
	expect(await jobStatus(running.id)).not.toBe('RUNNING');
});
