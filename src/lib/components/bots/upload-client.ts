// A tRPC client for one large mutation whose upload progress the page shows. fetch() cannot
// report upload progress, XMLHttpRequest can: this fetch stand-in sends the request with XHR and
// hands tRPC back the little it reads from a response (json()). Same endpoint, same types, same
// errors as the normal client.
import { httpLink, type HTTPHeaders } from '@trpc/client';
import { createTRPCClient } from 'trpc-sveltekit';
import superjson from 'superjson';
import type { AppRouter } from '$lib/server/trpc/root';

type FetchLike = NonNullable<Parameters<typeof httpLink>[0]['fetch']>;

function xhrFetch(onUploadProgress: (fraction: number) => void): FetchLike {
	return (input, init) =>
		new Promise((resolve, reject) => {
			const xhr = new XMLHttpRequest();
			xhr.open(init?.method ?? 'GET', String(input));
			const headers = (init?.headers ?? {}) as HTTPHeaders;
			for (const [name, value] of Object.entries(headers)) if (value !== undefined) xhr.setRequestHeader(name, Array.isArray(value) ? value.join(', ') : value);
			xhr.upload.onprogress = (event) => {
				if (event.lengthComputable) onUploadProgress(event.loaded / event.total);
			};
			xhr.onload = () => {
				// A proxy or the Node adapter's body limit answers 413 in plain text, not tRPC JSON.
				if (xhr.status === 413) {
					reject(new Error('The server refused a file this large. Try a smaller image.'));
					return;
				}
				resolve({ json: async () => JSON.parse(xhr.responseText) as unknown });
			};
			xhr.onerror = () => reject(new TypeError('Network error'));
			xhr.onabort = () => reject(new DOMException('The upload was cancelled', 'AbortError'));
			init?.signal?.addEventListener('abort', () => xhr.abort());
			xhr.send((init?.body as string | undefined) ?? null);
		});
}

export function uploadClient(onUploadProgress: (fraction: number) => void) {
	return createTRPCClient<AppRouter>({ transformer: superjson, links: [httpLink({ url: '/trpc', fetch: xhrFetch(onUploadProgress) })] });
}

/** The file's bytes as base64 (what the uploadReference procedure takes), via a data: URL. */
export function readAsBase64(file: Blob): Promise<string> {
	return new Promise((resolve, reject) => {
		const reader = new FileReader();
		reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
		reader.onerror = () => reject(reader.error ?? new Error('Could not read the file'));
		reader.readAsDataURL(file);
	});
}
