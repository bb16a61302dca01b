import { describe, expect, it } from 'vitest';
import { batchSizeSchema, checkBatchSize } from './batch.ts';

describe('batch size', () => {
	it('accepts whole numbers from 1 to 100', () => {
		for (const n of [1, 10, 100]) expect(checkBatchSize(n)).toEqual({ ok: true, value: n });
	});

	it('refuses 0, 101, 500, fractions, empty and text with one human message naming the range', () => {
		for (const v of [0, 101, 500, 1.5, -3, null, '', undefined, 'ten', Number.NaN]) {
			expect(checkBatchSize(v)).toEqual({ ok: false, message: 'Enter a whole number from 1 to 100.' });
		}
	});

	it('gives the server the same message (zod issues)', () => {
		const result = batchSizeSchema.safeParse(500);
		expect(result.success).toBe(false);
		expect(result.error?.issues.map((i) => i.message)).toEqual(['Enter a whole number from 1 to 100.']);
	});
});
