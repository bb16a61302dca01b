import { E2E_CRON_SECRET, expect, query, resetDatabase, test } from './fixtures.ts';

test.beforeEach(() => resetDatabase());

const routes = [
	{ method: 'post', path: '/api/cron/generate' },
	{ method: 'get', path: '/api/cron/generate' },
	{ method: 'get', path: '/api/internal/worker/process' }
] as const;

for (const { method, path } of routes) {
	test(`${method.toUpperCase()} ${path} refuses a missing or wrong secret with 401`, async ({ request }) => {
		const none = await request[method](path);
		expect(none.status()).toBe(401);
		expect(none.headers()['www-authenticate']).toBe('Bearer');
		expect(await none.json()).toMatchObject({ success: false, error: expect.stringContaining('Bearer') });
		const wrong = await request[method](path, { headers: { authorization: 'Bearer not-the-secret' } });
		expect(wrong.status()).toBe(401);
	});
}

test('the cron route with the right secret enqueues due bots and processes a batch', async ({ request }) => {
	// Make two demo bots due now.
	await query(`UPDATE bots SET "nextPostAt" = now() - interval '1 minute' WHERE handle IN ('neon_nomad', 'zen_ink')`);
	const [{ before }] = await query<{ before: Date }>(`SELECT now() AS before`);
	const response = await request.post('/api/cron/generate', { headers: { authorization: `Bearer ${E2E_CRON_SECRET}` } });
	expect(response.status()).toBe(200);
	const body = await response.json();
	expect(body).toMatchObject({
		success: true,
		enqueue: { processed: expect.any(Number), enqueued: expect.any(Number), skipped: expect.any(Number) },
		worker: { processed: expect.any(Number), succeeded: expect.any(Number), failed: expect.any(Number), errors: expect.any(Array) }
	});
	expect(body.enqueue.processed).toBeGreaterThanOrEqual(2);
	expect(body.worker.processed).toBeGreaterThan(0);
	expect(body.worker.processed).toBeLessThanOrEqual(10);
	const pending = await query<{ n: number }>(
		`SELECT count(*)::int AS n FROM jobs j JOIN bots b ON b.id = j."botId" WHERE b.handle = 'neon_nomad' AND j.type = 'GENERATE_POST' AND j."createdAt" >= $1`,
		[before]
	);
	expect(pending[0].n).toBe(1);
});

test('the worker route validates ?limit= and processes up to it', async ({ request }) => {
	const auth = { authorization: `Bearer ${E2E_CRON_SECRET}` };
	for (const bad of ['0', '101', 'ten']) {
		const r = await request.get(`/api/internal/worker/process?limit=${bad}`, { headers: auth });
		expect(r.status()).toBe(400);
		expect((await r.json()).error).toMatch(/limit must be an integer from 1 to 100/);
	}
	const ok = await request.get('/api/internal/worker/process?limit=1', { headers: auth });
	expect(ok.status()).toBe(200);
	const body = await ok.json();
	expect(body.success).toBe(true);
	expect(body.worker.processed).toBeLessThanOrEqual(1);
});
