import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { ArtStyle } from '../../types.ts';
import { LocalImageModel } from './image.ts';
import { LocalVideoModel } from './video.ts';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * Rendering with sharp (SVG rasterisation, WebP encoding) takes ~0.3–1.5 s per test on an idle core and
 * several times that on a busy 2-core machine, beyond vitest's 5 s default: these tests get room.
 */
const RENDER_TIMEOUT_MS = 60_000;

const render = (style: ArtStyle, palette: string[], seed = 7, size = 256) =>
	new LocalImageModel().generateImage({ prompt: 'ignored offline', style, palette, seed, width: size, height: size });

describe('local video', { timeout: RENDER_TIMEOUT_MS }, () => {
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
