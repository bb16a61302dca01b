// Issue 8 item 8: an OpenAI-compatible moderation endpoint whose answer has no usable
// category_scores (empty, missing, null, strings) must never approve: the official SDK talks to a
// local server that answers exactly such bodies, and the result is a retryable error.
// Issue 9 item 1 with the OpenAI provider: the disguised text's skeleton reaches the endpoint too.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createProviders } from '../../src/lib/server/ai/providers.ts';
import { moderateContent } from '../../src/lib/server/ai/moderation.ts';

let server: Server;
let baseURL: string;
let answer: (input: unknown) => unknown;
const inputs: unknown[] = [];

beforeAll(async () => {
	server = createServer((req, res) => {
		let body = '';
		req.on('data', (chunk) => (body += chunk));
		req.on('end', () => {
			const input = JSON.parse(body).input;
			inputs.push(input);
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ id: 'modr-test', model: 'omni-moderation-latest', results: [answer(input)] }));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
	inputs.length = 0;
});

const moderator = () => createProviders({ OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: baseURL, AI_MAX_RETRIES: '0' }).moderator;

describe('OpenAI moderation fails closed', () => {
	it.each([
		['empty', { flagged: false, category_scores: {} }],
		['missing', { flagged: false }],
		['null', { flagged: false, category_scores: null }],
		['strings', { flagged: false, category_scores: { harassment: '0.97', violence: 'high' } }],
		['an array', { flagged: false, category_scores: [0.9] }]
	])('category_scores %s: a retryable error, not APPROVED', async (_, result) => {
		answer = () => result;
		const outcome = moderateContent('Planted basil by the window.', null, moderator());
		await expect(outcome).rejects.toMatchObject({ provider: 'openai', kind: 'malformed', retryable: true });
		await expect(outcome).rejects.toThrow(/category_scores/);
	});

	it('approves a well-formed clean answer', async () => {
		answer = () => ({ flagged: false, category_scores: { harassment: 0.001, violence: 0.002 } });
		await expect(moderateContent('Planted basil by the window.', null, moderator())).resolves.toMatchObject({ decision: 'APPROVE' });
	});

	it('sends the skeleton of disguised text as well, and the worse answer wins', async () => {
		answer = (input) => {
			const text = typeof input === 'string' ? input : '';
			const hit = text.includes('kill yourself');
			return { flagged: hit, category_scores: { harassment: hit ? 0.93 : 0.001, violence: 0.001 } };
		};
		const outcome = await moderateContent('kіll yоur\u200Bself', null, moderator());
		expect(inputs).toContain('kill yourself');
		expect(outcome).toMatchObject({ decision: 'REJECT', provider: 'openai' });
	});
});
