import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { resetEnvCache } from '../env.ts';
import type { JobAttemptEvent } from '../jobs/run-job.ts';
import type { ClaimedJob } from '../jobs/types.ts';
import { createLogger } from '../log.ts';
import { checkMetricsAuth, metricsResponse } from './endpoint.ts';
import { jobAttemptObserver } from './job-attempts.ts';
import { RudoMetrics } from './registry.ts';

const saved = { NODE_ENV: process.env.NODE_ENV, METRICS_TOKEN: process.env.METRICS_TOKEN };
afterEach(() => {
	for (const [k, v] of Object.entries(saved)) {
		if (v === undefined) delete process.env[k];
		else process.env[k] = v;
	}
	resetEnvCache();
});

function setEnv(values: Record<string, string | undefined>) {
	for (const [k, v] of Object.entries(values)) {
		if (v === undefined) delete process.env[k];
		else process.env[k] = v;
	}
	resetEnvCache();
}

const job = (over: Partial<ClaimedJob> = {}): ClaimedJob => ({
	id: '0190aaaa-0000-7000-8000-000000000001',
	type: 'GENERATE_POST',
	botId: 'b1',
	payload: {},
	priority: 0,
	runAt: new Date(),
	attempts: 1,
	maxAttempts: 5,
	lockedBy: 'worker:host:1:abc',
	...over
});

