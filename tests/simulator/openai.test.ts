// The OpenAI adapter through the official SDK against the simulator: structured output, vision,
// retries (429 + Retry-After, 5xx), malformed output, refusals and timeouts.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import sharp from 'sharp';
import { DEMO_BOTS } from '../../src/lib/server/demo/seed.ts';
import { generateCaption } from '../../src/lib/server/ai/caption.ts';
import { generateTags } from '../../src/lib/server/ai/tags.ts';
import { analyzeCharacterReference } from '../../src/lib/server/ai/image.ts';
import { createProviders } from '../../src/lib/server/ai/providers.ts';
import { OpenAiTextModel } from '../../src/lib/server/ai/providers/openai/index.ts';
import { ProviderError } from '../../src/lib/server/ai/providers/types.ts';
import { toBotContext, type BotContext } from '../../src/lib/server/ai/types.ts';
import { SIM_KEYS, startSimulator, type Simulator } from './server.ts';

function demo(handle: string): BotContext {
	const b = DEMO_BOTS.find((d) => d.handle === handle)!;
	return toBotContext({ id: `id_${handle}`, handle: b.handle, name: b.name, bio: b.bio, tier: b.tier, artStyle: b.artStyle, personaDna: b.dna });
}

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator();
});
afterAll(async () => {
	await sim?.close();
});
beforeEach(() => sim.reset());

const textModel = (options: { timeoutMs?: number; maxRetries?: number } = {}) =>
	new OpenAiTextModel({ apiKey: SIM_KEYS.openai, baseURL: sim.openaiBaseUrl, model: 'gpt-4o-mini', timeoutMs: options.timeoutMs ?? 5000, maxRetries: options.maxRetries ?? 2 });

describe('OpenAI chat with structured output', () => {
	it('generates a caption: strict json_schema request, parsed answer, token usage and cost', async () => {
		sim.setChatResponse('rudo_caption', { caption: 'The noodle stall is the only honest light tonight.', mood: 'Wry', hook: 'noodle stall at 3am' });
		const providers = createProviders(sim.env());
		const result = await generateCaption(demo('neon_nomad'), providers, { postType: 'IMAGE', seed: 's' });

		expect(result.caption).toBe('the noodle stall is the only honest light tonight.');
		expect(result.hook).toBe('noodle stall at 3am');
		const [request] = sim.requestsFor('openai.chat');
		expect(request.headers.authorization).toBe(`Bearer ${SIM_KEYS.openai}`);
		expect(request.body).toMatchObject({
			model: 'gpt-4o-mini',
			response_format: { type: 'json_schema', json_schema: { name: 'rudo_caption', strict: true } }
		});
		const messages = (request.body as { messages: Array<{ role: string; content: string }> }).messages;
		expect(messages[0]).toMatchObject({ role: 'system' });
		expect(messages[0].content).toContain('terse, noir, present tense, lowercase');
		expect(result.usage).toMatchObject({ provider: 'openai', model: 'gpt-4o-mini', operation: 'caption' });
		expect(result.usage.inputTokens).toBeGreaterThan(50);
		expect(result.usage.costUsd).toBeGreaterThan(0);
	});

	it('generates trend-aware tags from whatever the schema asks for', async () => {
		const providers = createProviders(sim.env());
		const result = await generateTags(demo('neon_nomad'), 'synth bass under the overpass', providers, ['synthwave'], { seed: 's' });
		expect(result.tags.length).toBeGreaterThanOrEqual(3);
		for (const tag of result.tags) expect(tag).toMatch(/^[a-z0-9_]+$/);
		expect(JSON.stringify(sim.requestsFor('openai.chat')[0].body)).toContain('Trending right now: synthwave');
	});

	it('sends the reference image as an image_url part for character analysis', async () => {
		sim.setChatResponse('rudo_character_analysis', {
			appearance: 'A small robot with a round head',
			palette: ['#FF0000', '#00ff00'],
			distinguishingFeatures: ['antenna'],
			styleNotes: 'flat colours'
		});
		const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#ff0000' } }).png().toBuffer();
		const { analysis, usage } = await analyzeCharacterReference(png, createProviders(sim.env()));
		expect(analysis.palette).toEqual(['#ff0000', '#00ff00']);
		expect(usage.operation).toBe('vision');
		const content = (sim.requestsFor('openai.chat')[0].body as { messages: Array<{ content: unknown }> }).messages[1].content as Array<{ type: string; image_url?: { url: string } }>;
		expect(content.map((p) => p.type)).toEqual(['text', 'image_url']);
		expect(content[1].image_url?.url).toMatch(/^data:image\/png;base64,/);
	});
});

