// Putting work on the queue. Every insert is one statement that also wakes sleeping workers
// (NOTIFY is transactional: it is delivered only if the caller's transaction commits).
import type { AnyJobType, Queryable } from './types.ts';
import type { JobRegistry } from './registry.ts';
import { defaultMaxAttempts } from './defaults.ts';
import { JOB_TYPE_PATTERN, PENDING_STATUSES } from './types.ts';
import { cleanJson, cleanText } from '../../text/safe-text.ts';

export const NOTIFY_CHANNEL = 'rudo_jobs';

export interface NewJob {
	type: AnyJobType;
	payload?: unknown;
	botId?: string | null;
	runAt?: Date;
	/** Lower runs first; −1000…1000. Waiting ages a job (see claim.ts): priority is not starvation. */
	priority?: number;
	/** Default: the registry's value for the type (see defaults.ts). */
	maxAttempts?: number;
	/** At most one pending job per key; a duplicate is skipped (not an error). */
	key?: string | null;
}

export class InvalidJobPayloadError extends Error {
	override name = 'InvalidJobPayloadError';
}

/**
 * Reject at the boundary what the database or the type's schema would reject later anyway: a
 * malformed type, an out-of-range priority or attempt count, a payload its schema refuses. Text in
 * the payload is cleaned first (no NUL or lone surrogates: jsonb refuses them).
 */
function validate(job: NewJob, registry?: JobRegistry): { payload: unknown; key: string | null | undefined } {
	if (!JOB_TYPE_PATTERN.test(job.type)) throw new InvalidJobPayloadError(`Invalid job type "${job.type}": use UPPER_SNAKE_CASE, at most 64 characters`);
	if (job.priority !== undefined && !(Number.isInteger(job.priority) && Math.abs(job.priority) <= 1000)) throw new InvalidJobPayloadError(`priority must be an integer within ±1000, got ${job.priority}`);
	if (job.maxAttempts !== undefined && !(Number.isInteger(job.maxAttempts) && job.maxAttempts >= 1 && job.maxAttempts <= 1000)) throw new InvalidJobPayloadError(`maxAttempts must be an integer from 1 to 1000, got ${job.maxAttempts}`);
	if (job.runAt !== undefined && Number.isNaN(job.runAt.getTime())) throw new InvalidJobPayloadError('runAt is not a valid date');
	const payload = cleanJson(job.payload ?? {});
	const definition = registry?.[job.type];
	if (!definition) return { payload, key: job.key };
	const parsed = definition.payload.safeParse(payload);
	if (!parsed.success) {
		const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`).join('; ');
		throw new InvalidJobPayloadError(`Invalid payload for ${job.type}: ${detail}`);
	}
	// The parsed value, so a schema's defaults and transforms reach the stored payload; the
	// type's own key when the enqueuer gave none.
	return { payload: parsed.data, key: job.key !== undefined ? job.key : definition.pendingKey?.(parsed.data) };
}

// GENERATE_POST dedupes on the bot (partial unique index), everything else on `key`. Both are
// expressed as ON CONFLICT … DO NOTHING against the partial indexes, so concurrent enqueuers
// cannot create duplicates and never see an error for trying.
const PENDING = `status IN (${PENDING_STATUSES.map((s) => `'${s}'`).join(', ')})`;
const CONFLICT_BOT = `ON CONFLICT ("botId") WHERE type = 'GENERATE_POST' AND ${PENDING} DO NOTHING`;
const CONFLICT_KEY = `ON CONFLICT ("key") WHERE "key" IS NOT NULL AND ${PENDING} DO NOTHING`;

function insertSql(conflict: string): string {
	return `
		WITH ins AS (
			INSERT INTO jobs (type, payload, "botId", "runAt", priority, "maxAttempts", key)
			-- Due now, truncated to the column's milliseconds (a rounded-up now() would not be due yet).
			SELECT t.type, t.payload, t."botId", coalesce(t."runAt", date_trunc('milliseconds', now())), t.priority, t."maxAttempts", t.key
			  FROM unnest($1::text[], $2::jsonb[], $3::text[], $4::timestamp(3)[], $5::int[], $6::int[], $7::text[])
			       AS t(type, payload, "botId", "runAt", priority, "maxAttempts", key)
			${conflict}
			RETURNING id
		), wake AS (
			SELECT pg_notify('${NOTIFY_CHANNEL}', '') WHERE EXISTS (SELECT 1 FROM ins)
		)
		SELECT ins.id FROM ins LEFT JOIN wake ON true`;
}
const SQL_PLAIN = insertSql('');
const SQL_BOT = insertSql(CONFLICT_BOT);
const SQL_KEY = insertSql(CONFLICT_KEY);

/** Insert many jobs in one statement. Returns the ids created (duplicates are skipped). */
export async function enqueueJobs(q: Queryable, jobs: NewJob[], options: { registry?: JobRegistry } = {}): Promise<string[]> {
	if (jobs.length === 0) return [];
	const groups = new Map<string, NewJob[]>();
	for (const job of jobs) {
		const { payload, key } = validate(job, options.registry);
		if (job.type === 'GENERATE_POST' && !job.botId) throw new InvalidJobPayloadError('GENERATE_POST jobs need a botId');
		const sql = job.type === 'GENERATE_POST' ? SQL_BOT : key ? SQL_KEY : SQL_PLAIN;
		const list = groups.get(sql) ?? [];
		list.push({ ...job, payload, key });
		groups.set(sql, list);
	}
	const ids: string[] = [];
	for (const [sql, list] of groups) {
		const { rows } = await q.query<{ id: string }>(sql, [
			list.map((j) => j.type),
			list.map((j) => JSON.stringify(j.payload ?? {})),
			list.map((j) => j.botId ?? null),
			// Absolute instants, passed as UTC wall time (the columns are timestamp without zone, in UTC).
			list.map((j) => (j.runAt ? j.runAt.toISOString().replace('Z', '') : null)),
			list.map((j) => j.priority ?? 0),
			list.map((j) => j.maxAttempts ?? defaultMaxAttempts(j.type, options.registry)),
			list.map((j) => (j.key == null ? null : cleanText(j.key)))
		]);
		for (const r of rows) ids.push(r.id);
	}
	return ids;
}

/** Insert one job; null when a pending duplicate (same bot for GENERATE_POST, or same key) exists. */
export async function enqueueJob(q: Queryable, job: NewJob, options: { registry?: JobRegistry } = {}): Promise<string | null> {
	const [id] = await enqueueJobs(q, [job], options);
	return id ?? null;
}

export async function hasPendingJob(q: Queryable, botId: string, type: AnyJobType = 'GENERATE_POST'): Promise<boolean> {
	const { rows } = await q.query(`SELECT 1 FROM jobs WHERE "botId" = $1 AND type = $2 AND ${PENDING} LIMIT 1`, [botId, type]);
	return rows.length > 0;
}
