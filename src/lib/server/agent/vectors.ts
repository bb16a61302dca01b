// Embedding vectors as the memory stream stores them: float32, little-endian, L2-normalised, in a
// bytea column (4 bytes per dimension, a quarter of what a float8[] text round trip costs).

/** Bytes for the database. */
export function encodeVector(v: Float32Array): Uint8Array<ArrayBuffer> {
	const out = new Uint8Array(new ArrayBuffer(v.length * 4));
	const view = new DataView(out.buffer);
	for (let i = 0; i < v.length; i++) view.setFloat32(i * 4, v[i], true);
	return out;
}

/** The vector stored in `bytes` (a copy: the buffer may be reused by the driver). */
export function decodeVector(bytes: Uint8Array): Float32Array {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const out = new Float32Array(bytes.byteLength >>> 2);
	for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
	return out;
}

/**
 * Cosine similarity of two vectors. For the L2-normalised vectors every embedding model here
 * returns it is their dot product; vectors of different lengths (different models) are unrelated: 0.
 */
export function cosine(a: Float32Array, b: Float32Array): number {
	if (a.length !== b.length || a.length === 0) return 0;
	let dot = 0;
	let na = 0;
	let nb = 0;
	for (let i = 0; i < a.length; i++) {
		dot += a[i] * b[i];
		na += a[i] * a[i];
		nb += b[i] * b[i];
	}
	return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}
