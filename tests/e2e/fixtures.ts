// Shared e2e helpers: direct database access (the e2e server writes its URL) to reset data
// between tests and to compare what the page shows with what is stored.
import { test as base, expect, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import pg from 'pg';

export function e2eDatabaseUrl(): string {
	return JSON.parse(readFileSync('test-results/e2e-db.json', 'utf8')).url;
}

export async function query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
	const client = new pg.Client({ connectionString: e2eDatabaseUrl() });
	await client.connect();
	try {
		return (await client.query<T>(sql, params)).rows;
	} finally {
		await client.end();
	}
}

/** Signs in through the form; pass `navigate: false` when already on the login page. */
export async function login(page: Page, email: string, password: string, options: { navigate?: boolean } = {}) {
	if (options.navigate !== false) await page.goto('/login');
	await page.locator('body[data-hydrated="true"]').waitFor();
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
}

export const test = base;
export { expect };

/** What scripts/e2e-server.ts sets as CRON_SECRET. */
export const E2E_CRON_SECRET = 'e2e-cron-secret-0123456789';

/** Empty the e2e database and seed the demo data again (call in beforeEach for isolation). */
export function resetDatabase(): void {
	execFileSync('node_modules/.bin/tsx', ['scripts/e2e-reset.ts', e2eDatabaseUrl()], { stdio: 'inherit' });
}
