// Shared by the queue benchmark and its pickup producer: configuration (same flags and env as
// ../shared/bench/peers), timing and statistics.
import { performance } from 'node:perf_hooks';

export const now = () => performance.timeOrigin + performance.now();
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function flag(name: string, envName: string, argv: string[]): string | undefined {
	const f = `--${name}`;
	const i = argv.findIndex((a) => a === f || a.startsWith(`${f}=`));
	if (i >= 0) return argv[i].includes('=') ? argv[i].split('=').slice(1).join('=') : argv[i + 1];
	return process.env[envName];
}
function int(name: string, envName: string, def: number, argv: string[]): number {
	const raw = flag(name, envName, argv);
	if (raw == null || raw === '') return def;
	const v = Number(raw);
	if (!Number.isFinite(v) || v <= 0) throw new Error(`bad value for --${name}/${envName}: ${raw}`);
	return Math.floor(v);
}

export function loadConfig(argv = process.argv.slice(2)) {
	const n = int('n', 'BENCH_N', 20_000, argv);
	const concurrency = int('concurrency', 'BENCH_CONCURRENCY', 10, argv);
	return {
		n,
		concurrency,
		reps: int('reps', 'BENCH_REPS', 3, argv),
		single: Math.min(int('single', 'BENCH_SINGLE', 2_000, argv), n),
		pickup: int('pickup', 'BENCH_PICKUP', 200, argv),
		pickupGapMs: int('pickup-gap-ms', 'BENCH_PICKUP_GAP_MS', 20, argv),
		/** Jobs a worker holds at once; 500 matches graphile-worker's tuned localQueue. */
		prefetch: int('prefetch', 'BENCH_PREFETCH', 500, argv),
		poolMax: Math.max(10, concurrency + 2),
		phases: (flag('phases', 'BENCH_PHASES', argv) ?? 'enqueue,process,pickup').split(','),
		withPeers: argv.includes('--with-peers') || process.env.BENCH_WITH_PEERS === '1',
		peersDir: flag('peers-dir', 'BENCH_PEERS_DIR', argv) ?? '../shared/bench/peers'
	};
}
export type BenchConfig = ReturnType<typeof loadConfig>;

export function median(xs: number[]): number | null {
	const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
	if (!v.length) return null;
	const m = v.length >> 1;
	return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

/** Nearest-rank percentile, as the peers benchmark computes it. */
export function percentile(xs: number[], p: number): number | null {
	const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
	if (!v.length) return null;
	const rank = Math.min(v.length, Math.max(1, Math.ceil((p / 100) * v.length)));
	return v[rank - 1];
}

export const round = (x: number | null | undefined, d = 1) => (x == null ? null : Math.round(x * 10 ** d) / 10 ** d);

export async function waitFor(pred: () => Promise<boolean> | boolean, timeoutMs: number, what: string, every = 5): Promise<void> {
	const deadline = now() + timeoutMs;
	for (;;) {
		if (await pred()) return;
		if (now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await sleep(every);
	}
}
