// Runway through the official @runwayml/sdk against the simulator: task creation, polling,
// Retry-After, failed tasks and task timeouts.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { RunwayVideoModel, type RunwayOptions } from '../../src/lib/server/ai/providers/runway.ts';
import { SIM_KEYS, startSimulator, type Simulator } from './server.ts';

let sim: Simulator;
let source: Buffer;
beforeAll(async () => {
	sim = await startSimulator();
	source = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#ff7700' } }).png().toBuffer();
});
afterAll(async () => {
	await sim?.close();
});
beforeEach(() => sim.reset());

const runway = (overrides: Partial<RunwayOptions> = {}) =>
	new RunwayVideoModel({ apiKey: SIM_KEYS.runway, baseURL: sim.runwayBaseUrl, pollIntervalMs: 20, taskTimeoutMs: 10_000, requestTimeoutMs: 5000, ...overrides });

describe('Runway image-to-video', () => {
	it('creates a task with the versioned API, polls PENDING → RUNNING → SUCCEEDED and downloads the output', async () => {
		const clip = await runway().imageToVideo({ image: { bytes: source, contentType: 'image/png' }, prompt: 'sparks drift', durationSeconds: 10, seed: 42 });
		expect(clip).toMatchObject({ provider: 'runway', model: 'gen4_turbo', durationSeconds: 10, contentType: 'image/webp' });
		expect((await sharp(clip.bytes, { animated: true }).metadata()).pages).toBeGreaterThan(1);
		expect(clip.usage).toMatchObject({ operation: 'video', videoSeconds: 10, costUsd: 0.5 });

		const [create] = sim.requestsFor('runway.create');
		expect(create.headers.authorization).toBe(`Bearer ${SIM_KEYS.runway}`);
		expect(create.headers['x-runway-version']).toBe('2024-11-06');
		expect(create.body).toMatchObject({ model: 'gen4_turbo', ratio: '960:960', duration: 10, promptText: 'sparks drift', seed: 42 });
		expect((create.body as { promptImage: string }).promptImage).toMatch(/^data:image\/png;base64,/);
		expect(sim.requestsFor('runway.tasks').map((r) => r.method)).toEqual(['GET', 'GET', 'GET']);
	});

	it('waits out a 429 on task creation for as long as Retry-After says', async () => {
		sim.setFault('runway.create', { type: 'rate-limit', retryAfterSeconds: 1 }, { times: 1 });
		await runway().imageToVideo({ image: { bytes: source }, prompt: 'x', durationSeconds: 5, seed: 1 });
		const [limited, accepted] = sim.requestsFor('runway.create');
		expect([limited.status, accepted.status]).toEqual([429, 200]);
		expect(accepted.at - limited.at).toBeGreaterThanOrEqual(999);
	});

	it('reports a task refused by moderation as non-retryable', async () => {
		sim.setFault('runway.create', { type: 'refusal' });
		await expect(runway().imageToVideo({ image: { bytes: source }, prompt: 'x', durationSeconds: 5, seed: 1 })).rejects.toMatchObject({
			provider: 'runway',
			kind: 'refusal',
			retryable: false,
			message: expect.stringContaining('SAFETY.INPUT.IMAGE')
		});
	});

	it('gives up on a task that does not finish in time, deleting it', async () => {
		sim.setLatency('runway.create', 5000);
		await expect(runway({ taskTimeoutMs: 200 }).imageToVideo({ image: { bytes: source }, prompt: 'x', durationSeconds: 5, seed: 1 })).rejects.toMatchObject({ kind: 'timeout', retryable: true });
		expect(sim.requestsFor('runway.tasks').some((r) => r.method === 'DELETE' && r.status === 204)).toBe(true);
	});
});
