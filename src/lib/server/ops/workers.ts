// The Workers page: every worker that registered (processes, in-process workers, cron batches),
// whether it is alive, silent (stopped heartbeating: its jobs are rescued when their leases run
// out) or stopped, and the jobs it holds now with when each would be rescued.
import type { Queryable } from '../jobs/types.ts';

export interface HeldJob {
	id: string;
	type: string;
	botId: string | null;
	startedAt: Date | null;
	/** When the rescuer takes it unless the worker renews its lease. */
	leaseExpiresAt: Date | null;
}

export interface WorkerView {
	id: string;
	kind: string;
	host: string;
	pid: number;
	version: string;
	concurrency: number;
	types: string[];
	leaseMs: number;
	startedAt: Date;
	lastHeartbeatAt: Date;
	stoppedAt: Date | null;
	/** alive: heartbeating; silent: no heartbeat for a whole lease; stopped: stopped cleanly. */
	state: 'alive' | 'silent' | 'stopped';
	jobs: HeldJob[];
}

/**
 * Live and silent workers, and those stopped within `stoppedWithinMs` (default 1 h), alive first.
 * A worker heartbeats every third of its lease, so one silent for a whole lease is marked.
 */
export async function listWorkers(q: Queryable, options: { stoppedWithinMs?: number } = {}): Promise<WorkerView[]> {
	const { rows } = await q.query<Omit<WorkerView, 'jobs'>>(
		`SELECT id, kind, host, pid, version, concurrency, types, "leaseMs", "startedAt", "lastHeartbeatAt", "stoppedAt",
		        CASE WHEN "stoppedAt" IS NOT NULL THEN 'stopped'
		             WHEN "lastHeartbeatAt" < now() - "leaseMs" * interval '1 millisecond' THEN 'silent'
		             ELSE 'alive' END AS state
		   FROM queue_workers
		  WHERE "stoppedAt" IS NULL OR "stoppedAt" > now() - $1::float8 * interval '1 millisecond'
		  ORDER BY ("stoppedAt" IS NOT NULL), "startedAt" DESC
		  LIMIT 200`,
		[options.stoppedWithinMs ?? 3_600_000]
	);
	if (rows.length === 0) return [];
	// Served by the partial index of RUNNING jobs.
	const held = await q.query<HeldJob & { lockedBy: string }>(
		`SELECT id, type, "botId", "startedAt", "leaseExpiresAt", "lockedBy" FROM jobs WHERE status = 'RUNNING' AND "lockedBy" = ANY($1::text[]) ORDER BY "startedAt"`,
		[rows.map((r) => r.id)]
	);
	const byWorker = new Map<string, HeldJob[]>();
	for (const { lockedBy, ...job } of held.rows) byWorker.set(lockedBy, [...(byWorker.get(lockedBy) ?? []), job]);
	return rows.map((w) => ({ ...w, jobs: byWorker.get(w.id) ?? [] }));
}
