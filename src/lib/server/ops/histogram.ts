// Wait and run times are kept as histograms over fixed, log-spaced bounds (milliseconds), like
// Prometheus histograms: adding two histograms is adding their counts, so the percentiles of any
// window (an hour, a day, a week) come from summing the per-minute rows, after the jobs
// themselves are gone.

/**
 * Bucket bounds in ms. Bucket 0 holds durations below the first bound, bucket i those in
 * [bound i−1, bound i), the last (+Inf) everything from the last bound up: the same numbering as
 * PostgreSQL's `width_bucket(ms, bounds)`, which the rollup uses.
 */
export const HISTOGRAM_BOUNDS_MS = [
	10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000, 120_000, 300_000, 600_000, 1_800_000, 3_600_000, 21_600_000, 86_400_000
] as const;

/** Number of buckets (the bounds plus +Inf). */
export const HISTOGRAM_SIZE = HISTOGRAM_BOUNDS_MS.length + 1;

/** The bucket of a duration: how many bounds it reaches (`width_bucket(ms, bounds)`). */
export function bucketOf(ms: number): number {
	let i = 0;
	while (i < HISTOGRAM_BOUNDS_MS.length && ms >= HISTOGRAM_BOUNDS_MS[i]) i++;
	return i;
}

/** A zero histogram. */
export function emptyHistogram(): number[] {
	return new Array(HISTOGRAM_SIZE).fill(0);
}

/** Adds `b` into `a` (same length) and returns `a`. */
export function addInto(a: number[], b: readonly number[] | null | undefined): number[] {
	if (!b) return a;
	for (let i = 0; i < HISTOGRAM_SIZE; i++) a[i] += b[i] ?? 0;
	return a;
}

/**
 * The q-quantile (0 < q < 1) of a histogram, in ms, by linear interpolation inside the bucket
 * that holds it (Prometheus' histogram_quantile). Null for an empty histogram. The +Inf bucket
 * reports its lower bound.
 */
export function quantile(hist: readonly number[], q: number): number | null {
	const total = hist.reduce((s, n) => s + n, 0);
	if (total === 0) return null;
	const rank = q * total;
	let seen = 0;
	for (let i = 0; i < hist.length; i++) {
		if (hist[i] === 0) continue;
		if (seen + hist[i] >= rank) {
			const lower = i === 0 ? 0 : HISTOGRAM_BOUNDS_MS[i - 1];
			if (i >= HISTOGRAM_BOUNDS_MS.length) return lower;
			const upper = HISTOGRAM_BOUNDS_MS[i];
			return lower + (upper - lower) * ((rank - seen) / hist[i]);
		}
		seen += hist[i];
	}
	return HISTOGRAM_BOUNDS_MS[HISTOGRAM_BOUNDS_MS.length - 1];
}
