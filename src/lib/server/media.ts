// Generated media on local disk, content-addressed: `<data dir>/media/<yyyy>/<mm>/<sha256>.<ext>`,
// served by the app under `/media/<yyyy>/<mm>/<sha256>.<ext>`. The same bytes stored twice in a
// month are one file, and a retried job that re-renders identical media writes nothing new.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { env } from './env.ts';

export const MEDIA_URL_PREFIX = '/media/';

const EXTENSION_BY_TYPE: Record<string, string> = {
	'image/png': 'png',
	'image/webp': 'webp',
	'image/jpeg': 'jpg',
	'image/gif': 'gif',
	'video/mp4': 'mp4',
	'video/webm': 'webm',
	'video/quicktime': 'mov'
};

const TYPE_BY_EXTENSION: Record<string, string> = {
	png: 'image/png',
	webp: 'image/webp',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	gif: 'image/gif',
	mp4: 'video/mp4',
	webm: 'video/webm',
	mov: 'video/quicktime'
};

export class MediaError extends Error {
	override name = 'MediaError';
	/** True when the path was valid but no such file exists (a 404, not a 400). */
	readonly notFound: boolean;
	constructor(message: string, options: { notFound?: boolean } = {}) {
		super(message);
		this.notFound = options.notFound ?? false;
	}
}

export interface StoredMedia {
	/** Public URL, e.g. /media/2025/03/ab12….webp */
	url: string;
	/** Absolute path on disk. */
	path: string;
	sha256: string;
	size: number;
	contentType: string;
}

export interface MediaOptions {
	/** Defaults to `${RUDO_DATA_DIR}/media`. */
	root?: string;
}

export function mediaRoot(options: MediaOptions = {}): string {
	return resolve(options.root ?? join(env().RUDO_DATA_DIR, 'media'));
}

export function extensionForContentType(contentType: string): string {
	const ext = EXTENSION_BY_TYPE[contentType.split(';')[0].trim().toLowerCase()];
	if (!ext) throw new MediaError(`Unsupported media type "${contentType}"`);
	return ext;
}

export function contentTypeForPath(path: string): string | null {
	const match = /\.([a-z0-9]+)$/i.exec(path);
	return match ? (TYPE_BY_EXTENSION[match[1].toLowerCase()] ?? null) : null;
}

/** Writes bytes (temp file + rename, so readers never see a partial file) and returns the public URL. */
export async function storeMedia(bytes: Buffer, contentType: string, options: MediaOptions & { now?: Date } = {}): Promise<StoredMedia> {
	if (bytes.length === 0) throw new MediaError('Refusing to store empty media');
	const ext = extensionForContentType(contentType);
	const sha256 = createHash('sha256').update(bytes).digest('hex');
	const now = options.now ?? new Date();
	const yyyy = String(now.getUTCFullYear());
	const mm = String(now.getUTCMonth() + 1).padStart(2, '0');
	const relative = `${yyyy}/${mm}/${sha256}.${ext}`;
	const root = mediaRoot(options);
	const dir = join(root, yyyy, mm);
	const path = join(dir, `${sha256}.${ext}`);

	const existing = await stat(path).catch(() => null);
	if (!existing || existing.size !== bytes.length) {
		await mkdir(dir, { recursive: true });
		const temp = join(dir, `.${sha256}.${randomBytes(6).toString('hex')}.tmp`);
		try {
			await writeFile(temp, bytes);
			await rename(temp, path);
		} catch (error) {
			await unlink(temp).catch(() => undefined);
			throw error;
		}
	}
	return { url: `${MEDIA_URL_PREFIX}${relative}`, path, sha256, size: bytes.length, contentType: TYPE_BY_EXTENSION[ext] };
}

// What storeMedia writes: /media/<yyyy>/<mm>/<sha256 hex>.<known extension>.
const MEDIA_URL_PATTERN = new RegExp(`^/media/\\d{4}/\\d{2}/[0-9a-f]{64}\\.(?:${Object.keys(TYPE_BY_EXTENSION).join('|')})$`);

/**
 * True for a URL of the exact shape storeMedia produces. The media route answers 404 for anything
 * else before touching the disk (a 300-character name, odd segments, encoded slashes…).
 */
export function isMediaUrl(url: string): boolean {
	return url.length <= 100 && MEDIA_URL_PATTERN.test(url);
}

/**
 * Resolves a public URL (`/media/...`) or a path relative to the media root to a file inside the
 * root. Anything else (`..`, absolute paths, hidden or odd segments, unknown extensions) is refused.
 */
export function resolveMediaPath(urlOrPath: string, options: MediaOptions = {}): string {
	let relative = urlOrPath;
	if (relative.startsWith(MEDIA_URL_PREFIX)) relative = relative.slice(MEDIA_URL_PREFIX.length);
	try {
		relative = decodeURIComponent(relative);
	} catch {
		throw new MediaError('Malformed media path');
	}
	const segments = relative.split('/');
	const safe = segments.length > 0 && segments.every((s) => /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(s) && !s.includes('..'));
	if (!safe || relative.includes('\\') || relative.includes('\0')) throw new MediaError(`Invalid media path "${urlOrPath}"`);
	if (!contentTypeForPath(relative)) throw new MediaError(`Unsupported media file "${urlOrPath}"`);
	const root = mediaRoot(options);
	const full = resolve(root, ...segments);
	if (!full.startsWith(root + sep)) throw new MediaError(`Invalid media path "${urlOrPath}"`);
	return full;
}

export interface MediaFile {
	bytes: Buffer;
	contentType: string;
	size: number;
	path: string;
}

/** Reads a stored file; a missing file is a MediaError with `notFound` set (the route answers 404). */
export async function readMedia(urlOrPath: string, options: MediaOptions = {}): Promise<MediaFile> {
	const path = resolveMediaPath(urlOrPath, options);
	try {
		const bytes = await readFile(path);
		return { bytes, contentType: contentTypeForPath(path) ?? 'application/octet-stream', size: bytes.length, path };
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
			throw new MediaError(`Media not found: ${urlOrPath}`, { notFound: true });
		}
		throw error;
	}
}
