// The long-running worker. It wakes on LISTEN/NOTIFY when jobs are enqueued and polls as a
// fallback, claims in batches into a small local queue, runs up to `concurrency` handlers at a
// time, records successes in batches, renews the leases of what it holds, rescues jobs of dead
// workers, and on stop() claims nothing more, hands back what it had not started, and lets
// running handlers finish. Any number of workers (processes, machines) can share one database.
import pg from 'pg';
import type { Db } from '../db/client.ts';
import type { JobRegistry } from './registry.ts';
import { DEFAULT_LEASE_MS, leaseFor } from './registry.ts';
import { claimJobs, failJob, heartbeat, releaseJobs, rescueExpiredJobs, succeedJobs } from './claim.ts';
import { NOTIFY_CHANNEL } from './enqueue.ts';
import { errorMessage } from './errors.ts';
import { newWorkerId } from './process.ts';
import { runJob } from './run-job.ts';
import { JOB_TYPES } from '../../schemas/enums.ts';
import type { ClaimedJob, JobType } from './types.ts';

export interface WorkerOptions {
	db: Db;
	registry: JobRegistry;
	/** Handlers running at once. */
	concurrency?: number;
	/** Jobs held at once (running + claimed, waiting locally). Larger batches mean fewer round
	 * trips for short jobs; keep it near `concurrency` for long ones so others can take them. */
	prefetch?: number;
	pollIntervalMs?: number;
	rescueIntervalMs?: number;
	/** Only these types (default: all). */
	types?: JobType[];
	workerId?: string;
	/** LISTEN for enqueue notifications (default true). */
	listen?: boolean;
	log?: (message: string) => void;
}

export interface WorkerStats {
	succeeded: number;
	failed: number;
	claimed: number;
}

export class Worker {
	readonly id: string;
	readonly stats: WorkerStats = { succeeded: 0, failed: 0, claimed: 0 };
	private readonly db: Db;
	private readonly registry: JobRegistry;
	private readonly concurrency: number;
	private readonly prefetch: number;
	private readonly options: WorkerOptions;
	private readonly log: (message: string) => void;
	private readonly local: ClaimedJob[] = [];
	private readonly running = new Map<string, Promise<void>>();
	private completed: string[] = [];
	private flushing: Promise<void> | null = null;
	private flushScheduled = false;
	private claiming: Promise<void> | null = null;
	private wantClaim = false;
	private stopping = false;
	private started = false;
	private timers: NodeJS.Timeout[] = [];
	private listener: pg.Client | null = null;
	private readonly controller = new AbortController();

	constructor(options: WorkerOptions) {
		this.options = options;
		this.db = options.db;
		this.registry = options.registry;
		this.concurrency = Math.max(1, options.concurrency ?? 10);
		this.prefetch = Math.max(this.concurrency, options.prefetch ?? this.concurrency);
		this.id = options.workerId ?? newWorkerId();
		this.log = options.log ?? ((m) => console.log(`[worker ${this.id}] ${m}`));
	}

	async start(): Promise<void> {
		if (this.started) return;
		this.started = true;
		if (this.options.listen !== false) await this.connectListener();
		const poll = this.options.pollIntervalMs ?? 1_000;
		this.timers.push(setInterval(() => this.requestClaim(), poll));
		const types = (this.options.types ?? JOB_TYPES) as JobType[];
		const shortestLease = Math.min(...types.map((t) => leaseFor(this.registry, t)));
		this.timers.push(setInterval(() => void this.renewLeases(), Math.max(50, shortestLease / 3)));
		this.timers.push(setInterval(() => void this.rescue(), this.options.rescueIntervalMs ?? 30_000));
		void this.rescue();
		this.requestClaim();
	}

