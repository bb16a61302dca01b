// The admin's queue dashboard in a browser: health, the jobs list, a job's detail, retries and
// bulk actions. Data is reset and the demo seed reloaded before every test.
import { expect, login, query, resetDatabase, test } from './fixtures.ts';
import { gotoHydrated, hydrated, insertJob, jobStatus, loginAsAdmin, SCREENSHOTS } from './queue-helpers.ts';

test.beforeEach(() => {
	resetDatabase();
});

test('an admin sees queue counts, opens a failed job, reads its error, retries it and sees it succeed', async ({ page }) => {
	await loginAsAdmin(page);
	await page.getByRole('link', { name: 'Queue', exact: true }).click();
	await expect(page.getByRole('heading', { name: 'Queue health' })).toBeVisible();

	// Counts by status × type match the database: pending jobs as they are now, finished ones
	// within the window (the last hour by default).
	const counts = await query<{ status: string; type: string; n: number }>(
		`SELECT status, type, count(*)::int AS n FROM jobs WHERE "finishedAt" IS NULL OR "finishedAt" > now() - interval '1 hour' GROUP BY 1, 2`
	);
	for (const c of counts) await expect(page.getByTestId(`count-${c.status}-${c.type}`)).toHaveText(String(c.n));
	await expect(page.getByTestId('count-FAILED-GENERATE_POST')).toHaveText('1');
	// The seed's jobs failed seven times in the last half hour: the page says so plainly.
	const [{ failures }] = await query<{ failures: number }>(`SELECT count(*)::int AS failures FROM jobs, jsonb_array_elements(errors)`);
	expect(failures).toBeGreaterThanOrEqual(5);
	await expect(page.getByTestId('health-warning-failing')).toContainText('failing repeatedly');
	await expect(page.getByRole('img', { name: new RegExp(`^Last hour: .* ${failures} failed attempts`) })).toBeVisible();
	await expect(page.getByTestId('tile-failed-attempts')).toHaveText(String(failures));
	await hydrated(page);
	await page.screenshot({ path: `${SCREENSHOTS}/queue-overview.png`, fullPage: true });

	// The jobs list, filtered to failures through the form (the filter lands in the URL).
	await page.getByRole('link', { name: /Browse and filter all jobs/ }).click();
	await expect(page.getByRole('heading', { name: 'Jobs', exact: true })).toBeVisible();
	await page.getByRole('checkbox', { name: 'FAILED' }).check();
	await page.getByRole('button', { name: 'Apply filters' }).click();
	await expect(page).toHaveURL(/\/queue\/jobs\?status=FAILED$/);
	await expect(page.getByTestId('jobs-total')).toHaveText('1 job matches');
	await page.screenshot({ path: `${SCREENSHOTS}/queue-jobs.png`, fullPage: true });

	// Its detail: the last error, all five attempts, a stack trace on demand.
	await page.getByRole('link', { name: /GENERATE_POST/ }).click();
	await expect(page.getByRole('heading', { name: /GENERATE_POST job/ })).toContainText('FAILED');
	await expect(page.getByTestId('last-error')).toHaveText('Caption model returned malformed JSON 3 times');
	await expect(page.getByRole('heading', { name: /^Attempt \d failed$/ })).toHaveCount(5);
	await page.getByText('Stack trace of attempt 5').click();
	await expect(page.getByText(/at generatePost \(src\/lib\/server\/ai\/generate-post\.ts\)/).last()).toBeVisible();
	await expect(page.getByRole('button', { name: 'Cancel', exact: true })).toBeDisabled();
	await page.screenshot({ path: `${SCREENSHOTS}/queue-job-detail.png`, fullPage: true });

	// Retry: back in the queue.
	const jobUrl = page.url();
	const jobId = jobUrl.split('/').pop()!;
	await page.getByRole('button', { name: 'Retry', exact: true }).click();
	await expect(page.getByTestId('action-outcome')).toContainText('Retried');
	await expect(page.getByRole('heading', { name: /GENERATE_POST job/ })).toContainText('QUEUED');
	await expect(page.getByRole('button', { name: 'Retry', exact: true })).toBeDisabled();
	expect(await jobStatus(jobId)).toBe('QUEUED');

	// Process a batch from the overview: the job runs with the real (offline) pipeline.
	await page.getByRole('link', { name: 'Queue health' }).click();
	await page.getByLabel('Batch size').fill('1');
	await page.getByRole('button', { name: 'Process a batch' }).click();
	const result = page.getByTestId('run-result');
	await expect(result).toContainText(/Processed:\s*1/, { timeout: 45_000 });
	await expect(result).toContainText(/Succeeded:\s*1/);

	await page.goto(jobUrl);
	await hydrated(page);
	await expect(page.getByRole('heading', { name: /GENERATE_POST job/ })).toContainText('SUCCEEDED');
	await expect(page.getByTestId('timeline-succeeded')).toContainText('Succeeded on attempt 6');
	await expect(page.getByTestId('produced-post')).toBeVisible();
});

