import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MediaError, contentTypeForPath, readMedia, resolveMediaPath, storeMedia } from './index.ts';

const root = () => mkdtempSync(join(tmpdir(), 'rudo-media-'));

describe('media storage', () => {
	it('stores bytes content-addressed under yyyy/mm and reads them back with their type', async () => {
		const dir = root();
		const bytes = Buffer.from('fake png bytes');
		const stored = await storeMedia(bytes, 'image/png', { root: dir, now: new Date('2025-03-09T12:00:00Z') });
		expect(stored.url).toMatch(/^\/media\/2025\/03\/[0-9a-f]{64}\.png$/);
		const file = await readMedia(stored.url, { root: dir });
		expect(file.bytes.equals(bytes)).toBe(true);
		expect(file.contentType).toBe('image/png');
	});

	it('stores identical bytes once and leaves no temp files behind', async () => {
		const dir = root();
		const a = await storeMedia(Buffer.from('same'), 'image/webp', { root: dir, now: new Date('2025-01-01T00:00:00Z') });
		const b = await storeMedia(Buffer.from('same'), 'image/webp', { root: dir, now: new Date('2025-01-01T00:00:00Z') });
		expect(b.url).toBe(a.url);
		expect(readdirSync(join(dir, '2025', '01'))).toEqual([`${a.sha256}.webp`]);
	});

	it('refuses unknown media types and empty files', async () => {
		await expect(storeMedia(Buffer.from('x'), 'text/html', { root: root() })).rejects.toThrow(MediaError);
		await expect(storeMedia(Buffer.alloc(0), 'image/png', { root: root() })).rejects.toThrow(/empty/);
	});

	it('rejects path traversal and odd paths', () => {
		const dir = root();
		for (const bad of ['/media/../secret.png', '/media/2025/../../etc/passwd', '../x.png', '/media/2025/%2e%2e/x.png', '/media/.hidden.png', '/media/2025\\01\\x.png', '/media/2025/01/x.txt']) {
			expect(() => resolveMediaPath(bad, { root: dir }), bad).toThrow(MediaError);
		}
		expect(resolveMediaPath('/media/2025/01/abc.webp', { root: dir })).toBe(join(dir, '2025', '01', 'abc.webp'));
	});

	it('reports a missing file as not found', async () => {
		await expect(readMedia('/media/2025/01/missing.png', { root: root() })).rejects.toMatchObject({ notFound: true });
	});

	it('knows the content type of each stored extension', () => {
		expect(contentTypeForPath('a/b.webp')).toBe('image/webp');
		expect(contentTypeForPath('a/b.mp4')).toBe('video/mp4');
		expect(contentTypeForPath('a/b.exe')).toBeNull();
	});
});