	/** Stop claiming, hand back unstarted jobs, wait for running handlers, flush results. */
	async stop(options: { timeoutMs?: number } = {}): Promise<void> {
		if (this.stopping) return;
		this.stopping = true;
		for (const t of this.timers) clearInterval(t);
		this.timers = [];
		await this.claiming;
		const unstarted = this.local.splice(0).map((j) => j.id);
		if (unstarted.length) await releaseJobs(this.db.pool, this.id, unstarted).catch((e) => this.log(`release failed: ${errorMessage(e)}`));
		const allDone = Promise.all(this.running.values());
		if (options.timeoutMs) {
			const timedOut = await Promise.race([allDone.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), options.timeoutMs).unref())]);
			if (timedOut) {
				// Handlers still running are abandoned; their jobs are rescued after their lease.
				this.log(`stop timed out with ${this.running.size} job(s) still running; aborting them`);
				this.controller.abort();
			}
		} else {
			await allDone;
		}
		await this.flush();
		await this.listener?.end().catch(() => {});
		this.listener = null;
	}

	private async connectListener(): Promise<void> {
		const client = new pg.Client({ connectionString: this.db.url });
		client.on('notification', () => this.requestClaim());
		client.on('error', (error) => {
			this.log(`LISTEN connection lost (${error.message}); polling until it is back`);
			this.listener = null;
			if (!this.stopping) setTimeout(() => void this.connectListener().catch(() => {}), 2_000).unref();
		});
		await client.connect();
		await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
		this.listener = client;
	}

	private requestClaim(): void {
		if (this.stopping) return;
		if (this.claiming) {
			this.wantClaim = true; // claim again as soon as the current one returns
			return;
		}
		const held = this.local.length + this.running.size;
		const room = this.prefetch - held;
		// Don't trickle: wait until there is room for a useful batch, unless the local queue
		// is about to run dry.
		if (room <= 0 || (this.local.length >= this.concurrency && room < this.prefetch / 2)) return;
		this.claiming = this.claim(room).finally(() => {
			this.claiming = null;
			if (this.wantClaim) {
				this.wantClaim = false;
				this.requestClaim();
			}
		});
	}

	private async claim(room: number): Promise<void> {
		let jobs: ClaimedJob[];
		try {
			jobs = await claimJobs(this.db.pool, this.id, room, this.options.types);
		} catch (error) {
			this.log(`claim failed: ${errorMessage(error)}`);
			return;
		}
		this.stats.claimed += jobs.length;
		this.local.push(...jobs);
		this.drain();
		// A full batch suggests more is waiting.
		if (jobs.length === room) this.wantClaim = true;
	}

	private drain(): void {
		while (this.running.size < this.concurrency && this.local.length > 0) {
			const job = this.local.shift()!;
			const promise = this.execute(job).finally(() => {
				this.running.delete(job.id);
				this.drain();
				this.requestClaim();
				});
			this.running.set(job.id, promise);
		}
	}

	private async execute(job: ClaimedJob): Promise<void> {
		const outcome = await runJob(this.db, this.registry, job, this.controller.signal);
		if (outcome.ok) {
			this.completed.push(job.id);
			this.scheduleFlush();
			return;
		}
		if (outcome.kind !== 'snooze') {
			this.stats.failed++;
			this.log(`job ${job.id} (${job.type}) attempt ${job.attempts} failed: ${errorMessage(outcome.error)}`);
		}
		await failJob(this.db.pool, job, outcome.error, { kind: outcome.kind, delayMs: outcome.delayMs }).catch((e) =>
			this.log(`could not record the failure of ${job.id}: ${errorMessage(e)} (it will be rescued after its lease)`)
		);
	}

	// Successes are written in batches: one UPDATE for everything that finished in this tick.
	private scheduleFlush(): void {
		if (this.flushScheduled) return;
		this.flushScheduled = true;
		setImmediate(() => {
			this.flushScheduled = false;
			void this.flush();
		});
	}

	private async flush(): Promise<void> {
		while (this.flushing) await this.flushing;
		if (this.completed.length === 0) return;
		const ids = this.completed;
		this.completed = [];
		this.flushing = succeedJobs(this.db.pool, this.id, ids)
			.then((n) => {
				this.stats.succeeded += n;
			})
			.catch((e) => this.log(`could not record ${ids.length} success(es): ${errorMessage(e)} (they will be rescued and run again)`))
			.finally(() => {
				this.flushing = null;
				if (this.completed.length) this.scheduleFlush();
			});
		await this.flushing;
	}

	private async renewLeases(): Promise<void> {
		const ids = [...this.running.keys(), ...this.local.map((j) => j.id)];
		await heartbeat(this.db.pool, this.id, ids).catch((e) => this.log(`heartbeat failed: ${errorMessage(e)}`));
	}

	private async rescue(): Promise<void> {
		const leases = Object.fromEntries(JOB_TYPES.map((t) => [t, leaseFor(this.registry, t as JobType) ?? DEFAULT_LEASE_MS])) as Record<JobType, number>;
		try {
			const rescued = await rescueExpiredJobs(this.db.pool, leases);
			if (rescued.length) {
				this.log(`rescued ${rescued.length} job(s) whose worker stopped renewing its lock`);
				this.requestClaim();
			}
		} catch (error) {
			this.log(`rescue failed: ${errorMessage(error)}`);
		}
	}
}
