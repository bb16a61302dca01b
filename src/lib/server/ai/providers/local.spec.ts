import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { DEMO_BOTS } from '../../demo/seed.ts';
import { ART_STYLES } from '../../../schemas/enums.ts';
import { generateCaption } from '../caption.ts';
import { analyzeCharacterReference, generateAvatar, generatePostImage } from '../image.ts';
import { toBotContext, type ArtStyle, type BotContext } from '../types.ts';
import { LocalImageModel, LocalModerator, LocalTextModel, LocalVideoModel, scoreText } from './local.ts';
import { MODERATION_CATEGORIES } from './types.ts';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const providers = { text: new LocalTextModel(), vision: new LocalTextModel(), image: new LocalImageModel() };

function demo(handle: string, overrides: Partial<BotContext> = {}): BotContext {
	const b = DEMO_BOTS.find((d) => d.handle === handle)!;
	return { ...toBotContext({ id: `id_${handle}`, handle: b.handle, name: b.name, bio: b.bio, tier: b.tier, artStyle: b.artStyle, personaDna: b.dna }), ...overrides };
}

const render = (style: ArtStyle, palette: string[], seed = 7, size = 256) =>
	new LocalImageModel().generateImage({ prompt: 'ignored offline', style, palette, seed, width: size, height: size });

describe('local provider determinism', () => {
	it('gives the same caption and the same image bytes for the same bot and seed', async () => {
		const bot = demo('chef_orbit');
		const a = await generateCaption(bot, providers, { postType: 'IMAGE', seed: 'job-1' });
		const b = await generateCaption(bot, providers, { postType: 'IMAGE', seed: 'job-1' });
		expect(b.caption).toBe(a.caption);
		const imgA = await generatePostImage(bot, a.caption, providers, { seed: 'job-1' });
		const imgB = await generatePostImage(bot, a.caption, providers, { seed: 'job-1' });
		expect(sha(imgB.bytes)).toBe(sha(imgA.bytes));
	});

	it('gives different bots different captions and images for the same seed', async () => {
		const nomad = demo('neon_nomad', { tier: 'SPARK' });
		const vera = demo('vapor_vera', { tier: 'SPARK' });
		const [c1, c2] = await Promise.all([generateCaption(nomad, providers, { postType: 'TEXT', seed: 's' }), generateCaption(vera, providers, { postType: 'TEXT', seed: 's' })]);
		expect(c1.caption).not.toBe(c2.caption);
		const [i1, i2] = await Promise.all([generatePostImage(nomad, 'x', providers, { seed: 's' }), generatePostImage(vera, 'x', providers, { seed: 's' })]);
		expect(sha(i1.bytes)).not.toBe(sha(i2.bytes));
	});

	it('changes the image when the seed changes', async () => {
		const a = await render('CYBERPUNK', ['#00f0ff', '#ff2bd6', '#0b0820'], 1);
		const b = await render('CYBERPUNK', ['#00f0ff', '#ff2bd6', '#0b0820'], 2);
		expect(sha(a.bytes)).not.toBe(sha(b.bytes));
	});
});

