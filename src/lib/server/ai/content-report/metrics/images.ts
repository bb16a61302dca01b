// Content report measures: images (see index.ts).

/** Hamming distance of two 64-bit perceptual hashes given as '0'/'1' strings. */
export function hammingDistance(a: string, b: string): number {
	let d = 0;
	for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) d++;
	return d + Math.abs(a.length - b.length);
}

/**
 * Which palette colours appear in an image: a colour appears when some pixel of a small thumbnail
 * lies within `tolerance` (Euclidean RGB distance) of it. `pixels` is raw RGB.
 */
export function paletteCoverage(pixels: Uint8Array | Buffer, palette: readonly string[], tolerance = 60): number {
	if (palette.length === 0) return 1;
	let found = 0;
	for (const hex of palette) {
		const v = parseInt(hex.slice(1), 16);
		const [r, g, b] = [(v >> 16) & 255, (v >> 8) & 255, v & 255];
		for (let i = 0; i + 2 < pixels.length; i += 3) {
			if (Math.hypot(pixels[i] - r, pixels[i + 1] - g, pixels[i + 2] - b) <= tolerance) {
				found++;
				break;
			}
		}
	}
	return found / palette.length;
}
