// A scheduler tick inside a worker or the app process, for deployments without an external cron.
// Overlapping ticks (several processes) are harmless: enqueueing is deduplicated by the database.
import type { Db } from '../db/client.ts';
import { enqueueScheduledBots } from '../scheduler.ts';
import { errorMessage } from './errors.ts';

export function startSchedulerTick(db: Db, intervalMs: number, log: (m: string) => void = (m) => console.log(`[scheduler] ${m}`)): () => void {
	let running = false;
	const tick = async () => {
		if (running) return;
		running = true;
		try {
			const r = await enqueueScheduledBots(db);
			if (r.enqueued) log(`enqueued ${r.enqueued} post job(s) (${r.skipped} bot(s) already had one)`);
		} catch (error) {
			log(`tick failed: ${errorMessage(error)}`);
		} finally {
			running = false;
		}
	};
	const timer = setInterval(() => void tick(), intervalMs);
	void tick();
	return () => clearInterval(timer);
}
