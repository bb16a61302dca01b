// Every claimer registers itself in queue_workers: long-running workers at start (and again after
// a reconnect), cron batches while they run. It heartbeats with its lease renewals and marks
// itself stopped when it stops, so the Workers page can show who works, who holds which job,
// and who went silent (its jobs are rescued when their leases run out).
import { hostname } from 'node:os';
import type { Queryable } from './types.ts';
import { RUDO_VERSION } from '../version.ts';

export interface WorkerRegistration {
	id: string;
	/** process (npm run worker) | in-process (inside the web app) | batch (a cron or admin batch) */
	kind: 'process' | 'in-process' | 'batch';
	concurrency: number;
	types: string[];
	leaseMs: number;
}

/** Adds (or revives) the worker's row; host, pid and version are this process's. */
export async function registerWorker(q: Queryable, w: WorkerRegistration): Promise<void> {
	await q.query(
		`INSERT INTO queue_workers (id, kind, host, pid, version, concurrency, types, "leaseMs", "startedAt", "lastHeartbeatAt")
		 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now(), now())
		 ON CONFLICT (id) DO UPDATE SET "lastHeartbeatAt" = now(), "stoppedAt" = NULL`,
		[w.id, w.kind, hostname(), process.pid, RUDO_VERSION, w.concurrency, w.types, Math.round(w.leaseMs)]
	);
}

/** The worker is alive. */
export async function beatWorker(q: Queryable, id: string): Promise<void> {
	await q.query(`UPDATE queue_workers SET "lastHeartbeatAt" = now() WHERE id = $1`, [id]);
}

/** The worker stopped cleanly. */
export async function markWorkerStopped(q: Queryable, id: string): Promise<void> {
	await q.query(`UPDATE queue_workers SET "stoppedAt" = now(), "lastHeartbeatAt" = now() WHERE id = $1`, [id]);
}
