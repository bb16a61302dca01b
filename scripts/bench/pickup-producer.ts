// Producer process for the pickup phase: enqueues COUNT single jobs GAP ms apart on a fixed
// schedule and reports [i, callStart, callReturned] (absolute clock) to the parent.
import { createPool } from '../../src/lib/server/db/client.ts';
import { enqueueJob } from '../../src/lib/server/jobs/enqueue.ts';
import { now, sleep } from './common.ts';

const [url, countRaw, gapRaw] = process.argv.slice(2);
const count = Number(countRaw);
const gap = Number(gapRaw);
const pool = createPool(url, 2);
for (let k = 1; k <= 5; k++) {
	await enqueueJob(pool, { type: 'BENCH_NOOP', payload: { i: -k } });
	await sleep(50);
}
await sleep(500);
const records: [number, number, number][] = [];
const start = now();
for (let i = 0; i < count; i++) {
	const wait = start + i * gap - now();
	if (wait > 0) await sleep(wait);
	const tCall = now();
	await enqueueJob(pool, { type: 'BENCH_NOOP', payload: { i } });
	records.push([i, tCall, now()]);
}
await pool.end();
process.send!({ records }, () => process.exit(0));