describe('OpenAI retries and failures', () => {
	it('waits out a 429 for as long as Retry-After says, then succeeds', async () => {
		sim.setFault('openai.chat', { type: 'rate-limit', retryAfterSeconds: 1 }, { times: 1 });
		const result = await generateCaption(demo('zen_ink'), { text: textModel() }, { postType: 'TEXT', seed: 's' });
		expect(result.caption.length).toBeGreaterThan(0);
		const [limited, retried] = sim.requestsFor('openai.chat');
		expect(limited.status).toBe(429);
		expect(retried.status).toBe(200);
		// Request arrival times from the simulator's log (1 ms allowance for Date.now() truncation).
		expect(retried.at - limited.at).toBeGreaterThanOrEqual(999);
	});

	it('retries a 500 and succeeds', async () => {
		sim.setFault('openai.chat', { type: 'server-error', status: 500 }, { times: 1 });
		await generateCaption(demo('zen_ink'), { text: textModel() }, { postType: 'TEXT', seed: 's' });
		expect(sim.requestsFor('openai.chat').map((r) => r.status)).toEqual([500, 200]);
	});

	it('asks again when the model returns malformed JSON, then fails clearly after three tries', async () => {
		sim.setFault('openai.chat', { type: 'malformed' });
		const error = await generateCaption(demo('zen_ink'), { text: textModel() }, { postType: 'TEXT', seed: 's' }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(ProviderError);
		const providerError = error as ProviderError;
		expect(providerError).toMatchObject({ provider: 'openai', kind: 'malformed', retryable: true });
		expect(providerError.message).toMatch(/malformed output for "rudo_caption" 3 times/);
		expect(providerError.message).toMatch(/not valid JSON/);
		expect(sim.requestsFor('openai.chat')).toHaveLength(3);
		// The three billed attempts are reported for the cost ledger.
		expect(providerError.usage[0].inputTokens).toBeGreaterThan(0);
	});

	it('recovers when a retry returns valid JSON, billing both attempts', async () => {
		sim.setFault('openai.chat', { type: 'schema-mismatch' }, { times: 1 });
		sim.setChatResponse('rudo_caption', { caption: 'Ink, breath, space.', mood: 'calm', hook: 'a single brush stroke' });
		const single = await generateCaption(demo('zen_ink'), { text: textModel() }, { postType: 'TEXT', seed: 's' });
		expect(single.caption).toBe('Ink, breath, space.');
		const [first, second] = sim.requestsFor('openai.chat');
		expect([first.fault, second.fault]).toEqual(['schema-mismatch', undefined]);
		const oneCall = await generateCaption(demo('zen_ink'), { text: textModel() }, { postType: 'TEXT', seed: 's' });
		expect(single.usage.inputTokens!).toBeGreaterThan(oneCall.usage.inputTokens! * 1.5);
	});

	it('treats a response body that is not JSON as malformed output', async () => {
		sim.setFault('openai.chat', { type: 'malformed-body' }, { times: 1 });
		sim.setChatResponse('rudo_caption', { caption: 'ok', mood: 'calm', hook: 'ok' });
		expect((await generateCaption(demo('zen_ink'), { text: textModel() }, { postType: 'TEXT', seed: 's' })).caption).toBe('ok');
		expect(sim.requestsFor('openai.chat')).toHaveLength(2);
	});

	it('surfaces a refusal as a non-retryable error without asking again', async () => {
		sim.setFault('openai.chat', { type: 'refusal', message: 'I cannot help with that request.' });
		await expect(generateCaption(demo('zen_ink'), { text: textModel() }, { postType: 'TEXT', seed: 's' })).rejects.toMatchObject({
			kind: 'refusal',
			retryable: false,
			message: expect.stringContaining('I cannot help with that request.')
		});
		expect(sim.requestsFor('openai.chat')).toHaveLength(1);
	});

	it('gives up on a hung request after the timeout, as a retryable error', async () => {
		sim.setFault('openai.chat', { type: 'hang' });
		await expect(generateCaption(demo('zen_ink'), { text: textModel({ timeoutMs: 300, maxRetries: 1 }) }, { postType: 'TEXT', seed: 's' })).rejects.toMatchObject({
			kind: 'timeout',
			retryable: true
		});
		// The SDK retried the timed-out request once.
		expect(sim.requestsFor('openai.chat')).toHaveLength(2);
	});

	it('reports a bad API key as a non-retryable auth error', async () => {
		const model = new OpenAiTextModel({ apiKey: 'wrong', baseURL: sim.openaiBaseUrl, model: 'gpt-4o-mini', timeoutMs: 2000, maxRetries: 2 });
		await expect(generateCaption(demo('zen_ink'), { text: model }, { postType: 'TEXT', seed: 's' })).rejects.toMatchObject({ kind: 'auth', retryable: false });
	});
});

describe('OpenAI request shape: the output-limit field each kind of server accepts', () => {
	type ChatBody = { max_tokens?: number; max_completion_tokens?: number; temperature?: number };
	const bodies = () => sim.requestsFor('openai.chat').map((r) => r.body as ChatBody);

	/** The official SDK, talking to "api.openai.com", whose requests land on the simulator. */
	function officialApiClient(): OpenAI {
		return new OpenAI({
			apiKey: SIM_KEYS.openai,
			baseURL: 'https://api.openai.com/v1',
			maxRetries: 0,
			fetch: (input, init) => fetch(String(input instanceof Request ? input.url : input).replace('https://api.openai.com/v1', sim.openaiBaseUrl), init)
		});
	}

	it('sends max_tokens to an OpenAI-compatible server (OPENAI_BASE_URL, e.g. Ollama), which rejects max_completion_tokens', async () => {
		sim.setTokenLimitField('max_tokens');
		const providers = createProviders(sim.env({ OPENAI_MODEL: 'llama3.1:8b' }));
		const caption = await generateCaption(demo('neon_nomad'), providers, { postType: 'TEXT', seed: 's' });
		const tags = await generateTags(demo('neon_nomad'), caption.caption, providers, [], { seed: 's' });
		expect(tags.tags.length).toBeGreaterThanOrEqual(3);
		expect(bodies()).toHaveLength(2);
		for (const body of bodies()) {
			expect(body.max_tokens).toBeGreaterThan(0);
			expect(body).not.toHaveProperty('max_completion_tokens');
			expect(body.temperature).toBeGreaterThan(0);
		}
		expect(sim.requestsFor('openai.chat').map((r) => r.status)).toEqual([200, 200]);
	});

	it('sends max_completion_tokens to api.openai.com, which rejects max_tokens for current models', async () => {
		sim.setTokenLimitField('max_completion_tokens');
		for (const [model, options] of [
			['gpt-4o-mini', {}],
			['gpt-5-mini', {}],
			['gpt-4o-mini', { baseURL: 'https://api.openai.com/v1' }]
		] as const) {
			const text = new OpenAiTextModel({ apiKey: SIM_KEYS.openai, model, timeoutMs: 5000, maxRetries: 0, ...options }, officialApiClient());
			const result = await generateCaption(demo('zen_ink'), { text }, { postType: 'TEXT', seed: model });
			expect(result.caption.length).toBeGreaterThan(0);
		}
		const [mini, reasoning, explicit] = bodies();
		for (const body of [mini, reasoning, explicit]) {
			expect(body.max_completion_tokens).toBe(400);
			expect(body).not.toHaveProperty('max_tokens');
		}
		// Reasoning models take only the default temperature.
		expect(mini.temperature).toBe(0.9);
		expect(reasoning).not.toHaveProperty('temperature');
		expect(sim.requestsFor('openai.chat').every((r) => r.status === 200)).toBe(true);
	});

	it('switches to max_completion_tokens when a compatible base URL (a proxy in front of OpenAI) rejects max_tokens, and remembers it', async () => {
		sim.setTokenLimitField('max_completion_tokens');
		const text = textModel();
		const first = await generateCaption(demo('zen_ink'), { text }, { postType: 'TEXT', seed: 'a' });
		await generateCaption(demo('zen_ink'), { text }, { postType: 'TEXT', seed: 'b' });
		expect(first.caption.length).toBeGreaterThan(0);
		expect(sim.requestsFor('openai.chat').map((r) => r.status)).toEqual([400, 200, 200]);
		const [rejected, retried, next] = bodies();
		expect(rejected.max_tokens).toBe(400);
		expect(retried).toMatchObject({ max_completion_tokens: 400 });
		expect(retried).not.toHaveProperty('max_tokens');
		expect(next).not.toHaveProperty('max_tokens');
	});

	it('still fails clearly on a 400 that is not about the output-limit field', async () => {
		sim.setTokenLimitField('either');
		sim.setFault('openai.chat', { type: 'server-error', status: 400 }, { times: 1 });
		await expect(generateCaption(demo('zen_ink'), { text: textModel() }, { postType: 'TEXT', seed: 's' })).rejects.toMatchObject({ kind: 'bad_request', retryable: false });
		expect(sim.requestsFor('openai.chat')).toHaveLength(1);
	});
});
