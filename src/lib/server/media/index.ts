// Generated media (images, clips, avatars, character references), content-addressed: bytes are
// stored under `<yyyy>/<mm>/<sha256>.<ext>` and served by the app under `/media/<that key>`.
// Where they are stored is MEDIA_STORE's choice: `local` (the default, `<RUDO_DATA_DIR>/media`)
// or `s3` (a bucket, so that web servers and workers on several machines share it). Callers only
// see storeMedia / readMedia and URLs; which store holds the bytes is this folder's business.
import { createHash } from 'node:crypto';
import { env } from '../env.ts';
import { contentTypeForExtension, contentTypeForPath, extensionForContentType, MediaError, MEDIA_URL_PREFIX, mediaKey, mediaKeyFromUrl } from './names.ts';
import { LocalMediaStore } from './store-local.ts';
import { S3MediaStore } from './store-s3.ts';
import type { MediaStore } from './store.ts';

export { contentTypeForPath, extensionForContentType, isMediaUrl, MediaError, MEDIA_URL_PREFIX, mediaKeyFromUrl } from './names.ts';
export { LocalMediaStore, mediaRoot, resolveMediaPath } from './store-local.ts';
export { S3MediaStore, type S3MediaStoreOptions } from './store-s3.ts';
export type { MediaStore } from './store.ts';

export interface MediaOptions {
	/** The store to use (default: the configured one, mediaStore()). */
	store?: MediaStore;
	/** Shorthand for a LocalMediaStore on this folder (tests). */
	root?: string;
}

// One S3 client per configuration for the process (it keeps its connections alive); the local
// store is made per call because it is only a folder name, and tests change RUDO_DATA_DIR.
let s3Store: { config: string; store: S3MediaStore } | undefined;

/** The store MEDIA_STORE selects (validated in env.ts: `s3` needs MEDIA_S3_BUCKET). */
export function mediaStore(): MediaStore {
	const config = env();
	if (config.MEDIA_STORE !== 's3') return new LocalMediaStore();
	const options = {
		bucket: config.MEDIA_S3_BUCKET!,
		prefix: config.MEDIA_S3_PREFIX,
		region: config.MEDIA_S3_REGION ?? process.env.AWS_REGION ?? undefined,
		endpoint: config.MEDIA_S3_ENDPOINT,
		// Self-hosted servers (a custom endpoint) nearly always need path-style URLs.
		forcePathStyle: config.MEDIA_S3_FORCE_PATH_STYLE ?? config.MEDIA_S3_ENDPOINT !== undefined
	};
	const key = JSON.stringify(options);
	if (s3Store?.config !== key) s3Store = { config: key, store: new S3MediaStore(options) };
	return s3Store.store;
}

function storeFor(options: MediaOptions): MediaStore {
	return options.store ?? (options.root !== undefined ? new LocalMediaStore(options.root) : mediaStore());
}

export interface StoredMedia {
	/** Public URL, e.g. /media/2025/03/ab12….webp */
	url: string;
	/** The store key, e.g. 2025/03/ab12….webp */
	key: string;
	/** Where it is: an absolute file path (local) or `s3://bucket/key`. */
	path: string;
	sha256: string;
	/** Bytes. */
	size: number;
	contentType: string;
}

/**
 * Stores bytes of a supported image or video type and returns the public URL. Readers never see
 * a partial file. MediaError for an empty buffer or an unsupported type; a failing store rejects.
 */
export async function storeMedia(bytes: Buffer, contentType: string, options: MediaOptions & { now?: Date } = {}): Promise<StoredMedia> {
	if (bytes.length === 0) throw new MediaError('Refusing to store empty media');
	const ext = extensionForContentType(contentType);
	const sha256 = createHash('sha256').update(bytes).digest('hex');
	const key = mediaKey(sha256, ext, options.now ?? new Date());
	const store = storeFor(options);
	const type = contentTypeForExtension(ext);
	await store.put(key, bytes, type);
	return { url: `${MEDIA_URL_PREFIX}${key}`, key, path: store.locate(key), sha256, size: bytes.length, contentType: type };
}

export interface MediaFile {
	bytes: Buffer;
	contentType: string;
	size: number;
	/** Where it was read from: an absolute file path (local) or `s3://bucket/key`. */
	path: string;
}

/**
 * Reads a stored file by public URL or key. An invalid name is a MediaError; a missing file is
 * a MediaError with `notFound` set (the route answers 404 for both).
 */
export async function readMedia(urlOrKey: string, options: MediaOptions = {}): Promise<MediaFile> {
	const key = mediaKeyFromUrl(urlOrKey);
	const store = storeFor(options);
	const bytes = await store.get(key);
	if (!bytes) throw new MediaError(`Media not found: ${urlOrKey}`, { notFound: true });
	return { bytes, contentType: contentTypeForPath(key) ?? 'application/octet-stream', size: bytes.length, path: store.locate(key) };
}