test('an admin bulk-retries a filtered set after a confirmation that states the count', async ({ page }) => {
	const rateLimited = [
		await insertJob({ type: 'CREW_COMMENT', status: 'FAILED', lastError: 'OpenAI 429 Too Many Requests', attempts: 5 }),
		await insertJob({ type: 'CREW_COMMENT', status: 'FAILED', lastError: 'OpenAI 429 Too Many Requests', attempts: 5 })
	];
	const other = await insertJob({ type: 'CREW_COMMENT', status: 'FAILED', lastError: 'Post was deleted' });
	await loginAsAdmin(page);
	await gotoHydrated(page, '/queue/jobs');

	await page.getByRole('checkbox', { name: 'FAILED' }).check();
	await page.getByRole('checkbox', { name: 'CREW_COMMENT', exact: true }).check();
	await page.getByLabel('Error text').fill('429');
	await page.getByRole('button', { name: 'Apply filters' }).click();
	await expect(page).toHaveURL(/status=FAILED&type=CREW_COMMENT&error=429/);
	await expect(page.getByTestId('jobs-total')).toHaveText('2 jobs match');

	// The filter is in the URL: a reload (or a shared link) shows the same list.
	await page.reload();
	await hydrated(page);
	await expect(page.getByRole('checkbox', { name: 'CREW_COMMENT', exact: true })).toBeChecked();
	await expect(page.getByLabel('Error text')).toHaveValue('429');
	await expect(page.getByTestId('jobs-total')).toHaveText('2 jobs match');

	await page.getByRole('button', { name: 'Retry all matching' }).click();
	const dialog = page.getByRole('alertdialog', { name: 'Retry 2 jobs?' });
	await expect(dialog).toBeVisible();
	await expect(dialog).toContainText('exactly 2 jobs matching status FAILED, type CREW_COMMENT, error contains “429”');
	// Focus starts on the safe choice, named for what it does.
	await expect(dialog.getByRole('button', { name: 'Don’t retry' })).toBeFocused();
	await dialog.getByRole('button', { name: 'Retry 2 jobs' }).click();
	await expect(dialog).toBeHidden();
	await expect(page.getByRole('status').filter({ hasText: 'Retried 2 jobs' })).toBeVisible();
	await expect(page.getByText('No jobs match these filters.')).toBeVisible();

	for (const id of rateLimited) expect(await jobStatus(id)).toBe('QUEUED');
	expect(await jobStatus(other)).toBe('FAILED');

	// Back: the unfiltered list the admin came from.
	await page.goBack();
	await expect(page).toHaveURL(/\/queue\/jobs$/);
});

test('the confirmation can be dismissed with Escape and changes nothing', async ({ page }) => {
	const id = await insertJob({ type: 'RECALC_ENGAGEMENT', status: 'QUEUED', runAt: 'future' });
	await loginAsAdmin(page);
	await gotoHydrated(page, '/queue/jobs?type=RECALC_ENGAGEMENT&status=QUEUED');
	const opener = page.getByRole('button', { name: 'Cancel all matching' });
	await opener.click();
	const dialog = page.getByRole('alertdialog', { name: /Cancel \d+ jobs?\?/ });
	await expect(dialog).toBeVisible();
	await page.keyboard.press('Escape');
	await expect(dialog).toBeHidden();
	await expect(opener).toBeFocused();
	expect(await jobStatus(id)).toBe('QUEUED');
});

