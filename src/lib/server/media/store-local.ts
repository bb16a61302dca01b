// Media on this machine's disk, under `<RUDO_DATA_DIR>/media` (the default store). Fine for one
// machine; web servers and workers on several machines need the S3 store (store-s3.ts).
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { env } from '../env.ts';
import { MediaError, mediaKeyFromUrl } from './names.ts';
import type { MediaStore } from './store.ts';

/** The media folder: `root` if given, else `${RUDO_DATA_DIR}/media`, absolute. */
export function mediaRoot(options: { root?: string } = {}): string {
	return resolve(options.root ?? join(env().RUDO_DATA_DIR, 'media'));
}

/**
 * The file for a public URL (`/media/...`) or a key, inside the media folder. Anything else
 * (`..`, absolute paths, hidden or odd segments, unknown extensions) is a MediaError.
 */
export function resolveMediaPath(urlOrKey: string, options: { root?: string } = {}): string {
	const key = mediaKeyFromUrl(urlOrKey);
	const root = mediaRoot(options);
	const full = resolve(root, ...key.split('/'));
	// mediaKeyFromUrl already refuses `..`; this is the last word on staying inside the folder.
	if (!full.startsWith(root + sep)) throw new MediaError(`Invalid media path "${urlOrKey}"`);
	return full;
}

export class LocalMediaStore implements MediaStore {
	readonly kind = 'local' as const;
	/** An absolute folder; see mediaRoot(). */
	readonly root: string;

	constructor(root: string = mediaRoot()) {
		this.root = resolve(root);
	}

	locate(key: string): string {
		return resolveMediaPath(key, { root: this.root });
	}

	/** Temp file + rename, so readers never see a partial file; skipped when the same-size file exists. */
	async put(key: string, bytes: Buffer): Promise<void> {
		const path = this.locate(key);
		const existing = await stat(path).catch(() => null);
		if (existing && existing.size === bytes.length) return;
		const dir = dirname(path);
		await mkdir(dir, { recursive: true });
		const temp = join(dir, `.${randomBytes(6).toString('hex')}.tmp`);
		try {
			await writeFile(temp, bytes);
			await rename(temp, path);
		} catch (error) {
			await unlink(temp).catch(() => undefined);
			throw error;
		}
	}

	async get(key: string): Promise<Buffer | null> {
		try {
			return await readFile(this.locate(key));
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
			throw error;
		}
	}
}
