// Pausing work: the whole queue ("*") or one job type, stored in queue_pauses and honoured by
// every claimer, because the claim itself (rudo_claim_jobs) skips paused types: long-running
// workers, the cron route, "Process a batch" and the in-process worker alike. Jobs already
// running finish; nothing is lost, paused jobs simply wait.
import type { Queryable } from '../jobs/types.ts';
import { JOB_TYPE_PATTERN } from '../jobs/types.ts';
import { cleanText } from '../../text/safe-text.ts';
import { NOTIFY_CHANNEL } from '../jobs/enqueue.ts';

/** The whole queue. */
export const ALL_JOBS = '*';

export interface Pause {
	scope: string;
	pausedBy: string;
	reason: string | null;
	pausedAt: Date;
}

export class InvalidPauseScopeError extends Error {
	override name = 'InvalidPauseScopeError';
}

function checkScope(scope: string): void {
	if (scope !== ALL_JOBS && !JOB_TYPE_PATTERN.test(scope)) throw new InvalidPauseScopeError(`"${scope}" is neither "*" (everything) nor a job type`);
}

/** Pauses `scope` ("*" or a job type); pausing again keeps the first pause (who, since when). */
export async function pauseJobs(q: Queryable, scope: string, by: string, reason?: string | null): Promise<Pause> {
	checkScope(scope);
	const { rows } = await q.query<Pause>(
		`INSERT INTO queue_pauses (scope, "pausedBy", reason) VALUES ($1, $2, $3)
		 ON CONFLICT (scope) DO UPDATE SET reason = coalesce(excluded.reason, queue_pauses.reason)
		 RETURNING scope, "pausedBy", reason, "pausedAt"`,
		[scope, cleanText(by), reason ? cleanText(reason) : null]
	);
	return rows[0];
}

/** Resumes `scope`; true when it was paused. Wakes sleeping workers so paused jobs start at once. */
export async function resumeJobs(q: Queryable, scope: string): Promise<boolean> {
	checkScope(scope);
	const { rows } = await q.query<{ scope: string }>(
		`WITH gone AS (DELETE FROM queue_pauses WHERE scope = $1 RETURNING scope),
		      wake AS (SELECT pg_notify('${NOTIFY_CHANNEL}', '') WHERE EXISTS (SELECT 1 FROM gone))
		 SELECT gone.scope FROM gone LEFT JOIN wake ON true`,
		[scope]
	);
	return rows.length > 0;
}

/** Every pause, the whole queue first, then by type. */
export async function listPauses(q: Queryable): Promise<Pause[]> {
	const { rows } = await q.query<Pause>(`SELECT scope, "pausedBy", reason, "pausedAt" FROM queue_pauses ORDER BY scope <> '*', scope`);
	return rows;
}
