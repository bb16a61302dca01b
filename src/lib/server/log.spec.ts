import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runAsJob } from './jobs/job-context.ts';
import { createLogger, logLines, serializeError, withLogContext } from './log.ts';

/** A logger writing JSON lines into an array. */
function capture() {
	const lines: Record<string, unknown>[] = [];
	const destination = new Writable({
		write(chunk, _encoding, done) {
			for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
			done();
		}
	});
	return { lines, logger: createLogger({ format: 'json', level: 'debug', destination }) };
}

const job = { jobId: '0190aaaa-0000-7000-8000-000000000001', type: 'GENERATE_POST', attempt: 2, workerId: 'worker:host:1:abc' };

describe('structured logs', () => {
	it('writes one JSON object per line with an ISO time and the level by name', () => {
		const { lines, logger } = capture();
		logger.info({ botId: 'b1' }, 'hello');
		expect(lines).toHaveLength(1);
		expect(lines[0]).toMatchObject({ level: 'info', msg: 'hello', botId: 'b1', pid: process.pid });
		expect(new Date(lines[0].time as string).toISOString()).toBe(lines[0].time);
	});

	it('puts the running job on every line written inside it, through awaits, and on none outside', async () => {
		const { lines, logger } = capture();
		logger.info('before');
		await runAsJob(job, async () => {
			logger.info('start');
			await new Promise((r) => setTimeout(r, 5));
			await Promise.all([1, 2].map(async (n) => logger.child({ step: n }).debug('step')));
			logger.warn('end');
		});
		logger.info('after');
		const inJob = lines.filter((l) => l.msg !== 'before' && l.msg !== 'after');
		expect(inJob).toHaveLength(4);
		for (const line of inJob) expect(line).toMatchObject({ jobId: job.jobId, jobType: 'GENERATE_POST', attempt: 2, workerId: job.workerId });
		expect(lines.find((l) => l.msg === 'before')).not.toHaveProperty('jobId');
		expect(lines.find((l) => l.msg === 'after')).not.toHaveProperty('jobId');
	});

	it('puts the request id on lines written while a request is served; two requests do not mix', async () => {
		const { lines, logger } = capture();
		await Promise.all(
			['req-a', 'req-b'].map((requestId) =>
				withLogContext({ requestId }, async () => {
					await new Promise((r) => setTimeout(r, requestId === 'req-a' ? 10 : 1));
					logger.info({ mine: requestId }, 'served');
				})
			)
		);
		expect(lines).toHaveLength(2);
		for (const line of lines) expect(line.requestId).toBe(line.mine);
	});

	it('serializes errors with their code and cause, without the objects some errors carry', () => {
		const { lines, logger } = capture();
		const cause = Object.assign(new Error('connection refused'), { code: 'ECONNREFUSED' });
		const error = Object.assign(new Error('query failed', { cause }), { code: '57P01', client: { huge: 'x'.repeat(10_000) } });
		logger.error({ err: error }, 'failed');
		expect(lines[0].err).toMatchObject({ type: 'Error', message: 'query failed', code: '57P01', cause: { message: 'connection refused', code: 'ECONNREFUSED' } });
		expect(lines[0].err).not.toHaveProperty('client');
		expect(serializeError('plain')).toEqual({ message: 'plain' });
	});

	it('turns the queue’s sentences into info or warning lines', () => {
		const { lines, logger } = capture();
		const write = logLines(logger);
		write('rescued 2 job(s) whose worker stopped renewing its lock');
		write('claim failed: connection terminated');
		write('stop timed out with 1 job(s) still running');
		expect(lines.map((l) => l.level)).toEqual(['info', 'warn', 'warn']);
	});
});
