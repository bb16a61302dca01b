// Starting a job by hand: admins pick a type, fill in a form built from its payload schema (zod →
// JSON Schema), and the job is enqueued through the same validation as any other; "replay as
// new" enqueues a finished job's payload again as a fresh job.
import { z } from 'zod';
import type { JobRegistry } from '../jobs/registry.ts';
import type { Queryable } from '../jobs/types.ts';
import { enqueueJob, InvalidJobPayloadError } from '../jobs/enqueue.ts';

export interface TriggerableType {
	type: string;
	maxAttempts: number;
	/** JSON Schema of the payload (draft 2020-12, as zod produces it), for the form. */
	payloadSchema: Record<string, unknown>;
}

/** Every registered type with its payload's JSON Schema. */
export function triggerableTypes(registry: JobRegistry): TriggerableType[] {
	return Object.values(registry)
		.filter((d) => d !== undefined)
		.map((d) => ({ type: d.type, maxAttempts: d.maxAttempts, payloadSchema: z.toJSONSchema(d.payload, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown> }))
		.sort((a, b) => a.type.localeCompare(b.type));
}

export class UnknownJobTypeError extends Error {
	override name = 'UnknownJobTypeError';
}

export interface TriggerResult {
	/** The new job's id, or null when a pending duplicate (same bot or key) exists. */
	jobId: string | null;
}

/**
 * Enqueues a job of `type` with `payload`, validated by the type's schema (InvalidJobPayloadError
 * names the fields). A `botId` in the payload also sets the job's bot.
 */
export async function triggerJob(
	q: Queryable,
	registry: JobRegistry,
	input: { type: string; payload: unknown; runAt?: Date; priority?: number }
): Promise<TriggerResult> {
	if (!registry[input.type]) throw new UnknownJobTypeError(`No job type ${input.type} is registered`);
	const botId = typeof (input.payload as { botId?: unknown })?.botId === 'string' ? (input.payload as { botId: string }).botId : null;
	const jobId = await enqueueJob(q, { type: input.type, payload: input.payload, botId, runAt: input.runAt, priority: input.priority }, { registry });
	return { jobId };
}

export class NotReplayableError extends Error {
	override name = 'NotReplayableError';
}

/** Enqueues job `id`'s type and payload again as a new job. Its own key is not copied, but the type's `pendingKey` applies (a bot's cycle stays one pending job). */
export async function replayJob(q: Queryable, registry: JobRegistry, id: string): Promise<TriggerResult> {
	const { rows } = await q.query<{ type: string; payload: unknown; botId: string | null; priority: number }>(
		`SELECT type, payload, "botId", priority FROM jobs WHERE id = $1::uuid`,
		[id]
	);
	const job = rows[0];
	if (!job) throw new NotReplayableError('No job with this id');
	if (!registry[job.type]) throw new NotReplayableError(`No handler is registered for ${job.type} here`);
	try {
		const jobId = await enqueueJob(q, { type: job.type, payload: job.payload, botId: job.botId, priority: job.priority }, { registry });
		return { jobId };
	} catch (error) {
		if (error instanceof InvalidJobPayloadError) throw new NotReplayableError(`Its payload no longer fits ${job.type}: ${error.message}`);
		throw error;
	}
}
