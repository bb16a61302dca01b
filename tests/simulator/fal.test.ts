// fal.ai through the official @fal-ai/client against the simulator: the queue protocol (submit,
// status polling, result, cancel), storage uploads, Retry-After, refusals and timeouts.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { FalImageModel, FalVideoModel, FAL_MODELS, type FalOptions } from '../../src/lib/server/ai/providers/fal.ts';
import { SIM_KEYS, startSimulator, type Simulator } from './server.ts';

let sim: Simulator;
let source: Buffer;
beforeAll(async () => {
	sim = await startSimulator();
	source = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#3355ff' } }).png().toBuffer();
});
afterAll(async () => {
	await sim?.close();
});
beforeEach(() => sim.reset());

const options = (overrides: Partial<FalOptions> = {}): FalOptions => ({ credentials: SIM_KEYS.fal, baseUrl: sim.falBaseUrl, pollIntervalMs: 20, jobTimeoutMs: 10_000, requestTimeoutMs: 5000, ...overrides });
const imageRequest = { prompt: 'a neon alley in the rain', style: 'CYBERPUNK' as const, palette: ['#00f0ff'], seed: 1234, width: 768, height: 768, steps: 28 };

describe('fal Flux images', () => {
	it('submits to the queue, polls until COMPLETED, fetches the result and downloads the image', async () => {
		const result = await new FalImageModel(options()).generateImage(imageRequest);
		const meta = await sharp(result.bytes).metadata();
		expect([meta.format, meta.width, meta.height]).toEqual(['png', 768, 768]);
		expect(result.contentType).toBe('image/png');
		expect(result.usage).toMatchObject({ provider: 'fal', model: FAL_MODELS.flux, operation: 'image', images: 1 });
		expect(result.usage.costUsd).toBeCloseTo(0.0147, 3);

		const [submit] = sim.requestsFor('fal.flux');
		expect(submit.path).toBe('/fal/fal-ai/flux/dev');
		expect(submit.headers.authorization).toBe(`Key ${SIM_KEYS.fal}`);
		expect(submit.body).toMatchObject({ prompt: imageRequest.prompt, image_size: { width: 768, height: 768 }, num_inference_steps: 28, seed: 1234, num_images: 1 });
		const statuses = sim.requestsFor('fal.status');
		expect(statuses.map((r) => r.status)).toEqual([202, 202, 200]);
		expect(statuses[0].path).toMatch(/^\/fal\/fal-ai\/flux\/requests\/[0-9a-f-]+\/status\?logs=0$/);
		expect(sim.requestsFor('fal.result')).toHaveLength(1);
	});

	it('waits out a 429 on submit for as long as Retry-After says', async () => {
		sim.setFault('fal.flux', { type: 'rate-limit', retryAfterSeconds: 1 }, { times: 1 });
		await new FalImageModel(options()).generateImage(imageRequest);
		const [limited, accepted] = sim.requestsFor('fal.flux');
		expect([limited.status, accepted.status]).toEqual([429, 200]);
		// Arrival times from the simulator's log (1 ms allowance for Date.now() truncation).
		expect(accepted.at - limited.at).toBeGreaterThanOrEqual(999);
	});

	it('reports a content-policy refusal as non-retryable', async () => {
		sim.setFault('fal.flux', { type: 'refusal' }, { times: 1 });
		await expect(new FalImageModel(options()).generateImage(imageRequest)).rejects.toMatchObject({ provider: 'fal', kind: 'refusal', retryable: false });
	});

	it('times out a hung status request as a retryable error', async () => {
		sim.setFault('fal.status', { type: 'hang' });
		await expect(new FalImageModel(options({ requestTimeoutMs: 300 })).generateImage(imageRequest)).rejects.toMatchObject({ kind: 'timeout', retryable: true });
	});
});

describe('fal Kling and Minimax video', () => {
	it('uploads our image to fal storage and turns it into a Kling clip of the asked length', async () => {
		const clip = await new FalVideoModel('kling', options()).imageToVideo({ image: { bytes: source, contentType: 'image/png' }, prompt: 'rain falls', durationSeconds: 10, seed: 7 });
		expect(clip).toMatchObject({ provider: 'fal', model: FAL_MODELS.kling, durationSeconds: 10 });
		expect((await sharp(clip.bytes, { animated: true }).metadata()).pages).toBeGreaterThan(1);
		expect(clip.usage).toMatchObject({ operation: 'video', videoSeconds: 10, costUsd: 0.5 });

		const upload = sim.requests.find((r) => r.method === 'PUT' && r.path.startsWith('/fal-upload/'));
		expect(upload).toBeDefined();
		const submit = sim.requestsFor('fal.kling')[0].body as { image_url: string; duration: string };
		expect(submit.duration).toBe('10');
		expect(submit.image_url).toMatch(new RegExp(`^${sim.url}/files/`));
		const uploaded = await fetch(submit.image_url).then((r) => r.arrayBuffer());
		expect(Buffer.from(uploaded).equals(source)).toBe(true);
	});

	it('passes a public image URL through without uploading, and Minimax reports its fixed length', async () => {
		const clip = await new FalVideoModel('minimax', options()).imageToVideo({ image: { url: 'https://cdn.example.com/still.png' }, prompt: 'drift', durationSeconds: 5, seed: 7 });
		expect(clip).toMatchObject({ model: FAL_MODELS.minimax, durationSeconds: 6 });
		expect(sim.requestsFor('fal.storage')).toHaveLength(0);
		expect(sim.requestsFor('fal.minimax')[0].body).toMatchObject({ image_url: 'https://cdn.example.com/still.png', prompt: 'drift' });
	});

	it('cancels a job that runs past the job timeout', async () => {
		sim.setLatency('fal.kling', 5000);
		const model = new FalVideoModel('kling', options({ jobTimeoutMs: 300 }));
		await expect(model.imageToVideo({ image: { bytes: source, contentType: 'image/png' }, prompt: 'slow', durationSeconds: 5, seed: 1 })).rejects.toMatchObject({ kind: 'timeout', retryable: true });
		const cancel = sim.requestsFor('fal.cancel');
		expect(cancel).toHaveLength(1);
		expect(cancel[0].path).toMatch(/^\/fal\/fal-ai\/kling-video\/requests\/[0-9a-f-]+\/cancel$/);
		expect(cancel[0].status).toBe(202);
	});

	it('reports a job that failed while running as retryable', async () => {
		sim.setFault('fal.minimax', { type: 'job-failed', message: 'GPU fell over' });
		await expect(new FalVideoModel('minimax', options()).imageToVideo({ image: { bytes: source }, prompt: 'x', durationSeconds: 5, seed: 1 })).rejects.toMatchObject({
			kind: 'server',
			retryable: true,
			message: expect.stringContaining('GPU fell over')
		});
	});
});