/** The value of one sample line, e.g. sample(text, 'rudo_job_attempts_total{type="X",result="y"}'). */
function sample(text: string, series: string): number | undefined {
	const line = text.split('\n').find((l) => l.startsWith(`${series} `));
	return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('job attempt metrics and log lines', () => {
	it('counts attempts by type and result, times them in the histogram, and logs each with its job id', async () => {
		const metrics = new RudoMetrics({ defaultMetrics: false });
		const lines: Record<string, unknown>[] = [];
		const destination = new Writable({ write: (c, _e, done) => (lines.push(JSON.parse(String(c))), done()) });
		const observe = jobAttemptObserver(metrics, createLogger({ format: 'json', destination }));
		const events: JobAttemptEvent[] = [
			{ job: job(), result: 'succeeded', durationMs: 40 },
			{ job: job({ id: '0190aaaa-0000-7000-8000-000000000002' }), result: 'succeeded', durationMs: 3_000 },
			{ job: job({ id: '0190aaaa-0000-7000-8000-000000000003', attempts: 3 }), result: 'failed', durationMs: 120, error: new Error('provider timed out') },
			{ job: job({ type: 'CREW_COMMENT' }), result: 'snoozed', durationMs: 2, error: new Error('over budget') }
		];
		for (const e of events) observe(e);

		const text = await metrics.render();
		expect(sample(text, 'rudo_job_attempts_total{type="GENERATE_POST",result="succeeded"}')).toBe(2);
		expect(sample(text, 'rudo_job_attempts_total{type="GENERATE_POST",result="failed"}')).toBe(1);
		expect(sample(text, 'rudo_job_attempts_total{type="CREW_COMMENT",result="snoozed"}')).toBe(1);
		// 40 ms falls in the 0.05 s bucket, 3 s in the 5 s one.
		expect(sample(text, 'rudo_job_attempt_duration_seconds_bucket{le="0.05",type="GENERATE_POST",result="succeeded"}')).toBe(1);
		expect(sample(text, 'rudo_job_attempt_duration_seconds_bucket{le="5",type="GENERATE_POST",result="succeeded"}')).toBe(2);
		expect(sample(text, 'rudo_job_attempt_duration_seconds_sum{type="GENERATE_POST",result="succeeded"}')).toBeCloseTo(3.04, 5);

		expect(lines).toHaveLength(4);
		expect(lines[0]).toMatchObject({ level: 'info', msg: 'job succeeded', jobId: events[0].job.id, jobType: 'GENERATE_POST', durationMs: 40 });
		expect(lines[2]).toMatchObject({ level: 'warn', msg: 'job failed', jobId: events[2].job.id, attempt: 3, err: { message: 'provider timed out' } });
		expect(lines[3]).toMatchObject({ level: 'info', msg: 'job snoozed', reason: 'over budget' });
	});

	it('counts provider calls and spend by provider, model and operation', async () => {
		const metrics = new RudoMetrics({ defaultMetrics: false });
		metrics.observeUsage([
			{ provider: 'openai', model: 'gpt-4o-mini', operation: 'caption', costUsd: 0.0012 },
			{ provider: 'openai', model: 'gpt-4o-mini', operation: 'caption', costUsd: 0.0008 },
			{ provider: 'local', model: 'local-image', operation: 'image', costUsd: 0 }
		]);
		const text = await metrics.render();
		expect(sample(text, 'rudo_provider_calls_total{provider="openai",model="gpt-4o-mini",operation="caption"}')).toBe(2);
		expect(sample(text, 'rudo_provider_spend_usd_total{provider="openai",model="gpt-4o-mini",operation="caption"}')).toBeCloseTo(0.002, 9);
		expect(sample(text, 'rudo_provider_calls_total{provider="local",model="local-image",operation="image"}')).toBe(1);
		expect(sample(text, 'rudo_provider_spend_usd_total{provider="local",model="local-image",operation="image"}')).toBe(0);
	});

	it('a throwing metric never reaches the queue', () => {
		const metrics = new RudoMetrics({ defaultMetrics: false });
		metrics.observeAttempt = () => {
			throw new Error('boom');
		};
		const observe = jobAttemptObserver(metrics, createLogger({ format: 'json', level: 'silent' }));
		expect(() => observe({ job: job(), result: 'succeeded', durationMs: 1 })).not.toThrow();
	});
});

describe('/metrics authorization', () => {
	it('is refused in production until METRICS_TOKEN is set', async () => {
		setEnv({ NODE_ENV: 'production', METRICS_TOKEN: undefined });
		expect(checkMetricsAuth('Bearer anything')).toMatchObject({ ok: false, status: 503 });
		const response = await metricsResponse(null, new RudoMetrics({ defaultMetrics: false }), undefined);
		expect(response.status).toBe(503);
		expect(await response.text()).toMatch(/METRICS_TOKEN is not configured/);
	});

	it('needs the bearer token when one is set, in any mode', async () => {
		for (const mode of ['production', 'development']) {
			setEnv({ NODE_ENV: mode, METRICS_TOKEN: 'a-metrics-token-0123456789' });
			expect(checkMetricsAuth(null)).toMatchObject({ ok: false, status: 401 });
			expect(checkMetricsAuth('Bearer a-metrics-token-012345678')).toMatchObject({ ok: false, status: 401 });
			expect(checkMetricsAuth('Basic a-metrics-token-0123456789')).toMatchObject({ ok: false, status: 401 });
			expect(checkMetricsAuth('Bearer a-metrics-token-0123456789')).toEqual({ ok: true });
		}
		const denied = await metricsResponse('Bearer nope', new RudoMetrics({ defaultMetrics: false }), undefined);
		expect(denied.status).toBe(401);
		expect(denied.headers.get('www-authenticate')).toBe('Bearer');
		const metrics = new RudoMetrics();
		metrics.observeAttempt({ job: job(), result: 'succeeded', durationMs: 5 });
		const ok = await metricsResponse('Bearer a-metrics-token-0123456789', metrics, undefined);
		expect(ok.status).toBe(200);
		expect(ok.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
		const body = await ok.text();
		expect(body).toContain('rudo_job_attempts_total{type="GENERATE_POST",result="succeeded"} 1');
		// prom-client's process metrics come along.
		expect(body).toMatch(/^process_cpu_user_seconds_total \d/m);
	});

	it('is open in development when no token is set', () => {
		setEnv({ NODE_ENV: 'development', METRICS_TOKEN: undefined });
		expect(checkMetricsAuth(null)).toEqual({ ok: true });
	});

	it('refuses a token shorter than 16 characters at start-up', async () => {
		setEnv({ METRICS_TOKEN: 'short' });
		const { env } = await import('../env.ts');
		expect(() => env()).toThrow(/METRICS_TOKEN must be at least 16 characters/);
	});
});