test('an admin cancels a queued job from its detail page', async ({ page }) => {
	const id = await insertJob({ type: 'CREW_COMMENT', status: 'QUEUED', runAt: 'future' });
	await loginAsAdmin(page);
	await gotoHydrated(page, `/queue/jobs/${id}`);
	await expect(page.getByTestId('lock-holder')).toHaveText('Not locked');
	await page.getByRole('button', { name: 'Cancel', exact: true }).click();
	await expect(page.getByTestId('action-outcome')).toContainText('Cancelled');
	await expect(page.getByRole('heading', { name: /CREW_COMMENT job/ })).toContainText('CANCELLED');
	await expect(page.getByTestId('timeline-cancelled')).toContainText('Cancelled by Ada Admin');
	expect(await jobStatus(id)).toBe('CANCELLED');
});

test('an unknown or malformed job id is a 404 page, not an error', async ({ page }) => {
	await loginAsAdmin(page);
	for (const id of ['01900000-0000-7000-8000-000000000000', 'not-a-job']) {
		const response = await page.goto(`/queue/jobs/${id}`);
		expect(response?.status()).toBe(404);
		await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
		await expect(page.getByText('No job with this id.')).toBeVisible();
	}
});

test('a creator cannot reach the queue pages, by URL or by tRPC call', async ({ page }) => {
	const [{ id }] = await query<{ id: string }>(`SELECT id FROM jobs WHERE status = 'FAILED' LIMIT 1`);
	await login(page, 'maya@rudo.dev', 'rudo-creator');
	await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
	for (const path of ['/queue', '/queue/jobs?status=FAILED', `/queue/jobs/${id}`]) {
		const response = await page.goto(path);
		expect(response?.status()).toBe(403);
		await expect(page.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
	}
	// The API refuses too (same cookies as the page).
	const stats = await page.request.get('/trpc/queue.stats');
	expect(stats.status()).toBe(403);
	const retry = await page.request.post('/trpc/queue.retry', { data: { json: { ids: [id] } } });
	expect(retry.status()).toBe(403);
	expect(await jobStatus(id)).toBe('FAILED');
});

test('the queue pages work at phone width', async ({ page }) => {
	await page.setViewportSize({ width: 390, height: 844 });
	await loginAsAdmin(page);
	await gotoHydrated(page, '/queue');
	await expect(page.getByRole('heading', { name: 'Queue health' })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Process a batch' })).toBeVisible();
	// Nothing wider than the screen but the scrollable tables.
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
	expect(overflow).toBeLessThanOrEqual(0);
	await page.screenshot({ path: `${SCREENSHOTS}/queue-overview-phone.png`, fullPage: true });
	await gotoHydrated(page, '/queue/jobs?status=FAILED');
	// The list with its tick boxes, live toggle and bulk actions fits too.
	await page.getByRole('checkbox', { name: 'Select all jobs on this page' }).check();
	expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
	await page.screenshot({ path: `${SCREENSHOTS}/queue-jobs-phone.png`, fullPage: true });
	await page.getByRole('link', { name: /GENERATE_POST/ }).click();
	await expect(page.getByTestId('last-error')).toBeVisible();
	expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
	// The operations pages too.
	for (const [path, heading] of [
		['/queue/workers', 'Workers'],
		['/queue/providers', 'Providers'],
		['/queue/cron', 'Cron'],
		['/queue/settings', 'Budgets and retention'],
		['/queue/new', 'Start a job']
	]) {
		await gotoHydrated(page, path);
		await expect(page.getByRole('heading', { level: 1 })).toContainText(heading);
		expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), path).toBeLessThanOrEqual(0);
	}
});

test('a failed action is reported through the error toast, and the page keeps working', async ({ page }) => {
	await loginAsAdmin(page);
	await gotoHydrated(page, '/queue');
	// The request never reaches the server (a dropped connection).
	await page.route('**/trpc/queue.runScheduler**', (route) => route.abort());
	await page.getByRole('button', { name: 'Run the scheduler' }).click();
	const alert = page.getByRole('alert').filter({ hasText: 'Run the scheduler failed' });
	await expect(alert).toContainText('Could not reach the server');
	await alert.getByRole('button', { name: /Dismiss/ }).click();
	await expect(alert).toHaveCount(0);
	await page.unroute('**/trpc/queue.runScheduler**');
	await page.getByRole('button', { name: 'Run the scheduler' }).click();
	await expect(page.getByTestId('run-result')).toContainText(/Enqueued:\s*\d+/);
});
