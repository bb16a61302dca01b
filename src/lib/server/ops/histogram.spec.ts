import { describe, expect, it } from 'vitest';
import { addInto, bucketOf, emptyHistogram, HISTOGRAM_SIZE, quantile } from './histogram.ts';

describe('duration histograms', () => {
	it('numbers buckets as width_bucket does: how many bounds a duration reaches', () => {
		expect(bucketOf(0)).toBe(0);
		expect(bucketOf(9.9)).toBe(0);
		expect(bucketOf(10)).toBe(1);
		expect(bucketOf(999)).toBe(6);
		expect(bucketOf(1000)).toBe(7);
		expect(bucketOf(1e12)).toBe(HISTOGRAM_SIZE - 1);
	});

	it('interpolates quantiles inside the bucket, as Prometheus does', () => {
		const h = emptyHistogram();
		for (let i = 0; i < 100; i++) h[bucketOf(600)]++; // all in (500, 1000]
		expect(quantile(h, 0.5)).toBe(750);
		expect(quantile(h, 0.95)).toBeCloseTo(975);
		expect(quantile(emptyHistogram(), 0.5)).toBeNull();
	});

	it('adds windows by adding counts', () => {
		const a = emptyHistogram();
		const b = emptyHistogram();
		a[2] = 3;
		b[2] = 1;
		b[5] = 4;
		expect(addInto(a, b).slice(0, 6)).toEqual([0, 0, 4, 0, 0, 4]);
	});
});
