import { json, type RequestHandler } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/client';
import { checkEngagementAuth } from '$lib/server/social/engagement/auth';
import { EngagementBatchError, ingestEngagementEvents } from '$lib/server/social/engagement/events';

/** 500 events of a few hundred bytes each fit comfortably; anything larger is refused unread. */
const MAX_BODY_BYTES = 512 * 1024;

// POST { events: [{ id, type: view|like|share, postId, viewerId, occurredAt? }] } with
// Authorization: Bearer $ENGAGEMENT_SECRET → { received, recorded, duplicates, rejected: [{ index, id, reason }] }.
export const POST: RequestHandler = async ({ request }) => {
	const auth = checkEngagementAuth(request.headers.get('authorization'));
	if (!auth.ok) return json({ error: auth.error }, { status: auth.status, headers: auth.status === 401 ? { 'www-authenticate': 'Bearer' } : {} });
	if (Number(request.headers.get('content-length') ?? 0) > MAX_BODY_BYTES) return json({ error: `The body is larger than ${MAX_BODY_BYTES} bytes: split the batch` }, { status: 413 });
	const text = await request.text();
	if (Buffer.byteLength(text) > MAX_BODY_BYTES) return json({ error: `The body is larger than ${MAX_BODY_BYTES} bytes: split the batch` }, { status: 413 });
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		return json({ error: 'The body is not JSON: send { "events": [...] }' }, { status: 400 });
	}
	if (!body || typeof body !== 'object' || !('events' in body)) return json({ error: 'Send { "events": [...] }' }, { status: 400 });
	try {
		return json(await ingestEngagementEvents(getDb().pool, (body as { events: unknown }).events));
	} catch (error) {
		if (error instanceof EngagementBatchError) return json({ error: error.message }, { status: error.message.startsWith('At most') ? 413 : 400 });
		console.error('[engagement] batch failed:', error);
		return json({ error: 'Recording the events failed; send the batch again (it is safe: events are counted once).' }, { status: 500 });
	}
};
