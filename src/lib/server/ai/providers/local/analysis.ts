// Reference image analysis offline: measured colours and composition. It cannot recognise a
// subject, and says so, but the palette and contrast it extracts keep later renders consistent.
import sharp, { type Metadata, type Stats } from 'sharp';
import type { CharacterAnalysis } from '../../types.ts';
import { ProviderError } from '../types.ts';
import { colourName, hexToHsl, rgbToHex } from './colour.ts';
import { LOCAL_PROVIDER } from './shared.ts';

export async function analyzeImage(bytes: Buffer): Promise<CharacterAnalysis> {
	let meta: Metadata;
	let stats: Stats;
	let pixels: Buffer;
	try {
		const image = sharp(bytes, { failOn: 'error' });
		meta = await image.metadata();
		stats = await image.stats();
		pixels = await sharp(bytes).flatten({ background: '#ffffff' }).resize(8, 8, { fit: 'cover' }).removeAlpha().raw().toBuffer();
	} catch (error) {
		throw new ProviderError(`The reference image could not be decoded: ${(error as Error).message}`, { provider: LOCAL_PROVIDER, kind: 'bad_request', retryable: false, cause: error });
	}
	const palette = dominantColours(pixels, 5);
	const { r, g, b } = stats.dominant;
	const dominant = rgbToHex(r, g, b);
	const luminance = stats.channels.slice(0, 3).reduce((sum, c, i) => sum + c.mean * [0.2126, 0.7152, 0.0722][i], 0) / 255;
	const contrast = stats.channels.slice(0, 3).reduce((sum, c) => sum + c.stdev, 0) / 3 / 255;
	const warm = palette.filter((hex) => {
		const [h, s] = hexToHsl(hex);
		return s > 0.15 && (h < 70 || h > 320);
	}).length;
	const cool = palette.filter((hex) => {
		const [h, s] = hexToHsl(hex);
		return s > 0.15 && h >= 150 && h <= 290;
	}).length;
	const width = meta.width ?? 0;
	const height = meta.pageHeight ?? meta.height ?? 0;
	const orientation = width === height ? 'square' : width > height ? 'landscape' : 'portrait';
	const brightness = luminance < 0.3 ? 'dark' : luminance > 0.7 ? 'bright' : 'mid-toned';
	const contrastWord = contrast < 0.12 ? 'low' : contrast > 0.28 ? 'high' : 'moderate';
	const detail = stats.entropy < 4 ? 'flat, graphic' : stats.entropy > 6.5 ? 'richly textured' : 'moderately detailed';
	const temperature = warm > cool ? 'warm' : cool > warm ? 'cool' : 'neutral';
	const accents = [...new Set(palette.slice(1, 3).map(colourName))].filter((name) => name !== colourName(dominant));
	const features = [
		`dominant ${colourName(dominant)} (${dominant})`,
		`${contrastWord} contrast`,
		`${temperature} palette`,
		`${detail} surfaces`,
		...(stats.isOpaque ? [] : ['cut-out subject on a transparent background'])
	];
	return {
		appearance: `A ${brightness} ${orientation} reference (${width}×${height}) dominated by ${colourName(dominant)} tones${accents.length > 0 ? `, with ${accents.join(' and ')} accents` : ''}. Measured offline: colours and composition only, no subject recognition.`,
		palette,
		distinguishingFeatures: features,
		styleNotes: `Keep the ${temperature} palette (${palette.join(', ')}), ${contrastWord} contrast and ${detail} rendering.`
	};
}

/** The most common colours of a tiny thumbnail, merged when they are close. */
function dominantColours(rgb: Buffer, limit: number): string[] {
	const counts = new Map<string, { n: number; r: number; g: number; b: number }>();
	for (let i = 0; i + 2 < rgb.length; i += 3) {
		const key = `${rgb[i] >> 5}-${rgb[i + 1] >> 5}-${rgb[i + 2] >> 5}`;
		const entry = counts.get(key) ?? { n: 0, r: 0, g: 0, b: 0 };
		entry.n++;
		entry.r += rgb[i];
		entry.g += rgb[i + 1];
		entry.b += rgb[i + 2];
		counts.set(key, entry);
	}
	const colours = [...counts.values()].sort((a, b) => b.n - a.n).map((e) => [e.r / e.n, e.g / e.n, e.b / e.n] as const);
	const chosen: Array<readonly [number, number, number]> = [];
	for (const c of colours) {
		if (chosen.every((o) => Math.hypot(o[0] - c[0], o[1] - c[1], o[2] - c[2]) > 40)) chosen.push(c);
		if (chosen.length === limit) break;
	}
	return chosen.map(([r, g, b]) => rgbToHex(r, g, b));
}
