// POST /api/engagement, as a function of the request (the route only wires it to the database):
// the bearer secret, a body cap enforced before and while reading (413, never buffering more
// than the cap, whatever Content-Length says or omits), JSON, the batch, and one log line per
// batch with what happened to it.
//
//   POST { events: [{ id, type: view|like|share, postId, viewerId, occurredAt? }] }
//   Authorization: Bearer $ENGAGEMENT_SECRET
//   → 200 { received, recorded, duplicates, rejected: [{ index, id, reason }] }
//   → 400 not JSON / no events array · 401 bad secret · 413 body or batch too large
//   → 500 the database failed (safe to resend: events are counted once) · 503 no secret configured
import type { Logger } from 'pino';
import type { Queryable } from '../../jobs/types.ts';
import { log as rootLog } from '../../log.ts';
import { checkEngagementAuth } from './auth.ts';
import { EngagementBatchError, ingestEngagementEvents, MAX_EVENTS_PER_BATCH } from './events.ts';

/** 500 events of a few hundred bytes each fit comfortably; anything larger is refused. */
export const MAX_BODY_BYTES = 512 * 1024;

const tooLarge = (max: number) => `The body is larger than ${max} bytes: split the batch (at most ${MAX_EVENTS_PER_BATCH} events per request)`;

class BodyTooLargeError extends Error {}

/** The body as text, reading at most `max` bytes: throws BodyTooLargeError past it (the rest is not read). */
async function readCapped(request: Request, max: number): Promise<string> {
	if (!request.body) return '';
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > max) {
			await reader.cancel().catch(() => {});
			throw new BodyTooLargeError();
		}
		chunks.push(value);
	}
	return Buffer.concat(chunks).toString('utf8');
}

const reply = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
	new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

/**
 * Handles one POST /api/engagement request against `q` and returns the response. Logs exactly one
 * line per request that passed authentication (`component: engagement`): info with the batch's
 * counts, warn when the batch was refused (with the status and why), error when recording failed.
 */
export async function handleEngagementRequest(request: Request, q: Queryable, options: { logger?: Logger; maxBodyBytes?: number; now?: Date } = {}): Promise<Response> {
	const logger = options.logger ?? rootLog;
	const max = options.maxBodyBytes ?? MAX_BODY_BYTES;
	const auth = checkEngagementAuth(request.headers.get('authorization'));
	if (!auth.ok) return reply({ error: auth.error }, auth.status, auth.status === 401 ? { 'www-authenticate': 'Bearer' } : {});
	const started = performance.now();
	const refuse = (status: 400 | 413, error: string, bytes?: number) => {
		logger.warn({ component: 'engagement', status, bytes, reason: error }, 'engagement batch refused');
		return reply({ error }, status);
	};
	const declared = Number(request.headers.get('content-length') ?? NaN);
	if (Number.isFinite(declared) && declared > max) return refuse(413, tooLarge(max), declared);
	let text: string;
	try {
		text = await readCapped(request, max);
	} catch (error) {
		if (error instanceof BodyTooLargeError) return refuse(413, tooLarge(max));
		throw error;
	}
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		return refuse(400, 'The body is not JSON: send { "events": [...] }', Buffer.byteLength(text));
	}
	if (!body || typeof body !== 'object' || !('events' in body)) return refuse(400, 'Send { "events": [...] }', Buffer.byteLength(text));
	try {
		const result = await ingestEngagementEvents(q, (body as { events: unknown }).events, options.now);
		logger.info(
			{ component: 'engagement', received: result.received, recorded: result.recorded, duplicates: result.duplicates, rejected: result.rejected.length, bytes: Buffer.byteLength(text), ms: Math.round(performance.now() - started) },
			'engagement batch recorded'
		);
		return reply(result);
	} catch (error) {
		if (error instanceof EngagementBatchError) return refuse(error.status, error.message, Buffer.byteLength(text));
		logger.error({ component: 'engagement', err: error, bytes: Buffer.byteLength(text) }, 'engagement batch failed');
		return reply({ error: 'Recording the events failed; send the batch again (it is safe: events are counted once).' }, 500);
	}
}
