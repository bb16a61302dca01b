// Means with 95 % confidence intervals (normal approximation: the samples here are hundreds of
// posts) and Welch's interval for a difference of means (unequal variances).
import { round } from '../common.ts';

const Z95 = 1.959964;

function meanVar(xs: readonly number[]) {
	const n = xs.length;
	const mean = n ? xs.reduce((s, x) => s + x, 0) / n : 0;
	const variance = n > 1 ? xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1) : 0;
	return { n, mean, variance };
}

export function meanCi(xs: readonly number[]) {
	const { n, mean, variance } = meanVar(xs);
	const half = n > 1 ? Z95 * Math.sqrt(variance / n) : 0;
	return { posts: n, mean: round(mean, 2), ci95: [round(mean - half, 2), round(mean + half, 2)] };
}

/** a − b with Welch's 95 % interval, and the same relative to b's mean. */
export function welchDiff(a: readonly number[], b: readonly number[]) {
	const A = meanVar(a);
	const B = meanVar(b);
	const diff = A.mean - B.mean;
	const half = A.n > 1 && B.n > 1 ? Z95 * Math.sqrt(A.variance / A.n + B.variance / B.n) : 0;
	const rel = (x: number) => (B.mean ? round((100 * x) / B.mean, 1) : null);
	return { agentMinusTimer: round(diff, 2), ci95: [round(diff - half, 2), round(diff + half, 2)], percent: rel(diff), percentCi95: [rel(diff - half), rel(diff + half)] };
}
