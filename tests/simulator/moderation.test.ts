// omni-moderation through the official SDK against the simulator, and the thresholds applied to it:
// flagged content is held or rejected, never approved.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createProviders } from '../../src/lib/server/ai/providers.ts';
import { moderateContent } from '../../src/lib/server/ai/moderation.ts';
import { startSimulator, type Simulator } from './server.ts';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator();
});
afterAll(async () => {
	await sim?.close();
});
beforeEach(() => sim.reset());

describe('OpenAI moderation', () => {
	it('approves clean content and sends text and image to omni-moderation-latest', async () => {
		const { moderator } = createProviders(sim.env());
		const outcome = await moderateContent('Planted basil by the window.', { bytes: Buffer.from([137, 80, 78, 71]), contentType: 'image/png' }, moderator);
		expect(outcome).toMatchObject({ decision: 'APPROVE', status: 'APPROVED', imageChecked: true, provider: 'openai' });
		const body = sim.requestsFor('openai.moderations')[0].body as { model: string; input: Array<{ type: string }> };
		expect(body.model).toBe('omni-moderation-latest');
		expect(body.input.map((i) => i.type)).toEqual(['text', 'image_url']);
	});

	it('rejects content flagged with a score over the reject threshold', async () => {
		sim.setFault('openai.moderations', { type: 'flagged', category: 'violence/graphic', score: 0.93 });
		const outcome = await moderateContent('…', null, createProviders(sim.env()).moderator);
		expect(outcome.decision).toBe('REJECT');
		expect(outcome.status).toBe('REJECTED');
		expect(outcome.reasons[0]).toMatch(/^violence\/graphic 0\.93/);
	});

	it('holds content flagged in the review band for an admin', async () => {
		sim.setFault('openai.moderations', { type: 'flagged', category: 'harassment', score: 0.55 });
		const outcome = await moderateContent('…', null, createProviders(sim.env()).moderator);
		expect(outcome.decision).toBe('REVIEW');
		expect(outcome.flagged).toBe(true);
	});

	it('fails (so the job retries) instead of approving when moderation is unavailable', async () => {
		sim.setFault('openai.moderations', { type: 'server-error', status: 503 });
		const { moderator } = createProviders(sim.env({ AI_MAX_RETRIES: '1' }));
		await expect(moderateContent('hello', null, moderator)).rejects.toMatchObject({ kind: 'server', retryable: true });
		expect(sim.requestsFor('openai.moderations')).toHaveLength(2);
	});
});
