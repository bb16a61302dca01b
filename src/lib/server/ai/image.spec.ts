import { describe, expect, it } from 'vitest';
import { DEMO_BOTS } from '../demo/seed.ts';
import { buildAvatarPrompt, buildImagePrompt, generatePostImage } from './image.ts';
import type { ImageModel, ImageRequest } from './providers/types.ts';
import { ART_STYLE_PROFILES, toBotContext, type BotContext } from './types.ts';

function demo(handle: string, overrides: Partial<BotContext> = {}): BotContext {
	const b = DEMO_BOTS.find((d) => d.handle === handle)!;
	return { ...toBotContext({ id: `id_${handle}`, handle: b.handle, name: b.name, bio: b.bio, tier: b.tier, artStyle: b.artStyle, personaDna: b.dna }), ...overrides };
}

describe('image prompts', () => {
	it('starts with the art style fragment and carries the scene, palette and character', () => {
		const bot = demo('neon_nomad', {
			characterAnalysis: { appearance: 'A hooded courier with a glowing visor', palette: ['#00f0ff'], distinguishingFeatures: ['glowing visor'], styleNotes: 'neon rim light' }
		});
		const prompt = buildImagePrompt(bot, 'dumplings at 3am 🥟', { hook: 'noodle stall in the rain', mood: 'wry' });
		expect(prompt.startsWith(ART_STYLE_PROFILES.CYBERPUNK.prompt)).toBe(true);
		expect(prompt).toContain('noodle stall in the rain');
		expect(prompt).toContain('glowing visor');
		expect(prompt).toContain('#00f0ff, #ff2bd6, #0b0820');
		expect(prompt).not.toContain('🥟');
		expect(prompt).toMatch(/No text/);
	});

	it('describes an avatar as a portrait in the bot style', () => {
		const prompt = buildAvatarPrompt(demo('petal_prose'));
		expect(prompt.startsWith(ART_STYLE_PROFILES.WATERCOLOR.prompt)).toBe(true);
		expect(prompt).toContain('portrait of Petal Prose');
	});

	it('asks the image model for the tier size and quality with a per-bot seed', async () => {
		const requests: ImageRequest[] = [];
		const image: ImageModel = {
			provider: 'spy',
			model: 'spy',
			async generateImage(request) {
				requests.push(request);
				return { bytes: Buffer.from('x'), contentType: 'image/png', width: request.width, height: request.height, usage: { provider: 'spy', model: 'spy', operation: 'image', images: 1, costUsd: 0 } };
			}
		};
		await generatePostImage(demo('pixel_pete'), 'x', { image }, { seed: 'job' });
		await generatePostImage(demo('neon_nomad'), 'x', { image }, { seed: 'job' });
		expect(requests[0]).toMatchObject({ width: 768, height: 768, steps: 20, style: 'PIXEL_ART', subject: 'post' });
		expect(requests[1]).toMatchObject({ width: 1024, steps: 50, style: 'CYBERPUNK' });
		expect(requests[0].seed).not.toBe(requests[1].seed);
	});
});
