// The video fallback chain as createProviders() builds it with every key set (Kling → Minimax →
// Runway), against the simulator, plus one whole post's worth of provider calls.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { DEMO_BOTS } from '../../src/lib/server/demo/seed.ts';
import { generateCaption } from '../../src/lib/server/ai/caption.ts';
import { generateTags } from '../../src/lib/server/ai/tags.ts';
import { generatePostImage } from '../../src/lib/server/ai/image.ts';
import { moderateContent } from '../../src/lib/server/ai/moderation.ts';
import { createProviders } from '../../src/lib/server/ai/providers.ts';
import { VideoGenerationError, buildVideoPrompt, generateVideo } from '../../src/lib/server/ai/video.ts';
import { toBotContext } from '../../src/lib/server/ai/types.ts';
import { startSimulator, type Simulator } from './server.ts';

let sim: Simulator;
let still: Buffer;
beforeAll(async () => {
	sim = await startSimulator();
	still = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#884422' } }).png().toBuffer();
});
afterAll(async () => {
	await sim?.close();
});
beforeEach(() => sim.reset());

const image = () => ({ bytes: still, contentType: 'image/png' });

describe('video fallback Kling → Minimax → Runway', () => {
	it('uses Kling when it works', async () => {
		const { videoChain } = createProviders(sim.env());
		const result = await generateVideo(image(), 'p', 5, videoChain, { seed: 1 });
		expect(result.clip.model).toContain('kling');
		expect(result.attempts.map((a) => `${a.name}:${a.ok ? 'served' : a.skipped ? 'skipped' : 'failed'}`)).toEqual(['kling:served', 'minimax:skipped', 'runway:skipped']);
		expect(sim.requestsFor('fal.minimax')).toHaveLength(0);
		expect(sim.requestsFor('runway.create')).toHaveLength(0);
	});

	it('Kling fails → Minimax serves', async () => {
		sim.setFault('fal.kling', { type: 'server-error', status: 500 });
		const result = await generateVideo(image(), 'p', 5, createProviders(sim.env()).videoChain, { seed: 1 });
		expect(result.clip.model).toContain('minimax');
		expect(result.attempts[0]).toMatchObject({ name: 'kling', ok: false, skipped: false, retryable: true });
		expect(result.attempts[0].reason).toMatch(/500/);
		expect(result.attempts[1]).toMatchObject({ name: 'minimax', ok: true });
		expect(result.attempts[2]).toMatchObject({ name: 'runway', skipped: true });
	});

	it('Kling and Minimax fail → Runway serves', async () => {
		sim.setFault('fal.kling', { type: 'server-error', status: 500 });
		sim.setFault('fal.minimax', { type: 'job-failed', message: 'no capacity' });
		const result = await generateVideo(image(), 'p', 10, createProviders(sim.env()).videoChain, { seed: 1 });
		expect(result.clip.provider).toBe('runway');
		expect(result.clip.durationSeconds).toBe(10);
		expect(result.attempts.map((a) => a.ok)).toEqual([false, false, true]);
		expect(result.attempts[1].reason).toContain('no capacity');
		expect(result.usage).toMatchObject({ provider: 'runway', videoSeconds: 10 });
	});

	it('all fail → a retryable error that lists every provider and why', async () => {
		sim.setFault('fal.kling', { type: 'server-error', status: 500 });
		sim.setFault('fal.minimax', { type: 'job-failed', message: 'no capacity' });
		sim.setFault('runway.create', { type: 'job-failed', message: 'render farm offline' });
		const error = await generateVideo(image(), 'p', 5, createProviders(sim.env()).videoChain, { seed: 1 }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(VideoGenerationError);
		const failure = error as VideoGenerationError;
		expect(failure.retryable).toBe(true);
		expect(failure.attempts.map((a) => a.name)).toEqual(['kling', 'minimax', 'runway']);
		expect(failure.message).toMatch(/kling: server: .*500/);
		expect(failure.message).toContain('minimax: server:');
		expect(failure.message).toContain('no capacity');
		expect(failure.message).toContain('runway: job_failed: Runway task');
		expect(failure.message).toContain('render farm offline');
	});
});

describe('one post through every real provider', () => {
	it('caption, tags, image, video and moderation all served by the simulated APIs', async () => {
		const b = DEMO_BOTS.find((d) => d.handle === 'vapor_vera')!;
		const bot = toBotContext({ id: 'bot_vera', handle: b.handle, name: b.name, bio: b.bio, tier: b.tier, artStyle: b.artStyle, personaDna: b.dna });
		const providers = createProviders(sim.env());
		const caption = await generateCaption(bot, providers, { postType: 'VIDEO', seed: 'job-1' });
		const [tags, still] = await Promise.all([
			generateTags(bot, caption.caption, providers, ['lo_fi'], { seed: 'job-1' }),
			generatePostImage(bot, caption.caption, providers, { seed: 'job-1', hook: caption.hook })
		]);
		const video = await generateVideo({ bytes: still.bytes, contentType: still.contentType }, buildVideoPrompt(bot, caption.caption, caption.hook), 10, providers.videoChain, { seed: still.seed });
		const verdict = await moderateContent(caption.caption, { bytes: still.bytes, contentType: still.contentType }, providers.moderator);

		expect(tags.tags.length).toBeGreaterThanOrEqual(3);
		expect((await sharp(still.bytes).metadata()).width).toBe(1024);
		expect(video.clip.bytes.length).toBeGreaterThan(0);
		expect(verdict.decision).toBe('APPROVE');
		const usage = [caption.usage, tags.usage, still.usage, video.usage, verdict.usage];
		expect(usage.map((u) => `${u.provider}:${u.operation}`)).toEqual(['openai:caption', 'openai:tags', 'fal:image', 'fal:video', 'openai:moderation']);
		expect(new Set(sim.requests.map((r) => r.route))).toEqual(new Set(['openai.chat', 'openai.moderations', 'fal.flux', 'fal.kling', 'fal.status', 'fal.result', 'fal.storage', 'files']));
	});
});
