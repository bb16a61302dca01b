import { describe, expect, it } from 'vitest';
import { jobDuration } from './job-duration.ts';

const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms);

describe('jobDuration', () => {
	it('reads like a person would say it', () => {
		expect(jobDuration(at(0), at(240))).toBe('240 ms');
		expect(jobDuration(at(0), at(2_549))).toBe('2.5 s');
		expect(jobDuration(at(0), at(45_000))).toBe('45 s');
		expect(jobDuration(at(0), at(200_000))).toBe('3 min 20 s');
		expect(jobDuration(at(0), at(7_500_000))).toBe('2 h 5 min');
	});

	it('is null until the job has both started and finished', () => {
		expect(jobDuration(null, at(10))).toBeNull();
		expect(jobDuration(at(0), null)).toBeNull();
	});

	it('never goes negative when clocks disagree', () => {
		expect(jobDuration(at(500), at(0))).toBe('0 ms');
	});
});
