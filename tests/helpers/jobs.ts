// Helpers for queue tests: read jobs back, and make claimed jobs due again without waiting.
import { z } from 'zod';
import type { Db } from '../../src/lib/server/db/client.ts';
import { defineJob, type JobRegistry } from '../../src/lib/server/jobs/registry.ts';
import type { JobErrorEntry } from '../../src/lib/server/jobs/types.ts';

export interface JobRow {
	id: string;
	type: string;
	status: string;
	botId: string | null;
	payload: unknown;
	attempts: number;
	maxAttempts: number;
	runAt: Date;
	lockedAt: Date | null;
	lockedBy: string | null;
	lastError: string | null;
	errors: JobErrorEntry[];
	finishedAt: Date | null;
	key: string | null;
}

export async function getJob(db: Db, id: string): Promise<JobRow> {
	const { rows } = await db.pool.query<JobRow>('SELECT * FROM jobs WHERE id = $1', [id]);
	if (!rows[0]) throw new Error(`job ${id} not found`);
	return rows[0];
}

export async function makeDue(db: Db, id?: string): Promise<void> {
	if (id) await db.pool.query(`UPDATE jobs SET "runAt" = now() - interval '1 second' WHERE id = $1`, [id]);
	else await db.pool.query(`UPDATE jobs SET "runAt" = now() - interval '1 second' WHERE status IN ('QUEUED', 'RETRY')`);
}

export async function statusCounts(db: Db): Promise<Record<string, number>> {
	const { rows } = await db.pool.query<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM jobs GROUP BY status`);
	return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** A registry whose handlers record what they ran; behaviour per call is up to the test. */
export function recordingRegistry(behaviour: (type: string, payload: any) => Promise<void> | void = () => {}) {
	const calls: { type: string; payload: any; jobId: string }[] = [];
	const make = (type: 'GENERATE_POST' | 'CREW_COMMENT' | 'RECALC_ENGAGEMENT' | 'BOT_CYCLE', payload: z.ZodType<any>) =>
		defineJob({
			type,
			payload,
			async handler(p, ctx) {
				calls.push({ type, payload: p, jobId: ctx.job.id });
				await behaviour(type, p);
			}
		});
	const registry: JobRegistry = {
		GENERATE_POST: make('GENERATE_POST', z.object({ botId: z.string().min(1) })),
		CREW_COMMENT: make('CREW_COMMENT', z.object({}).passthrough()),
		RECALC_ENGAGEMENT: make('RECALC_ENGAGEMENT', z.object({}).passthrough()),
		BOT_CYCLE: make('BOT_CYCLE', z.object({ n: z.number().optional() }).passthrough())
	};
	return { registry, calls };
}
