import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { analyzeCharacterReference } from '../../image.ts';
import { LocalTextModel } from './text.ts';

const providers = { vision: new LocalTextModel() };

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
