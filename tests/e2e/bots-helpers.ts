// Helpers for the bots e2e tests (fixtures.ts stays shared and untouched).
import type { Page } from '@playwright/test';
import sharp from 'sharp';
import { expect, login, query } from './fixtures.ts';

export const SCREENSHOTS = 'test-results/screenshots';

export const MAYA = { email: 'maya@rudo.dev', password: 'rudo-creator' };
export const LEO = { email: 'leo@rudo.dev', password: 'rudo-creator' };

/** Wait until the page has hydrated (after a full load): before that, clicks do nothing. */
export async function hydrated(page: Page): Promise<void> {
	await page.locator('body[data-hydrated="true"]').waitFor();
}

export async function loginAs(page: Page, who: { email: string; password: string }): Promise<void> {
	await login(page, who.email, who.password);
	await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
}

export async function gotoHydrated(page: Page, url: string) {
	const response = await page.goto(url);
	await hydrated(page);
	return response;
}

export async function botByHandle(handle: string) {
	const [row] = await query<{ id: string; ownerEmail: string; personaDna: Record<string, unknown>; avatarUrl: string | null; characterAnalysis: unknown; name: string }>(
		`SELECT b.id, u.email AS "ownerEmail", b."personaDna", b."avatarUrl", b."characterAnalysis", b.name FROM bots b JOIN users u ON u.id = b."ownerId" WHERE b.handle = $1`,
		[handle]
	);
	return row;
}

/** Calls a tRPC procedure over HTTP from inside the page (with the page's session cookie). */
export async function trpcFromPage(page: Page, kind: 'query' | 'mutation', path: string, input: unknown) {
	return page.evaluate(
		async ({ kind, path, input }) => {
			const body = JSON.stringify({ json: input });
			const response =
				kind === 'query'
					? await fetch(`/trpc/${path}?input=${encodeURIComponent(body)}`)
					: await fetch(`/trpc/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
			return { status: response.status, body: (await response.json()) as { error?: { json?: { message?: string; data?: { code?: string } } }; result?: unknown } };
		},
		{ kind, path, input }
	);
}

/** A small real PNG: a figure on a coloured ground. */
export async function referencePng(): Promise<Buffer> {
	const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="160" height="160"><rect width="100%" height="100%" fill="#264653"/><circle cx="80" cy="70" r="40" fill="#e9c46a"/><rect x="45" y="110" width="70" height="40" fill="#e76f51"/></svg>`;
	return sharp(Buffer.from(svg)).png().toBuffer();
}
