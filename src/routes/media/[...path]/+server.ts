import { error, type RequestHandler } from '@sveltejs/kit';
import { MediaError, readMedia } from '$lib/server/media';

// Generated images and clips. Content-addressed (the file name is its SHA-256), so a URL's bytes
// never change and can be cached forever.
export const GET: RequestHandler = async ({ params }) => {
	try {
		const media = await readMedia(`/media/${params.path}`);
		return new Response(new Uint8Array(media.bytes), {
			headers: { 'content-type': media.contentType, 'cache-control': 'public, max-age=31536000, immutable', 'x-content-type-options': 'nosniff' }
		});
	} catch (e) {
		if (e instanceof MediaError) error(e.notFound ? 404 : 400, { message: e.message });
		throw e;
	}
};
