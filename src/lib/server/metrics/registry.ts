// Prometheus metrics of this process (prom-client). Each process — a web server, `npm run
// worker` — has its own registry and exposes it at its own /metrics; Prometheus scrapes each and
// sums across them. What a process counts is what happened in it (job attempts it ran, provider
// calls it made); what the queue holds is read from the database at scrape time (queue-depth.ts),
// so any process answers that the same way.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { UsageRecord } from '../ai/providers/types.ts';
import type { Db } from '../db/client.ts';
import type { JobAttemptEvent } from '../jobs/run-job.ts';
import { rootLogger } from '../log.ts';
import { readQueueDepth, QUEUE_DEPTH_STATUSES } from './queue-depth.ts';
import { JOB_TYPES } from '../../schemas/enums.ts';

/**
 * Run-time buckets in seconds: from a 10 ms no-op to a 10-minute video render (the longest
 * provider deadline), roughly ×2.5 apart.
 */
export const JOB_DURATION_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 60, 120, 300, 600];

export class RudoMetrics {
	readonly registry = new Registry();

	/** Attempts finished, by job type and result (succeeded | failed | snoozed | cancelled): throughput and failures. */
	readonly jobAttempts = new Counter({
		name: 'rudo_job_attempts_total',
		help: 'Job attempts this process ran, by type and result (succeeded, failed, snoozed, cancelled).',
		labelNames: ['type', 'result'] as const,
		registers: [this.registry]
	});

	/** Handler time per attempt, gates included. */
	readonly jobDuration = new Histogram({
		name: 'rudo_job_attempt_duration_seconds',
		help: 'Run time of each job attempt in this process (handler and gates), in seconds.',
		labelNames: ['type', 'result'] as const,
		buckets: JOB_DURATION_BUCKETS,
		registers: [this.registry]
	});

	readonly providerCalls = new Counter({
		name: 'rudo_provider_calls_total',
		help: 'Provider calls this process recorded in the usage ledger, by provider, model and operation.',
		labelNames: ['provider', 'model', 'operation'] as const,
		registers: [this.registry]
	});

	readonly providerSpend = new Counter({
		name: 'rudo_provider_spend_usd_total',
		help: 'Estimated spend of the provider calls this process recorded, in US dollars (the usage ledger\'s price list).',
		labelNames: ['provider', 'model', 'operation'] as const,
		registers: [this.registry]
	});

	/** Pending jobs by type and status (QUEUED, RUNNING, RETRY), from the database at scrape time. */
	readonly queueJobs = new Gauge({
		name: 'rudo_queue_jobs',
		help: 'Pending jobs in the queue by type and status (QUEUED, RUNNING, RETRY), read at scrape time.',
		labelNames: ['type', 'status'] as const,
		registers: [this.registry]
	});

	readonly queueDue = new Gauge({
		name: 'rudo_queue_due_jobs',
		help: 'QUEUED or RETRY jobs whose run time has come (waiting for a worker), by type.',
		labelNames: ['type'] as const,
		registers: [this.registry]
	});

	readonly queueOldestDue = new Gauge({
		name: 'rudo_queue_oldest_due_seconds',
		help: 'How long the longest-waiting due job has waited past its run time, by type (0 when none waits).',
		labelNames: ['type'] as const,
		registers: [this.registry]
	});

	readonly queueUp = new Gauge({
		name: 'rudo_queue_depth_up',
		help: '1 when the last scrape read the queue depth from the database, 0 when it could not.',
		registers: [this.registry]
	});

	constructor(options: { defaultMetrics?: boolean } = {}) {
		// Process CPU, memory, event-loop lag, GC: the standard prom-client set.
		if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry });
	}

	/** Counts one attempt (the queue's onAttempt event). Never throws. */
	observeAttempt(event: JobAttemptEvent): void {
		const labels = { type: event.job.type, result: event.result };
		this.jobAttempts.inc(labels);
		this.jobDuration.observe(labels, Math.max(0, event.durationMs) / 1000);
	}

	/** Counts provider calls as they are written to the usage ledger. */
	observeUsage(records: readonly UsageRecord[]): void {
		for (const r of records) {
			const labels = { provider: r.provider, model: r.model, operation: r.operation };
			this.providerCalls.inc(labels);
			// Local providers cost 0: the series still appears, at 0.
			this.providerSpend.inc(labels, Number.isFinite(r.costUsd) && r.costUsd > 0 ? r.costUsd : 0);
		}
	}

	/**
	 * The exposition text (Prometheus text format 0.0.4). With `db`, the queue gauges are read
	 * first (one cheap query over pending jobs only); when that fails they are left out and
	 * rudo_queue_depth_up is 0, so the rest of the scrape still arrives.
	 */
	async render(db?: Db): Promise<string> {
		if (db) {
			this.queueJobs.reset();
			this.queueDue.reset();
			this.queueOldestDue.reset();
			try {
				const depth = await readQueueDepth(db.pool);
				// Every known type × status, so a series drops to 0 instead of vanishing.
				const types = new Set<string>([...JOB_TYPES, ...depth.map((d) => d.type)]);
				for (const type of types) {
					for (const status of QUEUE_DEPTH_STATUSES) this.queueJobs.set({ type, status }, 0);
					this.queueDue.set({ type }, 0);
					this.queueOldestDue.set({ type }, 0);
				}
				const due = new Map<string, { jobs: number; oldest: number }>();
				for (const d of depth) {
					this.queueJobs.set({ type: d.type, status: d.status }, d.jobs);
					if (d.status === 'RUNNING') continue;
					const sum = due.get(d.type) ?? { jobs: 0, oldest: 0 };
					due.set(d.type, { jobs: sum.jobs + d.due, oldest: Math.max(sum.oldest, d.oldestDueSeconds) });
				}
				for (const [type, sum] of due) {
					this.queueDue.set({ type }, sum.jobs);
					this.queueOldestDue.set({ type }, sum.oldest);
				}
				this.queueUp.set(1);
			} catch (error) {
				this.queueUp.set(0);
				rootLogger().warn({ component: 'metrics', err: error }, 'could not read the queue depth');
			}
		}
		return this.registry.metrics();
	}

	get contentType(): string {
		return this.registry.contentType;
	}
}

// One per process; kept on globalThis because Vite re-evaluates server modules on change and a
// second registry would start every counter from zero.
const KEY = Symbol.for('rudo.metrics');
const store = globalThis as unknown as Record<symbol, RudoMetrics | undefined>;

/** This process's metrics, made on first use. */
export function processMetrics(): RudoMetrics {
	return (store[KEY] ??= new RudoMetrics());
}
