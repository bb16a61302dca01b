import { error, type RequestHandler } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/client';
import { isMediaUrl, MediaError, readMedia } from '$lib/server/media';
import { canReadMedia } from '$lib/server/media/access';

// Generated images and clips, for signed-in users who may see them (media/access.ts), from
// whichever store holds them (local disk or the S3 bucket: media/index.ts). The name is the
// file's SHA-256, so its bytes never change: browsers may keep it for an hour and then
// revalidate cheaply by ETag — but only in their own cache (`private`): a shared proxy must not
// hand a file that needs a session to someone without one. Anything that is not a well-formed
// media name, is not readable by this user, or does not exist answers the same 404.
const CACHE_CONTROL = 'private, max-age=3600';

export const GET: RequestHandler = async ({ params, locals, request }) => {
	const url = `/media/${params.path}`;
	if (!locals.user || !isMediaUrl(url) || !(await canReadMedia(getDb(), locals.user, url))) error(404, { message: 'Not found' });
	const etag = `"${url.slice(url.lastIndexOf('/') + 1, url.lastIndexOf('.'))}"`;
	if (request.headers.get('if-none-match') === etag) {
		return new Response(null, { status: 304, headers: { etag, 'cache-control': CACHE_CONTROL } });
	}
	try {
		const media = await readMedia(url);
		return new Response(new Uint8Array(media.bytes), {
			headers: { 'content-type': media.contentType, 'cache-control': CACHE_CONTROL, etag, 'x-content-type-options': 'nosniff' }
		});
	} catch (e) {
		if (e instanceof MediaError && e.notFound) error(404, { message: 'Not found' });
		// A store that fails (the bucket is down, credentials expired) is our fault, not a
		// missing file: a 500 with the request id; handleError logs the cause.
		throw e;
	}
};