describe('local images', () => {
	it('renders a real, decodable image of the tier size', async () => {
		const img = await generatePostImage(demo('petal_prose'), 'tea and sparrows', providers, { seed: 'size' });
		const meta = await sharp(img.bytes).metadata();
		expect(meta.format).toBe('webp');
		expect([meta.width, meta.height]).toEqual([768, 768]);
		expect(img.contentType).toBe('image/webp');
		const nova = await generatePostImage(demo('chef_orbit'), 'jollof', providers, { seed: 'size' });
		expect((await sharp(nova.bytes).metadata()).width).toBe(1024);
	});

	it('renders every art style, each looking different', async () => {
		const hashes = new Set<string>();
		for (const style of ART_STYLES) {
			const img = await render(style, ['#e85d04', '#ffba08', '#370617']);
			const meta = await sharp(img.bytes).metadata();
			expect(meta.width, style).toBe(256);
			expect((await sharp(img.bytes).stats()).entropy, style).toBeGreaterThan(0.2);
			hashes.add(sha(img.bytes));
		}
		expect(hashes.size).toBe(ART_STYLES.length);
	});

	it('follows the palette: a red palette renders redder than a blue one', async () => {
		const red = await sharp((await render('REALISTIC', ['#ff2020', '#c01010', '#400000'])).bytes).stats();
		const blue = await sharp((await render('REALISTIC', ['#2040ff', '#1020c0', '#000040'])).bytes).stats();
		expect(red.channels[0].mean).toBeGreaterThan(red.channels[2].mean);
		expect(blue.channels[2].mean).toBeGreaterThan(blue.channels[0].mean);
	});

	it('draws pixel art as hard-edged blocks with a small palette, saved losslessly', async () => {
		const img = await render('PIXEL_ART', ['#2b2d42', '#ef233c', '#8ecae6'], 3, 480);
		expect(img.contentType).toBe('image/png');
		const { data, info } = await sharp(img.bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
		const colours = new Set<number>();
		for (let i = 0; i < data.length; i += 3) colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
		expect(colours.size).toBeLessThanOrEqual(16);
		// 480 px / 48 cells = 10 px blocks: the top-left block is a single colour.
		const at = (x: number, y: number) => data.readUIntBE((y * info.width + x) * 3, 3);
		for (let y = 0; y < 10; y++) for (let x = 0; x < 10; x++) expect(at(x, y)).toBe(at(0, 0));
	});

	it('draws an avatar that differs from a post image of the same bot', async () => {
		const bot = demo('comic_kai');
		const avatar = await generateAvatar(bot, providers, { seed: 'a' });
		const post = await generatePostImage(bot, 'x', providers, { seed: 'a' });
		expect((await sharp(avatar.bytes).metadata()).width).toBe(512);
		expect(sha(avatar.bytes)).not.toBe(sha(post.bytes));
	});
});

describe('local video', () => {
	it('makes a looping animated WebP of 12–24 frames lasting the requested time', async () => {
		const still = await render('VAPORWAVE', ['#ff71ce', '#01cdfe', '#b967ff'], 5, 512);
		const clip = await new LocalVideoModel().imageToVideo({ image: { bytes: still.bytes, contentType: still.contentType }, prompt: 'drift', durationSeconds: 5, seed: 9 });
		const meta = await sharp(clip.bytes, { animated: true }).metadata();
		expect(meta.format).toBe('webp');
		expect(meta.pages).toBeGreaterThanOrEqual(12);
		expect(meta.pages).toBeLessThanOrEqual(24);
		const total = (meta.delay ?? []).reduce((s, d) => s + d, 0);
		expect(total).toBeGreaterThan(4500);
		expect(total).toBeLessThan(5500);
		expect(clip.durationSeconds).toBeCloseTo(total / 1000, 1);
		expect(clip.usage).toMatchObject({ provider: 'local', operation: 'video', costUsd: 0 });
	});

	it('animates: the first and last frames differ', async () => {
		const still = await render('COMIC', ['#ffd60a', '#003566', '#e63946'], 5, 512);
		const clip = await new LocalVideoModel().imageToVideo({ image: { bytes: still.bytes }, prompt: 'zoom', durationSeconds: 5, seed: 1 });
		const meta = await sharp(clip.bytes, { animated: true }).metadata();
		const frame = (page: number) => sharp(clip.bytes, { page }).raw().toBuffer();
		expect(sha(await frame(0))).not.toBe(sha(await frame((meta.pages ?? 1) - 1)));
	});

	it('refuses a source it cannot read locally, with a non-retryable error', async () => {
		await expect(new LocalVideoModel().imageToVideo({ image: { url: 'https://example.invalid/a.png' }, prompt: 'x', durationSeconds: 5, seed: 1 })).rejects.toMatchObject({ retryable: false, kind: 'bad_request' });
	});
});

describe('local character analysis', () => {
	it('measures the palette of a reference image', async () => {
		const half = (colour: string) => sharp({ create: { width: 100, height: 200, channels: 3, background: colour } }).png().toBuffer();
		const image = await sharp({ create: { width: 200, height: 200, channels: 3, background: '#000000' } })
			.composite([
				{ input: await half('#e01010'), left: 0, top: 0 },
				{ input: await half('#1030e0'), left: 100, top: 0 }
			])
			.png()
			.toBuffer();
		const { analysis, usage } = await analyzeCharacterReference(image, providers);
		const hues = analysis.palette.map((hex) => {
			const v = parseInt(hex.slice(1), 16);
			return { r: v >> 16, b: v & 255 };
		});
		expect(hues.some((c) => c.r > 180 && c.b < 60)).toBe(true);
		expect(hues.some((c) => c.b > 180 && c.r < 60)).toBe(true);
		expect(analysis.appearance).toMatch(/square/);
		expect(usage.operation).toBe('vision');
	});

	it('rejects bytes that are not an image', async () => {
		await expect(analyzeCharacterReference(Buffer.from('not an image'), providers)).rejects.toThrow(/not a readable image/);
	});
});

describe('local moderator', () => {
	it('scores every category and flags clear violations', async () => {
		const result = await new LocalModerator().moderate({ text: 'i will kill you' });
		expect(Object.keys(result.scores).sort()).toEqual([...MODERATION_CATEGORIES].sort());
		expect(result.scores['harassment/threatening']).toBeGreaterThan(0.8);
		expect(result.flagged).toBe(true);
		expect(result.imageChecked).toBe(false);
	});

	it('scores sexual content about minors as such', () => {
		expect(scoreText('nude pics of a 15 year old')['sexual/minors']).toBeGreaterThan(0.9);
		expect(scoreText('my kid drew a dinosaur')['sexual/minors']).toBe(0);
	});
});
