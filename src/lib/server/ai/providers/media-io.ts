// Moving media between providers and Rudo: data: URLs for inline uploads, downloading a provider's
// output (URLs expire) with a timeout and size cap, and reading a video's source image.
import type { VideoImageInput } from './types.ts';
import { ProviderError } from './errors.ts';
import { readMedia } from '../../media/index.ts';

/** `data:` URL for bytes, for providers that accept inline images (OpenAI, Runway). */
export function toDataUrl(bytes: Buffer, contentType: string): string {
	return `data:${contentType};base64,${bytes.toString('base64')}`;
}

/**
 * Downloads a provider's output file (URLs expire, so results are always fetched right away), with
 * a timeout and a size cap. Failures are retryable: the file exists, the transfer did not work.
 */
export async function downloadMedia(
	url: string,
	details: { provider: string; model: string; timeoutMs?: number; maxBytes?: number; signal?: AbortSignal; fetch?: typeof fetch }
): Promise<{ bytes: Buffer; contentType: string | null }> {
	const timeout = AbortSignal.timeout(details.timeoutMs ?? 120_000);
	const signal = details.signal ? AbortSignal.any([details.signal, timeout]) : timeout;
	const maxBytes = details.maxBytes ?? 200 * 1024 * 1024;
	const base = { provider: details.provider, model: details.model };
	let response: Response;
	try {
		response = await (details.fetch ?? fetch)(url, { signal });
	} catch (error) {
		const timedOut = (error as Error)?.name === 'TimeoutError';
		throw new ProviderError(`Downloading ${details.provider} output ${timedOut ? 'timed out' : `failed: ${(error as Error).message}`}`, { ...base, kind: timedOut ? 'timeout' : 'network', retryable: true, cause: error });
	}
	if (!response.ok) {
		throw new ProviderError(`Downloading ${details.provider} output failed: HTTP ${response.status}`, { ...base, kind: response.status >= 500 || response.status === 429 ? 'server' : 'job_failed', retryable: true, status: response.status });
	}
	if (Number(response.headers.get('content-length') ?? 0) > maxBytes) {
		throw new ProviderError(`${details.provider} output is larger than ${maxBytes} bytes`, { ...base, kind: 'bad_request', retryable: false });
	}
	const bytes = Buffer.from(await response.arrayBuffer());
	if (bytes.length === 0) throw new ProviderError(`${details.provider} output at ${url} is empty`, { ...base, kind: 'job_failed', retryable: true });
	if (bytes.length > maxBytes) throw new ProviderError(`${details.provider} output is larger than ${maxBytes} bytes`, { ...base, kind: 'bad_request', retryable: false });
	return { bytes, contentType: response.headers.get('content-type')?.split(';')[0].trim() || null };
}

/** Best guess of a media type from a URL's extension, for servers that send application/octet-stream. */
export function contentTypeFromUrl(url: string): string | null {
	const ext = /\.([a-z0-9]+)(?:$|[?#])/i.exec(url)?.[1]?.toLowerCase();
	const types: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', webp: 'image/webp', gif: 'image/gif', mp4: 'video/mp4', webm: 'video/webm', mov: 'video/quicktime' };
	return ext ? (types[ext] ?? null) : null;
}

/** The bytes of a video's source image, from bytes, a data: URL or one of our /media/ URLs. */
export async function resolveImageBytes(image: VideoImageInput, provider: string): Promise<{ bytes: Buffer; contentType: string }> {
	if (image.bytes && image.bytes.length > 0) return { bytes: image.bytes, contentType: image.contentType ?? 'image/png' };
	if (image.url?.startsWith('data:')) {
		const match = /^data:([^;,]+)(;base64)?,(.*)$/s.exec(image.url);
		if (match) return { bytes: match[2] ? Buffer.from(match[3], 'base64') : Buffer.from(decodeURIComponent(match[3])), contentType: match[1] };
	}
	if (image.url?.startsWith('/media/')) {
		const file = await readMedia(image.url);
		return { bytes: file.bytes, contentType: file.contentType };
	}
	throw new ProviderError('The source image must be given as bytes, a data: URL or a /media/ URL', { provider, kind: 'bad_request', retryable: false });
}
