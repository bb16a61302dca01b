// Views, likes and shares reported by the consumer app (POST /api/engagement). A batch is checked
// event by event: a bad event is refused with its reason and the good ones are still recorded.
// Each event carries the app's own id; the id is the primary key, so a batch sent twice (a retry
// after a timeout) is recorded, and counted, once. A viewer's like counts once per post whatever
// ids it arrives under. Counters move in the same statement that records the events.
import { z } from 'zod';
import type { Queryable } from '../../jobs/types.ts';

export const ENGAGEMENT_EVENT_TYPES = ['view', 'like', 'share'] as const;
export type EngagementEventType = (typeof ENGAGEMENT_EVENT_TYPES)[number];

/** Events per request; a larger batch is refused as a whole (split it). */
export const MAX_EVENTS_PER_BATCH = 500;
/** Clocks drift: an event may claim to be at most this far in the future. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;
/** Events older than this are refused (the feed's scores cover the last 30 days). */
export const MAX_EVENT_AGE_MS = 30 * 24 * 3_600_000;

// Printable ASCII without spaces: ids from any client library, nothing that needs escaping.
const opaqueId = (what: string) =>
	z
		.string({ error: `${what} must be a string` })
		.min(1, `${what} is empty`)
		.max(128, `${what} is longer than 128 characters`)
		.regex(/^[\x21-\x7e]+$/, `${what} may hold only printable ASCII without spaces`);

export const engagementEventSchema = z.object({
	id: opaqueId('id'),
	type: z.enum(ENGAGEMENT_EVENT_TYPES, { error: `type must be one of ${ENGAGEMENT_EVENT_TYPES.join(', ')}` }),
	postId: opaqueId('postId').max(64, 'postId is longer than 64 characters'),
	viewerId: opaqueId('viewerId'),
	/** ISO 8601 with a time zone; defaults to when the server received it. */
	occurredAt: z.iso.datetime({ offset: true, error: 'occurredAt must be an ISO 8601 date-time with a time zone' }).optional()
});
export type EngagementEventInput = z.infer<typeof engagementEventSchema>;

export interface RejectedEvent {
	/** Position in the batch (0-based). */
	index: number;
	/** The event's id when it had a readable one. */
	id: string | null;
	reason: string;
}

export interface IngestResult {
	received: number;
	/** New events, now counted. */
	recorded: number;
	/** Events already recorded (same id, or a viewer's second like of a post): not counted again. */
	duplicates: number;
	rejected: RejectedEvent[];
}

/** The batch as a whole is refused: `status` 400 (not a list of events) or 413 (too many). */
export class EngagementBatchError extends Error {
	override name = 'EngagementBatchError';
	constructor(
		message: string,
		readonly status: 400 | 413 = 400
	) {
		super(message);
	}
}

function firstIssue(error: z.ZodError): string {
	const issue = error.issues[0];
	const path = issue?.path.join('.') ?? '';
	const message = issue?.message ?? 'invalid';
	// Our messages already name the field; zod's defaults ("Required"…) get the path in front.
	return path && !message.startsWith(path) ? `${path}: ${message}` : message;
}

/**
 * Records a batch of consumer-app events through `q` (a pool, or a transaction to join). `events`
 * is whatever the client sent under "events" (validated here, one by one). Throws EngagementBatchError when it is not an array or holds more
 * than MAX_EVENTS_PER_BATCH events. Returns per-batch counts and every refused event with a reason:
 * a malformed field, an unknown or unpublished post, a time too far in the future or the past.
 */
