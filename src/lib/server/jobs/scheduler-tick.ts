// A scheduler tick inside a worker or the app process, for deployments without an external cron:
// enqueue due work, then the queue's housekeeping (rollup, retention). Overlapping ticks (several
// processes) are harmless: enqueueing is deduplicated by the database, the rollup takes a lock.
import type { Db } from '../db/client.ts';
import { enqueueScheduledBots } from '../scheduler.ts';
import { errorMessage } from './errors.ts';
import { recordCronRun } from '../ops/cron-runs.ts';
import { runMaintenance } from '../ops/maintenance.ts';

/** Starts ticking every `intervalMs` (and once now); returns a function that stops it. */
export function startSchedulerTick(db: Db, intervalMs: number, log: (m: string) => void = (m) => console.log(`[scheduler] ${m}`)): () => void {
	let running = false;
	const tick = async () => {
		if (running) return;
		running = true;
		try {
			const r = await recordCronRun(db.pool, 'scheduler-tick', () => enqueueScheduledBots(db));
			if (r.enqueued) log(`enqueued ${r.enqueued} post job(s) (${r.skipped} bot(s) already had one)`);
		} catch (error) {
			log(`tick failed: ${errorMessage(error)}`);
		}
		try {
			const m = await runMaintenance(db);
			if (m.prune.deleted) log(`pruned ${m.prune.deleted} finished job(s) older than the retention age`);
		} catch (error) {
			log(`maintenance failed: ${errorMessage(error)}`);
		} finally {
			running = false;
		}
	};
	const timer = setInterval(() => void tick(), intervalMs);
	void tick();
	return () => clearInterval(timer);
}
