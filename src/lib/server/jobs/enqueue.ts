// Putting work on the queue. Every insert is one statement that also wakes sleeping workers
// (NOTIFY is transactional: it is delivered only if the caller's transaction commits).
import type { Queryable } from './types.ts';
import type { JobType } from './types.ts';
import type { JobRegistry } from './registry.ts';
import { DEFAULT_MAX_ATTEMPTS } from './backoff.ts';
import { PENDING_STATUSES } from './types.ts';

export const NOTIFY_CHANNEL = 'rudo_jobs';

export interface NewJob {
	type: JobType;
	payload?: unknown;
	botId?: string | null;
	runAt?: Date;
	priority?: number;
	maxAttempts?: number;
	/** At most one pending job per key; a duplicate is skipped (not an error). */
	key?: string | null;
}

export class InvalidJobPayloadError extends Error {
	override name = 'InvalidJobPayloadError';
}

/** Reject a payload its type's schema would reject later anyway, at the boundary. */
function validate(job: NewJob, registry?: JobRegistry): unknown {
	const payload = job.payload ?? {};
	const schema = registry?.[job.type]?.payload;
	if (!schema) return payload;
	const parsed = schema.safeParse(payload);
	if (!parsed.success) {
		const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`).join('; ');
		throw new InvalidJobPayloadError(`Invalid payload for ${job.type}: ${detail}`);
	}
	return payload;
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
			SELECT t.type, t.payload, t."botId", coalesce(t."runAt", now()), t.priority, t."maxAttempts", t.key
			  FROM unnest($1::"JobType"[], $2::jsonb[], $3::text[], $4::timestamp(3)[], $5::int[], $6::int[], $7::text[])
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
		const payload = validate(job, options.registry);
		if (job.type === 'GENERATE_POST' && !job.botId) throw new InvalidJobPayloadError('GENERATE_POST jobs need a botId');
		const sql = job.type === 'GENERATE_POST' ? SQL_BOT : job.key ? SQL_KEY : SQL_PLAIN;
		const list = groups.get(sql) ?? [];
		list.push({ ...job, payload });
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
			list.map((j) => j.maxAttempts ?? DEFAULT_MAX_ATTEMPTS),
			list.map((j) => j.key ?? null)
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

export async function hasPendingJob(q: Queryable, botId: string, type: JobType = 'GENERATE_POST'): Promise<boolean> {
	const { rows } = await q.query(`SELECT 1 FROM jobs WHERE "botId" = $1 AND type = $2::"JobType" AND ${PENDING} LIMIT 1`, [botId, type]);
	return rows.length > 0;
}