export async function ingestEngagementEvents(q: Queryable, events: unknown, now = new Date()): Promise<IngestResult> {
	if (!Array.isArray(events)) throw new EngagementBatchError('"events" must be an array of events');
	if (events.length > MAX_EVENTS_PER_BATCH) throw new EngagementBatchError(`At most ${MAX_EVENTS_PER_BATCH} events per request (got ${events.length}): split the batch`, 413);

	const rejected: RejectedEvent[] = [];
	const valid: Array<EngagementEventInput & { index: number; at: Date }> = [];
	const seen = new Set<string>();
	let duplicates = 0;
	for (const [index, raw] of events.entries()) {
		const id = raw && typeof raw === 'object' && typeof (raw as { id?: unknown }).id === 'string' ? ((raw as { id: string }).id.slice(0, 128) || null) : null;
		const parsed = engagementEventSchema.safeParse(raw);
		if (!parsed.success) {
			rejected.push({ index, id, reason: firstIssue(parsed.error) });
			continue;
		}
		const at = parsed.data.occurredAt ? new Date(parsed.data.occurredAt) : now;
		if (at.getTime() > now.getTime() + MAX_CLOCK_SKEW_MS) {
			rejected.push({ index, id, reason: 'occurredAt is in the future' });
			continue;
		}
		if (at.getTime() < now.getTime() - MAX_EVENT_AGE_MS) {
			rejected.push({ index, id, reason: 'occurredAt is more than 30 days ago' });
			continue;
		}
		// The same id twice in one batch is one event.
		if (seen.has(parsed.data.id)) {
			duplicates++;
			continue;
		}
		seen.add(parsed.data.id);
		valid.push({ ...parsed.data, index, at });
	}

	const postIds = [...new Set(valid.map((e) => e.postId))];
	const { rows: posts } = postIds.length
		? await q.query<{ id: string; published: boolean }>(`SELECT id, "publishedAt" IS NOT NULL AS published FROM posts WHERE id = ANY($1::text[])`, [postIds])
		: { rows: [] };
	const known = new Map(posts.map((p) => [p.id, p.published]));
	const accepted = valid.filter((e) => {
		const published = known.get(e.postId);
		if (published === undefined) rejected.push({ index: e.index, id: e.id, reason: `postId: there is no post ${e.postId}` });
		else if (!published) rejected.push({ index: e.index, id: e.id, reason: 'postId: the post is not published' });
		return published === true;
	});

	let recorded = 0;
	if (accepted.length > 0) {
		// One statement: insert what is new, then move the counters by exactly what was inserted.
		// The join to posts drops an event whose post was deleted since the check above.
		const { rows } = await q.query<{ recorded: number }>(
			`WITH ins AS (
			   INSERT INTO engagement_events (id, type, "postId", "viewerId", "occurredAt")
			   SELECT e.id, e.type, e."postId", e."viewerId", e."occurredAt"
			     FROM jsonb_to_recordset($1::jsonb) AS e(id text, type text, "postId" text, "viewerId" text, "occurredAt" timestamp(3))
			     JOIN posts p ON p.id = e."postId"
			   ON CONFLICT DO NOTHING
			   RETURNING "postId", type
			 ), counts AS (
			   SELECT "postId",
			          count(*) FILTER (WHERE type = 'view')::int AS views,
			          count(*) FILTER (WHERE type = 'like')::int AS likes,
			          count(*) FILTER (WHERE type = 'share')::int AS shares
			     FROM ins GROUP BY "postId"
			 ), moved AS (
			   UPDATE posts p SET "viewCount" = p."viewCount" + c.views, "likeCount" = p."likeCount" + c.likes, "shareCount" = p."shareCount" + c.shares
			     FROM counts c WHERE p.id = c."postId"
			   RETURNING p.id
			 )
			 SELECT (SELECT count(*)::int FROM ins) AS recorded, (SELECT count(*)::int FROM moved) AS posts`,
			[
				JSON.stringify(
					accepted.map((e) => ({ id: e.id, type: e.type, postId: e.postId, viewerId: e.viewerId, occurredAt: e.at.toISOString().replace('Z', '') }))
				)
			]
		);
		recorded = rows[0].recorded;
	}
	rejected.sort((a, b) => a.index - b.index);
	return { received: events.length, recorded, duplicates: duplicates + accepted.length - recorded, rejected };
}
