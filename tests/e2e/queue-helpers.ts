// Helpers for the queue e2e tests (fixtures.ts stays shared and untouched).
import type { Page } from '@playwright/test';
import { expect, login, query } from './fixtures.ts';

export const SCREENSHOTS = 'test-results/screenshots';

/** Wait until the page has hydrated (after a full load): before that, clicks do nothing. */
export async function hydrated(page: Page): Promise<void> {
	await page.locator('body[data-hydrated="true"]').waitFor();
}

export async function loginAsAdmin(page: Page): Promise<void> {
	await login(page, 'admin@rudo.dev', 'rudo-admin');
	await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
}

export async function gotoHydrated(page: Page, url: string): Promise<void> {
	await page.goto(url);
	await hydrated(page);
}

/** Insert a job straight into the database; returns its id. */
export async function insertJob(job: {
	type: 'GENERATE_POST' | 'CREW_COMMENT' | 'RECALC_ENGAGEMENT' | 'BOT_CYCLE';
	status: 'QUEUED' | 'RUNNING' | 'RETRY' | 'FAILED' | 'SUCCEEDED' | 'CANCELLED';
	lastError?: string;
	attempts?: number;
	runAt?: 'now' | 'future';
}): Promise<string> {
	const errors = job.lastError ? [{ attempt: job.attempts ?? 1, at: new Date().toISOString(), message: job.lastError, stack: `Error: ${job.lastError}\n    at e2e` }] : [];
	const [row] = await query<{ id: string }>(
		`INSERT INTO jobs (type, status, payload, attempts, "maxAttempts", "lastError", errors, "runAt", "finishedAt")
		 VALUES ($1, $2::"JobStatus", '{}', $3, $3, $4, $5::jsonb,
		         CASE WHEN $6 = 'future' THEN now() + interval '1 hour' ELSE now() END,
		         CASE WHEN $2 IN ('FAILED', 'SUCCEEDED', 'CANCELLED') THEN now() END)
		 RETURNING id`,
		[job.type, job.status, job.attempts ?? 1, job.lastError ?? null, JSON.stringify(errors), job.runAt ?? 'now']
	);
	return row.id;
}

export async function jobStatus(id: string): Promise<string> {
	const [row] = await query<{ status: string }>(`SELECT status FROM jobs WHERE id = $1`, [id]);
	return row.status;
}
