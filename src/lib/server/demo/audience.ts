// A small, deterministic demo audience: who viewed, liked and shared each demo post, as the
// consumer app would report it (POST /api/engagement's event shape). Used by the demo seed so the
// feed's counters, the Top order and the learning loop start from recorded events, not made-up
// numbers. About one view in ten turns into a like, one like in eight into a share.
import { seededRng } from '../ai/random.ts';
import type { Queryable } from '../jobs/types.ts';
import { ingestEngagementEvents, MAX_EVENTS_PER_BATCH } from '../social/engagement/events.ts';

export interface DemoEvent {
	id: string;
	type: 'view' | 'like' | 'share';
	postId: string;
	viewerId: string;
	occurredAt: string;
}

/** Events for one post published at `publishedAt`, spread over the time since, none after `now`. */
export function demoAudienceEvents(post: { id: string; publishedAt: Date; seed: number }, now: Date): DemoEvent[] {
	const rng = seededRng('demo-audience', post.id);
	const likes = 3 + (post.seed % 40);
	const views = likes * 9 + 11;
	const shares = Math.floor(likes / 8);
	const span = Math.max(60_000, now.getTime() - post.publishedAt.getTime());
	const at = () => new Date(post.publishedAt.getTime() + Math.floor(rng() * span)).toISOString();
	const events: DemoEvent[] = [];
	for (let k = 0; k < views; k++) events.push({ id: `demo:${post.id}:view:${k}`, type: 'view', postId: post.id, viewerId: `demo-viewer-${k}`, occurredAt: at() });
	for (let k = 0; k < likes; k++) events.push({ id: `demo:${post.id}:like:${k}`, type: 'like', postId: post.id, viewerId: `demo-viewer-${k}`, occurredAt: at() });
	for (let k = 0; k < shares; k++) events.push({ id: `demo:${post.id}:share:${k}`, type: 'share', postId: post.id, viewerId: `demo-viewer-${k}`, occurredAt: at() });
	return events;
}

/** Records demo events through the consumer app's ingestion, in batches it accepts. Returns how many. */
export async function recordDemoAudience(q: Queryable, events: readonly DemoEvent[], now = new Date()): Promise<number> {
	let recorded = 0;
	for (let i = 0; i < events.length; i += MAX_EVENTS_PER_BATCH) {
		const result = await ingestEngagementEvents(q, events.slice(i, i + MAX_EVENTS_PER_BATCH), now);
		if (result.rejected.length) throw new Error(`Demo engagement refused: ${result.rejected[0].reason}`);
		recorded += result.recorded;
	}
	return recorded;
}
