import { describe, expect, it } from 'vitest';
import { nextStateAfterFailure, retryDelayMs } from './backoff.ts';

describe('retry backoff', () => {
	it('waits 30 s · 2^(n−1) after failed attempt n: 30, 60, 120, 240 s', () => {
		expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
	});

	it('rejects attempt numbers that cannot happen', () => {
		expect(() => retryDelayMs(0)).toThrow(RangeError);
		expect(() => retryDelayMs(1.5)).toThrow(RangeError);
	});

	it('retries before the last attempt and fails on it', () => {
		const now = new Date('2026-01-01T00:00:00Z');
		expect(nextStateAfterFailure(1, 5, now)).toEqual({ status: 'RETRY', runAt: new Date('2026-01-01T00:00:30Z') });
		expect(nextStateAfterFailure(4, 5, now)).toEqual({ status: 'RETRY', runAt: new Date('2026-01-01T00:04:00Z') });
		expect(nextStateAfterFailure(5, 5, now)).toEqual({ status: 'FAILED', runAt: null });
		expect(nextStateAfterFailure(1, 1, now).status).toBe('FAILED');
	});
});

describe('backoff cap', () => {
	it('never waits more than an hour, however many attempts failed', () => {
		expect(retryDelayMs(7)).toBe(32 * 60_000);
		expect(retryDelayMs(8)).toBe(60 * 60_000);
		expect(retryDelayMs(18)).toBe(60 * 60_000);
		expect(retryDelayMs(10_000)).toBe(60 * 60_000);
	});

	it('computes no delay for the final attempt of a long job', () => {
		const now = new Date('2026-01-01T00:00:00Z');
		expect(nextStateAfterFailure(20, 20, now)).toEqual({ status: 'FAILED', runAt: null });
		expect(nextStateAfterFailure(18, 20, now)).toEqual({ status: 'RETRY', runAt: new Date('2026-01-01T01:00:00Z') });
	});
});
