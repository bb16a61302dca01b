// How many due jobs "Process a batch" and "Run a full cron tick" claim at once: the one rule, used
// by the queue router's input and by the Queue health form before it sends anything. Browser-safe.
import { z } from 'zod';

export const BATCH_SIZE_MIN = 1;
export const BATCH_SIZE_MAX = 100;
export const BATCH_SIZE_DEFAULT = 10;

const message = `Enter a whole number from ${BATCH_SIZE_MIN} to ${BATCH_SIZE_MAX}.`;

/** A batch size: a whole number 1–100; every failure reads "Enter a whole number from 1 to 100." */
export const batchSizeSchema = z.number({ error: message }).int({ error: message }).min(BATCH_SIZE_MIN, { error: message }).max(BATCH_SIZE_MAX, { error: message });

/**
 * What the form's number field holds (a number, or null/'' when empty or not a number) checked
 * by the same rule: the batch size, or the message to show beside the field.
 */
export function checkBatchSize(value: unknown): { ok: true; value: number } | { ok: false; message: string } {
	const result = batchSizeSchema.safeParse(typeof value === 'number' ? value : Number.NaN);
	return result.success ? { ok: true, value: result.data } : { ok: false, message };
}
