import { describe, expect, it } from 'vitest';
import { applySecurityHeaders, HSTS, NON_PAGE_CSP } from './security-headers.ts';
import { MAX_TRPC_BATCH, trpcBatchProblem } from './trpc-batch.ts';

describe('security headers', () => {
	it('adds the headers and no-store to an answer without its own caching rule', () => {
		const response = applySecurityHeaders(new Response('{}'), { https: false });
		expect(Object.fromEntries(response.headers)).toMatchObject({
			'x-content-type-options': 'nosniff',
			'referrer-policy': 'same-origin',
			'x-frame-options': 'DENY',
			'cache-control': 'no-store',
			'content-security-policy': NON_PAGE_CSP
		});
		expect(response.headers.has('strict-transport-security')).toBe(false);
	});

	it('sends HSTS only over https, and keeps what a route set itself', () => {
		const page = new Response('<html>', { headers: { 'content-security-policy': "default-src 'self'", 'cache-control': 'private, max-age=3600' } });
		applySecurityHeaders(page, { https: true });
		expect(page.headers.get('strict-transport-security')).toBe(HSTS);
		expect(page.headers.get('content-security-policy')).toBe("default-src 'self'");
		expect(page.headers.get('cache-control')).toBe('private, max-age=3600');
	});
});

describe('tRPC batch cap', () => {
	it('lets a normal batch through and refuses an oversized one', () => {
		expect(trpcBatchProblem('/trpc/bots.list,overview.counts')).toBeNull();
		expect(trpcBatchProblem('/login')).toBeNull();
		const big = Array.from({ length: MAX_TRPC_BATCH + 1 }, () => 'overview.counts').join(',');
		expect(trpcBatchProblem(`/trpc/${big}`)).toMatch(/at most 10 calls/);
	});

	it('refuses more than one sign-in per batch, also when the commas are encoded', () => {
		expect(trpcBatchProblem('/trpc/auth.login')).toBeNull();
		expect(trpcBatchProblem('/trpc/auth.login,auth.login')).toMatch(/auth\.login may appear only once/);
		expect(trpcBatchProblem('/trpc/auth.login%2Cauth.login')).toMatch(/only once/);
	});
});
