// What a stored media file is called, whatever holds it. Names are content-addressed:
// `<yyyy>/<mm>/<sha256 hex>.<ext>` is the key in the store (a path under the media folder, or an
// object key under the bucket's prefix), and `/media/<key>` is the URL the app serves it under.
// The same bytes stored twice in a month are one file.

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
	/** True when the name was valid but nothing is stored under it (a 404, not a 400). */
	readonly notFound: boolean;
	constructor(message: string, options: { notFound?: boolean; cause?: unknown } = {}) {
		super(message, options.cause === undefined ? undefined : { cause: options.cause });
		this.notFound = options.notFound ?? false;
	}
}

/** The file extension for a MIME type (parameters ignored); MediaError for types we do not store. */
export function extensionForContentType(contentType: string): string {
	const ext = EXTENSION_BY_TYPE[contentType.split(';')[0].trim().toLowerCase()];
	if (!ext) throw new MediaError(`Unsupported media type "${contentType}"`);
	return ext;
}

/** The MIME type of a stored name by its extension, or null for extensions we do not store. */
export function contentTypeForPath(path: string): string | null {
	const match = /\.([a-z0-9]+)$/i.exec(path);
	return match ? (TYPE_BY_EXTENSION[match[1].toLowerCase()] ?? null) : null;
}

/** The key for bytes with this SHA-256 (hex) and extension stored at `now` (UTC month). */
export function mediaKey(sha256: string, ext: string, now: Date): string {
	const yyyy = String(now.getUTCFullYear());
	const mm = String(now.getUTCMonth() + 1).padStart(2, '0');
	return `${yyyy}/${mm}/${sha256}.${ext}`;
}

// What storeMedia writes: /media/<yyyy>/<mm>/<sha256 hex>.<known extension>.
const MEDIA_URL_PATTERN = new RegExp(`^/media/\\d{4}/\\d{2}/[0-9a-f]{64}\\.(?:${Object.keys(TYPE_BY_EXTENSION).join('|')})$`);

/**
 * True for a URL of the exact shape storeMedia produces. The media route answers 404 for anything
 * else before touching any store (a 300-character name, odd segments, encoded slashes…).
 */
export function isMediaUrl(url: string): boolean {
	return url.length <= 100 && MEDIA_URL_PATTERN.test(url);
}

/**
 * The store key for a public URL (`/media/...`) or a key given as is. Anything that could
 * leave the media folder or bucket prefix (`..`, absolute paths, hidden or odd segments,
 * backslashes, NUL) or has an extension we do not store is refused with a MediaError.
 */
export function mediaKeyFromUrl(urlOrKey: string): string {
	let key = urlOrKey;
	if (key.startsWith(MEDIA_URL_PREFIX)) key = key.slice(MEDIA_URL_PREFIX.length);
	try {
		key = decodeURIComponent(key);
	} catch {
		throw new MediaError('Malformed media path');
	}
	const segments = key.split('/');
	const safe = segments.length > 0 && segments.every((s) => /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(s) && !s.includes('..'));
	if (!safe || key.includes('\\') || key.includes('\0')) throw new MediaError(`Invalid media path "${urlOrKey}"`);
	if (!contentTypeForPath(key)) throw new MediaError(`Unsupported media file "${urlOrKey}"`);
	return key;
}

/** The canonical MIME type for an extension we store (e.g. `jpeg` → image/jpeg). */
export function contentTypeForExtension(ext: string): string {
	const type = TYPE_BY_EXTENSION[ext.toLowerCase()];
	if (!type) throw new MediaError(`Unsupported media extension "${ext}"`);
	return type;
}
