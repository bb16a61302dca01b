// The queue's operations pages in a browser, as an admin (and a creator on a bot's page) uses
// them: pausing work from Queue health, the Workers page with a real worker running in this
// process, paused providers, starting and replaying jobs, budgets and retention, the cron record,
// and a bot's daily budget holding its post job. What the pages say is checked against the
// database, and what the buttons do is checked in it.
import { z } from 'zod';
import type { Page } from '@playwright/test';
import { E2E_CRON_SECRET, e2eDatabaseUrl, expect, login, query, resetDatabase, test } from './fixtures.ts';
import { gotoHydrated, hydrated, insertJob, jobStatus, loginAsAdmin } from './queue-helpers.ts';
import { createDb } from '../../src/lib/server/db/client.ts';
import { defineJob, type JobRegistry } from '../../src/lib/server/jobs/registry.ts';
import { enqueueJob } from '../../src/lib/server/jobs/enqueue.ts';
import { Worker } from '../../src/lib/server/jobs/worker.ts';
import { BreakerBoard, DEFAULT_BREAKER_POLICY } from '../../src/lib/server/ops/breakers.ts';
import { ProviderError } from '../../src/lib/server/ai/providers/types.ts';

test.beforeEach(() => {
	resetDatabase();
});

/** A timestamp column as the ISO string a page's <time datetime> carries (columns are UTC). */
const iso = (column: string) => `to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

async function botId(handle: string): Promise<string> {
	const [row] = await query<{ id: string }>(`SELECT id FROM bots WHERE handle = $1`, [handle]);
	return row.id;
}

/** The seed's pending jobs fall due a minute or two after the reset: move them out of the way so
 * a batch runs exactly the jobs a test puts there, however slow the machine. */
async function holdSeededJobs(): Promise<void> {
	await query(`UPDATE jobs SET "runAt" = now() + interval '1 hour' WHERE status IN ('QUEUED', 'RETRY')`);
}

/** "Process a batch" on Queue health (the page must be open); returns the result region. */
async function processBatch(page: Page, size = 10) {
	await page.getByLabel('Batch size').fill(String(size));
	await page.getByRole('button', { name: 'Process a batch' }).click();
	const result = page.getByTestId('run-result');
	await expect(result).toContainText('Batch', { timeout: 30_000 });
	return result;
}

test('pausing a job type from Queue health holds its due jobs while other types run, and says who paused it since when', async ({ page }) => {
	await holdSeededJobs();
	const comment = await insertJob({ type: 'CREW_COMMENT', status: 'QUEUED' });
	const recalc = await insertJob({ type: 'RECALC_ENGAGEMENT', status: 'QUEUED' });
	await loginAsAdmin(page);
	await gotoHydrated(page, '/queue');
	const pauses = page.getByTestId('pauses');
	await expect(pauses).toContainText('Nothing is paused.');

	await page.getByRole('button', { name: 'Pause CREW_COMMENT' }).click();
	await expect(pauses).toContainText('CREW_COMMENT paused by Ada Admin');
	const [stored] = await query<{ pausedBy: string; at: string }>(`SELECT "pausedBy", ${iso('"pausedAt"')} AS at FROM queue_pauses WHERE scope = 'CREW_COMMENT'`);
	expect(stored.pausedBy).toBe('Ada Admin');
	// Since when: the very instant stored, shown as a time.
	await expect(pauses.locator(`time[datetime="${stored.at}"]`)).toBeVisible();
	await expect(page.getByTestId('type-row-CREW_COMMENT')).toContainText('paused');
	await expect(page.getByTestId('type-row-RECALC_ENGAGEMENT')).not.toContainText('paused');
	await expect(page.getByTestId('health-warning-paused')).toContainText('Paused: CREW_COMMENT. Those jobs wait until they are resumed.');

	// A batch runs the other type's due job and leaves the paused one waiting.
	const result = await processBatch(page);
	await expect(result).toContainText(/Processed:\s*1/);
	await expect(result).toContainText(/Succeeded:\s*1/);
	expect(await jobStatus(recalc)).toBe('SUCCEEDED');
	expect(await jobStatus(comment)).toBe('QUEUED');

	// Resumed: the next batch runs it.
	await page.getByRole('button', { name: 'Resume CREW_COMMENT' }).click();
	await expect(pauses).toContainText('Nothing is paused.');
	await expect(page.getByTestId('health-warning-paused')).toHaveCount(0);
	expect(await query(`SELECT 1 FROM queue_pauses`)).toHaveLength(0);
	await processBatch(page);
	await expect(result).toContainText(/Processed:\s*1/);
	await expect.poll(() => jobStatus(comment)).toBe('SUCCEEDED');

	// The pause survives a change of window (it is stored, not page state).
	await page.getByRole('button', { name: 'Pause RECALC_ENGAGEMENT' }).click();
	await expect(pauses).toContainText('RECALC_ENGAGEMENT paused by Ada Admin');
	await page.getByRole('link', { name: '24 hours' }).click();
	await expect(page).toHaveURL(/\?window=24h$/);
	await expect(page.getByRole('heading', { name: 'Completed and failed, last 24 hours' })).toBeVisible();
	await expect(page.getByTestId('throughput-summary')).toContainText(/^Last 24 hours: \d+ jobs? completed/);
	await expect(pauses).toContainText('RECALC_ENGAGEMENT paused by Ada Admin');
	await expect(page.getByRole('button', { name: 'Resume RECALC_ENGAGEMENT' })).toBeVisible();
});

test('pausing the whole queue holds every due job until it is resumed', async ({ page }) => {
	await holdSeededJobs();
	const recalc = await insertJob({ type: 'RECALC_ENGAGEMENT', status: 'QUEUED' });
	const comment = await insertJob({ type: 'CREW_COMMENT', status: 'QUEUED' });
	await loginAsAdmin(page);
	await gotoHydrated(page, '/queue');
	const pauses = page.getByTestId('pauses');

	await page.getByRole('button', { name: 'Pause the whole queue' }).click();
	await expect(pauses).toContainText('The whole queue paused by Ada Admin');
	await expect(page.getByTestId('health-warning-paused')).toContainText('The whole queue is paused (by Ada Admin): no job starts until it is resumed.');
	const [stored] = await query<{ at: string }>(`SELECT ${iso('"pausedAt"')} AS at FROM queue_pauses WHERE scope = '*'`);
	await expect(pauses.locator(`time[datetime="${stored.at}"]`)).toBeVisible();

	const result = await processBatch(page);
	await expect(result).toContainText(/Processed:\s*0/);
	// Not "no job was due": two were, and the page says why they did not run.
	await expect(result).toContainText('the whole queue is paused');
	expect(await jobStatus(recalc)).toBe('QUEUED');
	expect(await jobStatus(comment)).toBe('QUEUED');

	await page.getByRole('button', { name: 'Resume the whole queue' }).click();
	await expect(pauses).toContainText('Nothing is paused.');
	await expect(page.getByRole('button', { name: 'Pause the whole queue' })).toBeVisible();
	await processBatch(page);
	await expect(result).toContainText(/Processed:\s*2/);
	await expect(result).toContainText(/Succeeded:\s*2/);
	expect(await jobStatus(recalc)).toBe('SUCCEEDED');
	expect(await jobStatus(comment)).toBe('SUCCEEDED');
});

test('the Workers page shows a running worker with the job it holds, then marks it stopped', async ({ page }) => {
	// A real worker (the Worker class `npm run worker` runs), in this process, on the e2e database,
	// with one job type whose handler holds its job until the test lets go.
	let letGo!: () => void;
	const released = new Promise<void>((resolve) => (letGo = resolve));
	const registry: JobRegistry = {
		E2E_HOLD: defineJob({ type: 'E2E_HOLD', payload: z.object({}).strict(), maxAttempts: 1, handler: () => released })
	};
	const db = createDb(e2eDatabaseUrl(), { max: 2 });
	const worker = new Worker({ db, registry, concurrency: 1, pollIntervalMs: 250, log: () => {} });
	try {
		await loginAsAdmin(page);
		await gotoHydrated(page, '/queue/workers');
		await expect(page.getByText('No worker has run in the last hour.')).toBeVisible();

		const jobId = (await enqueueJob(db.pool, { type: 'E2E_HOLD', payload: {} }, { registry }))!;
		await worker.start();
		await expect.poll(() => jobStatus(jobId), { timeout: 15_000 }).toBe('RUNNING');

		// The page polls: the worker appears without a reload.
		const card = page.getByTestId('worker-alive');
		await expect(card).toContainText(worker.id, { timeout: 15_000 });
		await expect(page.getByRole('status').filter({ hasText: 'alive' })).toHaveText(/1 worker alive/);
		await expect(card).toContainText('Alive');
		await expect(card).toContainText(`· ${process.pid}`);
		await expect(card).toContainText('Holding 1 job');
		await expect(card).toContainText('E2E_HOLD');
		const held = card.getByRole('link', { name: /E2E_HOLD/ });
		await expect(held).toHaveAttribute('href', `/queue/jobs/${jobId}`);

		// The held job's page names the worker as its lock holder.
		await held.click();
		await expect(page.getByRole('heading', { name: /E2E_HOLD job/ })).toContainText('RUNNING');
		await expect(page.getByTestId('lock-holder')).toContainText(worker.id);

		// Let the job finish and stop the worker: it is marked stopped, holding nothing.
		await gotoHydrated(page, '/queue/workers');
		letGo();
		await worker.stop();
		expect(await jobStatus(jobId)).toBe('SUCCEEDED');
		const [row] = await query<{ stopped: boolean }>(`SELECT "stoppedAt" IS NOT NULL AS stopped FROM queue_workers WHERE id = $1`, [worker.id]);
		expect(row.stopped).toBe(true);
		const stopped = page.getByTestId('worker-stopped');
		await expect(stopped).toContainText(worker.id, { timeout: 15_000 });
		await expect(stopped).toContainText('Stopped');
		await expect(stopped).toContainText('Holding 0 jobs');
		await expect(page.getByTestId('worker-alive')).toHaveCount(0);
		await expect(page.getByRole('status').filter({ hasText: 'alive' })).toHaveText(/0 workers alive/);
	} finally {
		letGo();
		await worker.stop({ timeoutMs: 5_000 });
		await db.close();
	}
});

test('the Providers page lists a paused provider with its reason and until-time, and Resume clears it', async ({ page }) => {
	// Trip breakers through the product's own board: a quota error pauses at once, a 429 with
	// Retry-After for that long, two timeouts only start a streak.
	const db = createDb(e2eDatabaseUrl(), { max: 1 });
	try {
		const board = new BreakerBoard(db.pool, DEFAULT_BREAKER_POLICY);
		expect(await board.recordFailure('openai', 'gpt-4o-mini', new ProviderError('You exceeded your current quota', { provider: 'openai', model: 'gpt-4o-mini', kind: 'quota', retryable: false }))).not.toBeNull();
		expect(
			await board.recordFailure('fal', 'fal-ai/flux/schnell', new ProviderError('429 Too Many Requests', { provider: 'fal', model: 'fal-ai/flux/schnell', kind: 'rate_limit', retryable: true, retryAfterMs: 120_000 }))
		).not.toBeNull();
		for (let i = 0; i < 2; i++) await board.recordFailure('runway', 'gen4_turbo', new ProviderError('timed out', { provider: 'runway', model: 'gen4_turbo', kind: 'timeout', retryable: true }));
	} finally {
		await db.close();
	}
	const stored = await query<{ provider: string; model: string; reason: string; until: string }>(
		`SELECT provider, model, reason, ${iso('"openUntil"')} AS until FROM provider_breakers WHERE "openUntil" > now() ORDER BY provider`
	);
	expect(stored.map((b) => b.provider)).toEqual(['fal', 'openai']);

	await loginAsAdmin(page);
	await gotoHydrated(page, '/queue/providers');
	const paused = page.getByTestId('paused-provider');
	await expect(paused).toHaveCount(2);
	for (const b of stored) {
		const item = paused.filter({ hasText: `${b.provider} · ${b.model}` });
		await expect(item).toContainText(b.reason);
		await expect(item.locator(`time[datetime="${b.until}"]`)).toBeVisible();
	}
	await expect(paused.filter({ hasText: 'openai' })).toContainText('Out of quota: You exceeded your current quota');
	await expect(paused.filter({ hasText: 'fal' })).toContainText('Rate limited (429): asked to wait 120 s');
	await expect(page.getByRole('region', { name: 'Failing, not paused yet' })).toContainText('runway · gen4_turbo: 2 failures in a row');

	// Each Resume button says which provider it resumes.
	await page.getByRole('button', { name: 'Resume now: openai gpt-4o-mini' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Resumed openai gpt-4o-mini' })).toBeVisible();
	await expect(paused).toHaveCount(1);
	const [openai] = await query<{ open: boolean; resumedBy: string }>(
		`SELECT coalesce("openUntil" > now(), false) AS open, "resumedBy" FROM provider_breakers WHERE provider = 'openai'`
	);
	expect(openai).toEqual({ open: false, resumedBy: 'Ada Admin' });

	await page.getByRole('button', { name: 'Resume now: fal fal-ai/flux/schnell' }).click();
	await expect(page.getByTestId('no-paused-providers')).toContainText('No provider is paused.');
	await expect(paused).toHaveCount(0);
	expect(await query(`SELECT 1 FROM provider_breakers WHERE "openUntil" > now()`)).toHaveLength(0);
});

test('an admin starts a job from a form built from its payload schema, and replays a finished job as new', async ({ page }) => {
	const pete = await botId('pixel_pete');
	const pendingPosts = async () => (await query<{ n: number }>(`SELECT count(*)::int AS n FROM jobs WHERE type = 'GENERATE_POST' AND status IN ('QUEUED', 'RUNNING', 'RETRY')`))[0].n;
	const before = await pendingPosts();
	await loginAsAdmin(page);
	await gotoHydrated(page, '/queue');
	await page.getByRole('link', { name: 'Start a job' }).click();
	await expect(page.getByRole('heading', { name: 'Start a job', level: 1 })).toBeVisible();
	await hydrated(page);

	// The fields are the type's: none for RECALC_ENGAGEMENT, a JSON box for CREW_COMMENT's open
	// payload, botId and a postType list for GENERATE_POST.
	const typeSelect = page.getByLabel('Job type');
	await typeSelect.selectOption('RECALC_ENGAGEMENT');
	await expect(page.getByText('This job type takes no payload.')).toBeVisible();
	await typeSelect.selectOption('CREW_COMMENT');
	await expect(page.getByLabel('More payload (JSON object)')).toBeVisible();
	await typeSelect.selectOption('GENERATE_POST');
	await expect(page.getByLabel('Bot id')).toBeVisible();
	const postType = page.getByLabel('Post type');
	await expect(postType.locator('option')).toHaveText(['(not set)', 'TEXT', 'IMAGE', 'VIDEO']);
	await expect(page.getByLabel('More payload (JSON object)')).toHaveCount(0);

	// Bad values are refused, naming the field, and start nothing.
	const problems = page.getByTestId('trigger-problems');
	await page.getByRole('button', { name: 'Start the job' }).click();
	await expect(problems).toHaveText('Bot id is required.');
	await page.getByLabel('Bot id').fill(pete);
	await page.getByLabel('Priority').fill('5000');
	await page.getByRole('button', { name: 'Start the job' }).click();
	await expect(problems).toHaveText('Priority must be a whole number from −1000 to 1000.');
	expect(await pendingPosts()).toBe(before);

	// A good one: the job exists as asked, and the page goes to it.
	await page.getByLabel('Priority').fill('3');
	await postType.selectOption('TEXT');
	await page.getByRole('button', { name: 'Start the job' }).click();
	await expect(page).toHaveURL(/\/queue\/jobs\/[0-9a-f-]{36}$/);
	const started = page.url().split('/').pop()!;
	await expect(page.getByRole('heading', { name: /GENERATE_POST job/ })).toContainText('QUEUED');
	const [job] = await query<{ status: string; botId: string; priority: number; payload: unknown }>(`SELECT status, "botId", priority, payload FROM jobs WHERE id = $1`, [started]);
	expect(job).toEqual({ status: 'QUEUED', botId: pete, priority: 3, payload: { botId: pete, postType: 'TEXT' } });
	expect(JSON.parse((await page.getByTestId('payload').textContent())!)).toEqual({ botId: pete, postType: 'TEXT' });

	// The same again is a duplicate (one pending post per bot): said so, nothing created.
	await page.goBack();
	await hydrated(page);
	await page.getByLabel('Job type').selectOption('GENERATE_POST');
	await page.getByLabel('Bot id').fill(pete);
	await page.getByRole('button', { name: 'Start the job' }).click();
	await expect(problems).toHaveText('Not started: a job like it is already pending (the same bot, or the same key).');
	expect(await pendingPosts()).toBe(before + 1);

	// Replay as new: a finished job's payload runs again as a fresh QUEUED job.
	const [done] = await query<{ id: string; botId: string; payload: unknown }>(
		`SELECT j.id, j."botId", j.payload FROM jobs j JOIN bots b ON b.id = j."botId" WHERE b.handle = 'neon_nomad' AND j.status = 'SUCCEEDED'`
	);
	await gotoHydrated(page, `/queue/jobs/${done.id}`);
	await expect(page.getByRole('heading', { name: /GENERATE_POST job/ })).toContainText('SUCCEEDED');
	await page.getByRole('button', { name: 'Replay as new' }).click();
	await expect(page).not.toHaveURL(new RegExp(done.id));
	await expect(page).toHaveURL(/\/queue\/jobs\/[0-9a-f-]{36}$/);
	const replayId = page.url().split('/').pop()!;
	await expect(page.getByRole('heading', { name: /GENERATE_POST job/ })).toContainText('QUEUED');
	const [replayed] = await query<{ status: string; botId: string; payload: unknown; attempts: number }>(`SELECT status, "botId", payload, attempts FROM jobs WHERE id = $1`, [replayId]);
	expect(replayed).toEqual({ status: 'QUEUED', botId: done.botId, payload: done.payload, attempts: 0 });
	expect(await jobStatus(done.id)).toBe('SUCCEEDED');

	// Replaying it again while the first replay waits: refused as a duplicate, with the reason.
	await gotoHydrated(page, `/queue/jobs/${done.id}`);
	await page.getByRole('button', { name: 'Replay as new' }).click();
	await expect(page.getByTestId('action-outcome')).toHaveText('Not replayed: a job like it is already pending (the same bot, or the same key).');
	expect((await query(`SELECT 1 FROM jobs WHERE "botId" = $1 AND status = 'QUEUED'`, [done.botId])).length).toBe(1);
});

test('an admin sets budgets and retention, a bad value changes nothing, and Prune now reports what it deleted', async ({ page }) => {
	const stored = async () => Object.fromEntries((await query<{ key: string; value: unknown }>(`SELECT key, value FROM ops_settings WHERE key NOT LIKE 'rollup.%'`)).map((r) => [r.key, r.value]));
	await loginAsAdmin(page);
	await gotoHydrated(page, '/queue/settings');
	await expect(page.getByRole('heading', { name: 'Budgets and retention', level: 1 })).toBeVisible();
	const maxBot = page.getByLabel('Most a bot may spend per day (USD)');
	const globalCap = page.getByLabel('All bots together per day (USD)');
	const retention = page.getByLabel('Keep finished jobs for (days)');
	const cycleDays = page.getByLabel('Keep agent cycles for (days)');
	const memoryDays = page.getByLabel('Forget unused memories after (days)');
	const eventDays = page.getByLabel('Keep app views and shares for (days)');
	// The defaults.
	await expect(maxBot).toHaveValue('5');
	await expect(globalCap).toHaveValue('');
	await expect(retention).toHaveValue('14');
	await expect(cycleDays).toHaveValue('30');
	await expect(memoryDays).toHaveValue('90');
	await expect(eventDays).toHaveValue('90');

	// Bad values: each field says what it takes, focus goes to the first, nothing is stored.
	await maxBot.fill('-1');
	await retention.fill('0');
	await eventDays.fill('7');
	await page.getByRole('button', { name: 'Save settings' }).click();
	await expect(maxBot).toHaveAttribute('aria-invalid', 'true');
	await expect(maxBot).toHaveAccessibleDescription(/Enter a number from 0 to 10,000/);
	await expect(retention).toHaveAccessibleDescription(/Enter a number from 0.01 to 3,650/);
	// Under 31 days a resent batch of app events could count twice: refused.
	await expect(eventDays).toHaveAccessibleDescription(/Enter a number from 31 to 3,650/);
	await expect(maxBot).toBeFocused();
	expect(await stored()).toEqual({});

	await maxBot.fill('12.5');
	await globalCap.fill('100');
	await retention.fill('30');
	await eventDays.fill('120');
	await memoryDays.fill('45');
	await page.getByRole('button', { name: 'Save settings' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Settings saved' })).toBeVisible();
	await expect(maxBot).not.toHaveAttribute('aria-invalid', 'true');
	expect(await stored()).toEqual({
		'budget.maxBotDailyUsd': 12.5,
		'budget.globalDailyUsd': 100,
		'retention.days': 30,
		'retention.agentCycleDays': 30,
		'retention.memoryDays': 45,
		'retention.engagementEventDays': 120
	});
	await page.reload();
	await hydrated(page);
	await expect(maxBot).toHaveValue('12.5');
	await expect(globalCap).toHaveValue('100');
	await expect(retention).toHaveValue('30');

	// Prune now: finished jobs older than 30 days go, a newer one and pending ones stay.
	const old = await query<{ id: string }>(
		`INSERT INTO jobs (type, status, payload, attempts, "runAt", "finishedAt")
		 SELECT 'RECALC_ENGAGEMENT', s::"JobStatus", '{}', 1, now() - interval '60 days', now() - interval '60 days'
		   FROM unnest(ARRAY['SUCCEEDED', 'FAILED', 'CANCELLED']) s RETURNING id`
	);
	const [recent] = await query<{ id: string }>(
		`INSERT INTO jobs (type, status, payload, attempts, "runAt", "finishedAt") VALUES ('RECALC_ENGAGEMENT', 'SUCCEEDED', '{}', 1, now() - interval '10 days', now() - interval '10 days') RETURNING id`
	);
	const [{ total }] = await query<{ total: number }>(`SELECT count(*)::int AS total FROM jobs`);
	await page.getByRole('button', { name: 'Prune now' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Deleted' })).toContainText(/Deleted 3 jobs that finished before/);
	await expect(page.getByRole('status').filter({ hasText: 'Pruned 3 finished jobs' })).toBeVisible();
	expect(await query(`SELECT 1 FROM jobs WHERE id = ANY($1::uuid[])`, [old.map((o) => o.id)])).toHaveLength(0);
	expect(await jobStatus(recent.id)).toBe('SUCCEEDED');
	expect((await query<{ total: number }>(`SELECT count(*)::int AS total FROM jobs`))[0].total).toBe(total - 3);
});

test('the Cron page warns when no tick came, then shows the cron route’s last tick and what it returned', async ({ page, request }) => {
	await loginAsAdmin(page);
	await gotoHydrated(page, '/queue/cron');
	await expect(page.getByTestId('cron-warning')).toContainText('No cron tick has run yet: due bots are not being queued.');
	await expect(page.getByText('No tick has run yet.')).toBeVisible();
	// Bots due next, soonest first, as stored.
	const due = await query<{ handle: string }>(`SELECT handle FROM bots WHERE "schedulingEnabled" AND "nextPostAt" IS NOT NULL ORDER BY "nextPostAt" LIMIT 10`);
	await expect(page.getByRole('region', { name: 'Bots due next' }).getByRole('link')).toHaveText(due.map((b) => `@${b.handle}`));

	// The cron route runs, with a due job to process. (Not a RECALC_ENGAGEMENT: the tick enqueues
	// one of its own, and two running at once collide on the trends table.)
	await insertJob({ type: 'CREW_COMMENT', status: 'QUEUED' });
	const response = await request.post('/api/cron/generate', { headers: { authorization: `Bearer ${E2E_CRON_SECRET}` } });
	expect(response.status()).toBe(200);
	const body = await response.json();
	expect(body.worker.processed).toBeGreaterThanOrEqual(1);
	const [run] = await query<{ source: string; at: string; ok: boolean }>(`SELECT source, ${iso('"startedAt"')} AS at, ok FROM cron_runs`);
	expect(run).toMatchObject({ source: 'cron-route', ok: true });

	await page.reload();
	await hydrated(page);
	await expect(page.getByTestId('cron-warning')).toHaveCount(0);
	const ok = page.getByTestId('cron-ok');
	await expect(ok).toContainText('Last tick');
	await expect(ok).toContainText('(Cron route); one is expected every 1 min');
	await expect(ok.locator(`time[datetime="${run.at}"]`)).toBeVisible();
	const rows = page.getByRole('table', { name: 'Recent cron ticks, newest first' }).getByRole('row');
	await expect(rows).toHaveCount(2);
	await expect(rows.nth(1)).toContainText('Cron route');
	await expect(rows.nth(1)).toContainText(`${body.enqueue.enqueued} enqueued · ${body.worker.processed} processed, ${body.worker.failed} failed`);

	// A tick long ago: the page warns again, with how long it has been.
	await query(`UPDATE cron_runs SET "startedAt" = now() - interval '10 minutes', "finishedAt" = now() - interval '10 minutes'`);
	await page.reload();
	await expect(page.getByTestId('cron-warning')).toContainText('No cron tick for 10 min (expected every 60 s)');
});

test('a creator sets a bot’s daily budget within the admins’ maximum; over budget, its post job waits with the reason shown', async ({ page }) => {
	const nomad = await botId('neon_nomad');
	// Spend today, from the usage ledger.
	await query(
		`INSERT INTO usage_events (id, provider, model, operation, "costUsd", "botId") VALUES (gen_random_uuid()::text, 'openai', 'gpt-4o-mini', 'caption', 0.30, $1), (gen_random_uuid()::text, 'fal', 'flux', 'image', 0.12, $1)`,
		[nomad]
	);
	const ownBudget = async () => (await query<{ own: string | null }>(`SELECT "dailyBudgetUsd"::text AS own FROM bots WHERE id = $1`, [nomad]))[0].own;

	await login(page, 'maya@rudo.dev', 'rudo-creator');
	await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
	await gotoHydrated(page, `/bots/${nomad}`);
	const panel = page.getByTestId('budget-panel');
	await expect(panel).toContainText('$0.42 of $5.00 spent today (UTC)');
	const input = panel.getByLabel('Most it may spend per day (USD)');
	await expect(input).toHaveValue('');
	await expect(input).toHaveAccessibleDescription(/Empty: the maximum, \$5\.00/);

	// Over the admins' maximum: refused with the maximum named.
	await input.fill('7');
	await panel.getByRole('button', { name: 'Save budget' }).click();
	await expect(input).toHaveAccessibleDescription(/At most \$5\.00 a day \(the admins' maximum\)/);
	expect(await ownBudget()).toBeNull();
	// The admins lower the maximum while the page is open: the server refuses what the page allowed.
	await query(`INSERT INTO ops_settings (key, value) VALUES ('budget.maxBotDailyUsd', '1')`);
	await input.fill('3');
	await panel.getByRole('button', { name: 'Save budget' }).click();
	await expect(input).toHaveAccessibleDescription(/The most a bot may spend per day is \$1\.00/);
	expect(await ownBudget()).toBeNull();

	// A valid budget persists.
	await input.fill('0.75');
	await panel.getByRole('button', { name: 'Save budget' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Budget saved' })).toBeVisible();
	await expect(panel).toContainText('$0.42 of $0.75 spent today (UTC)');
	expect(await ownBudget()).toBe('0.75');
	await page.reload();
	await hydrated(page);
	await expect(input).toHaveValue('0.75');
	await expect(panel.getByTestId('budget-blocked')).toHaveCount(0);

	// Below today's spend: the bot is over budget, and the panel says its posts wait.
	await input.fill('0.25');
	await panel.getByRole('button', { name: 'Save budget' }).click();
	await expect(panel.getByTestId('budget-blocked')).toContainText('Over budget: @neon_nomad has spent $0.42 of its $0.25 daily budget');
	expect(await ownBudget()).toBe('0.25');

	// Its post job, run by a batch, waits until the next UTC day without spending an attempt.
	await holdSeededJobs();
	const [{ id: jobId }] = await query<{ id: string }>(`INSERT INTO jobs (type, status, payload, "botId") VALUES ('GENERATE_POST', 'QUEUED', $1::jsonb, $2) RETURNING id`, [JSON.stringify({ botId: nomad }), nomad]);
	await page.context().clearCookies();
	await loginAsAdmin(page);
	await gotoHydrated(page, '/queue');
	const result = await processBatch(page);
	await expect(result).toContainText(/Processed:\s*1/);
	await expect(result).toContainText(/Failed:\s*0/);
	const [job] = await query<{ status: string; attempts: number; waitReason: string; runAt: string; spent: number }>(
		`SELECT status, attempts, "waitReason", ${iso('"runAt"')} AS "runAt", (SELECT count(*)::int FROM usage_events WHERE "jobId" = $1) AS spent FROM jobs WHERE id = $1`,
		[jobId]
	);
	expect(job).toMatchObject({ status: 'QUEUED', attempts: 0, spent: 0 });
	expect(job.waitReason).toContain('Over budget: @neon_nomad has spent $0.42 of its $0.25 daily budget');
	const now = new Date();
	const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
	expect(Math.abs(new Date(job.runAt).getTime() - midnight)).toBeLessThan(5_000);

	await gotoHydrated(page, `/queue/jobs/${jobId}`);
	const wait = page.getByTestId('wait-reason');
	await expect(wait).toContainText('Over budget: @neon_nomad has spent $0.42 of its $0.25 daily budget; waits until 00:00 UTC');
	await expect(wait).toContainText('without spending an attempt');
	await expect(wait.locator(`time[datetime="${job.runAt}"]`)).toBeVisible();
});
