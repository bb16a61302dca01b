// The chaos suite's test-only job type, loaded into real `npm run worker` processes through
// RUDO_JOB_MODULES (so production never sees it). CHAOS_JOB can sleep, hold a pooled connection,
// fail its first N attempts, and writes exactly one row per job: the row and the job's completion
// commit in one transaction (completeInTransaction), so an attempt that lost its job writes
// nothing. Every handler start and end is appended to a per-process log file (CHAOS_LOG_DIR),
// which survives a database that is down, so the suite can tell which attempts really ran when.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { defineJob } from '../../src/lib/server/jobs/registry.ts';
import { prismaQueryable } from '../../src/lib/server/jobs/types.ts';

const logFile = process.env.CHAOS_LOG_DIR ? join(process.env.CHAOS_LOG_DIR, `${process.pid}.jsonl`) : null;

export interface ChaosLogLine {
	event: 'start' | 'end';
	job: string;
	attempt: number;
	pid: number;
	at: number;
	outcome?: 'ok' | 'error';
}

function log(line: Omit<ChaosLogLine, 'pid' | 'at'>): void {
	if (logFile) appendFileSync(logFile, JSON.stringify({ ...line, pid: process.pid, at: Date.now() }) + '\n');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const chaosJob = defineJob({
	type: 'CHAOS_JOB',
	maxAttempts: 25,
	payload: z.object({
		sleepMs: z.number().int().min(0).max(60_000).default(0),
		/** Holds one pooled connection this long (pg_sleep) before the rest. */
		holdConnectionMs: z.number().int().min(0).max(60_000).default(0),
		/** Attempts 1…failTimes fail on purpose. */
		failTimes: z.number().int().min(0).max(20).default(0)
	}),
	async handler(p, { db, job, completeInTransaction }) {
		log({ event: 'start', job: job.id, attempt: job.attempts });
		let outcome: 'ok' | 'error' = 'error';
		try {
			if (p.holdConnectionMs) await db.pool.query('SELECT pg_sleep($1::float8 / 1000)', [p.holdConnectionMs]);
			// Deliberately deaf to the abort signal: the worst kind of handler for a shutdown.
			if (p.sleepMs) await sleep(p.sleepMs);
			if (job.attempts <= p.failTimes) throw new Error(`planned failure on attempt ${job.attempts}`);
			await db.prisma.$transaction(async (tx) => {
				await tx.$executeRawUnsafe(`INSERT INTO chaos_effects (job_id, attempt, pid) VALUES ($1::uuid, $2, $3)`, job.id, job.attempts, process.pid);
				await completeInTransaction(prismaQueryable(tx));
			});
			outcome = 'ok';
		} finally {
			log({ event: 'end', job: job.id, attempt: job.attempts, outcome });
		}
	}
});

export default [chaosJob];
