import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { DEMO_BOTS } from '../../../demo/seed.ts';
import { ART_STYLES } from '../../../../schemas/enums.ts';
import { generateCaption } from '../../caption.ts';
import { generateAvatar, generatePostImage } from '../../image.ts';
import { toBotContext, type ArtStyle, type BotContext } from '../../types.ts';
import { LocalImageModel } from './image.ts';
import { LocalTextModel } from './text.ts';
import phash from 'sharp-phash';
import { hammingDistance } from '../../content-report/metrics/index.ts';
import { demoPersonas } from '../../content-report/personas.ts';
import { postImageRequest } from '../../image.ts';
import { imageSubject } from './image.ts';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const providers = { text: new LocalTextModel(), vision: new LocalTextModel(), image: new LocalImageModel() };

function demo(handle: string, overrides: Partial<BotContext> = {}): BotContext {
	const b = DEMO_BOTS.find((d) => d.handle === handle)!;
	return { ...toBotContext({ id: `id_${handle}`, handle: b.handle, name: b.name, bio: b.bio, tier: b.tier, artStyle: b.artStyle, personaDna: b.dna }), ...overrides };
}

/**
 * Rendering with sharp (SVG rasterisation, WebP encoding) takes ~0.3–1.5 s per test on an idle core and
 * several times that on a busy 2-core machine, beyond vitest's 5 s default: these tests get room.
 */
const RENDER_TIMEOUT_MS = 60_000;

const render = (style: ArtStyle, palette: string[], seed = 7, size = 256) =>
	new LocalImageModel().generateImage({ prompt: 'ignored offline', style, palette, seed, width: size, height: size });

describe('local provider determinism', { timeout: RENDER_TIMEOUT_MS }, () => {
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

describe('local images', { timeout: RENDER_TIMEOUT_MS }, () => {
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

describe('local images show the post', { timeout: RENDER_TIMEOUT_MS }, () => {
	const nomad = demoPersonas().find((b) => b.handle === 'neon_nomad')!;

	it("draws the hook's subject, and says what it drew", async () => {
		expect(imageSubject({ scene: 'dumpling at the noodle stall' })).toEqual({ text: 'dumpling', motif: 'bowl' });
		expect(imageSubject({ scene: 'stray cat' })?.motif).toBe('cat');
		expect(imageSubject({ caption: 'Jollof is a love language and I am fluent.' })?.motif).toBe('pot');
		expect(imageSubject({})).toBeNull();
		const image = await new LocalImageModel().generateImage(postImageRequest(nomad, 'the dumpling at the noodle stall glows. stay wired.', { seed: 'd', hook: 'dumpling at the noodle stall', size: 192 }));
		expect(image.depicts).toMatchObject({ subject: 'dumpling', motif: 'bowl' });
	});

	it("draws the character reference's features, in its palette", async () => {
		const image = await new LocalImageModel().generateImage(postImageRequest(nomad, 'the noodle stall at 3am', { seed: 'f', hook: 'noodle stall', size: 192 }));
		expect(image.depicts?.features).toEqual(nomad.characterAnalysis!.distinguishingFeatures);
		const pixels = await sharp(image.bytes).resize(48, 48, { fit: 'fill' }).removeAlpha().raw().toBuffer();
		const cyan = [0, 240, 255];
		let near = false;
		for (let i = 0; i < pixels.length; i += 3) if (Math.hypot(pixels[i] - cyan[0], pixels[i + 1] - cyan[1], pixels[i + 2] - cyan[2]) < 60) near = true;
		expect(near).toBe(true);
	});

	it('makes consecutive posts of a bot look different (perceptual hash)', async () => {
		const hashes: string[] = [];
		for (const [i, hook] of ['noodle stall', 'dumpling at the noodle stall', 'stray cat'].entries()) {
			const image = await new LocalImageModel().generateImage(postImageRequest(nomad, hook, { seed: `seq-${i}`, hook, size: 128 }));
			hashes.push(await phash(image.bytes));
		}
		expect(hammingDistance(hashes[0], hashes[1])).toBeGreaterThan(10);
		expect(hammingDistance(hashes[1], hashes[2])).toBeGreaterThan(10);
	});
});
