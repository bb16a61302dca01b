// The long-running worker. It wakes on LISTEN/NOTIFY when jobs are enqueued and polls as a
// fallback, claims in batches into a small local queue, runs up to `concurrency` handlers at a
// time, records every outcome until it is written (outcomes.ts), renews the leases of what it
// holds on its own connection (control-connection.ts), rescues jobs of dead workers, and on
// stop() claims nothing more, hands back what it had not started, lets running handlers finish
// (or, past the timeout, aborts them and hands their jobs back without spending the attempt) and
// closes every connection it opened. Any number of workers can share one database.
import type { Db } from '../db/client.ts';
import type { JobRegistry } from './registry.ts';
import { claimJobs, DEFAULT_LEASE_MS, heartbeat, rescueExpiredJobs } from './claim.ts';
import { ControlConnection } from './control-connection.ts';
import { NOTIFY_CHANNEL } from './enqueue.ts';
import { errorMessage, errorSummary } from './errors.ts';
import { OutcomeRecorder } from './outcomes.ts';
import { beatWorker, markWorkerStopped, registerWorker } from './worker-registry.ts';
import { newWorkerId } from './process.ts';
import { attemptEvent, runJob, type JobAttemptEvent } from './run-job.ts';
import type { ClaimedJob } from './types.ts';

export interface WorkerOptions {
	db: Db;
	registry: JobRegistry;
	/** Handlers running at once. May exceed the pool size: handlers then wait for a connection. */
	concurrency?: number;
	/** Jobs held at once (running + claimed, waiting locally). Larger batches mean fewer round
	 * trips for short jobs; keep it near `concurrency` for long ones so others can take them. */
	prefetch?: number;
	pollIntervalMs?: number;
	/** How often this worker looks for expired leases of dead workers (JOB_RESCUE_INTERVAL_MS). */
	rescueIntervalMs?: number;
	/** How long a claimed job stays ours without a renewal (JOB_LEASE_MS); renewed every lease/3. */
	leaseMs?: number;
	/** Only these types (default: every type in the registry). */
	types?: string[];
	workerId?: string;
	/** LISTEN for enqueue notifications (default true). */
	listen?: boolean;
	/** How long stop() keeps retrying outcome writes the database refuses (default 30 s). */
	outcomeDeadlineMs?: number;
	/** Called when each attempt's handler returns (metrics, logs). Must not throw. */
	onAttempt?: (event: JobAttemptEvent) => void;
	/** How it shows on the Workers page: `process` (npm run worker, the default) or `in-process`. */
	kind?: 'process' | 'in-process';
	log?: (message: string) => void;
}

export interface WorkerStats {
	succeeded: number;
	failed: number;
	claimed: number;
	/** Handed back without spending an attempt (shutdown). */
	released: number;
}

export class Worker {
	readonly id: string;
	readonly stats: WorkerStats = { succeeded: 0, failed: 0, claimed: 0, released: 0 };
	private readonly db: Db;
	private readonly registry: JobRegistry;
	private readonly concurrency: number;
	private readonly prefetch: number;
	private readonly options: WorkerOptions;
	private readonly log: (message: string) => void;
	private readonly local: ClaimedJob[] = [];
	private readonly running = new Map<string, { job: ClaimedJob; promise: Promise<void> }>();
	private readonly recorder: OutcomeRecorder;
	private readonly control: ControlConnection;
	private claiming: Promise<void> | null = null;
	private wantClaim = false;
	private stopping = false;
	private started = false;
	/** Jobs handed back because stop() timed out while they ran: their late outcome is ignored. */
	private readonly handedBack = new Set<string>();
	private timers: NodeJS.Timeout[] = [];
	private heartbeatTimer: NodeJS.Timeout | null = null;
	private readonly controller = new AbortController();
	private readonly leaseMs: number;

	constructor(options: WorkerOptions) {
		this.options = options;
		this.db = options.db;
		this.registry = options.registry;
		this.concurrency = Math.max(1, options.concurrency ?? 10);
		this.prefetch = Math.max(this.concurrency, options.prefetch ?? this.concurrency);
		this.id = options.workerId ?? newWorkerId();
		this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
		this.log = options.log ?? ((m) => console.log(`[worker ${this.id}] ${m}`));
		this.recorder = new OutcomeRecorder({
			q: this.db.pool,
			workerId: this.id,
			log: this.log,
			onWritten: (_job, outcome, changed) => {
				if (!changed) return;
				if (outcome.kind === 'success') this.stats.succeeded++;
				else if (outcome.kind === 'release') this.stats.released++;
			}
		});
		this.control = new ControlConnection({
			url: this.db.url,
			channel: options.listen === false ? null : NOTIFY_CHANNEL,
			onNotification: () => this.requestClaim(),
			// Back after an outage: renew at once (before any rescuer can take our jobs), say we are
			// here (again), then claim.
			onConnected: () => {
				void this.renewLeases();
				void this.register();
				this.requestClaim();
			},
			log: this.log,
			applicationName: `rudo-worker ${this.id}`
		});
	}

	/** How many times this worker has (re)opened its own connection. */
	get controlConnects(): number {
		return this.control.connects;
	}

	/** The types this worker claims. */
	get types(): string[] {
		return this.options.types ?? Object.keys(this.registry).filter((t) => this.registry[t]);
	}

	/** Jobs this worker holds now: running, claimed and waiting, or finished with the outcome not yet written. */
	heldJobIds(): string[] {
		return [...new Set([...this.running.keys(), ...this.local.map((j) => j.id), ...this.recorder.pendingIds()])];
	}

	async start(): Promise<void> {
		if (this.started) return;
		this.started = true;
		await this.control.start();
		const poll = this.options.pollIntervalMs ?? 1_000;
		this.timers.push(setInterval(() => this.requestClaim(), poll));
		this.heartbeatTimer = setInterval(() => void this.renewLeases(), Math.max(50, this.leaseMs / 3));
		this.timers.push(setInterval(() => void this.rescue(), this.options.rescueIntervalMs ?? 15_000));
		void this.rescue();
		this.requestClaim();
	}

	/**
	 * Stops: claim nothing more, hand back unstarted jobs, wait for running handlers (at most
	 * `timeoutMs`; then they are aborted and their jobs handed back without spending the
	 * attempt), write every outcome, close the connections. Leases are renewed until the end.
	 */
	async stop(options: { timeoutMs?: number } = {}): Promise<void> {
		if (this.stopping) return;
		this.stopping = true;
		for (const t of this.timers) clearInterval(t);
		this.timers = [];
		await this.claiming;
		for (const job of this.local.splice(0)) void this.recorder.record(job, { kind: 'release' });

		const allDone = Promise.all([...this.running.values()].map((r) => r.promise));
		const timedOut =
			options.timeoutMs === undefined
				? (await allDone, false)
				: await Promise.race([allDone.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), options.timeoutMs).unref())]);
		if (timedOut && this.running.size > 0) {
			this.log(`stop timed out with ${this.running.size} job(s) still running; aborting them and handing them back`);
			this.controller.abort(new Error('The worker is shutting down'));
			// A moment for handlers that honour the signal to unwind; the rest are handed back now
			// (a late side effect that completes in its transaction is refused: the job is no longer ours).
			await Promise.race([allDone, new Promise((r) => setTimeout(r, 2_000).unref())]);
			for (const { job } of this.running.values()) {
				this.handedBack.add(job.id);
				void this.recorder.record(job, { kind: 'release', note: 'Handed back: the worker shut down before this attempt finished' });
			}
		}
		const left = await this.recorder.drain(this.options.outcomeDeadlineMs ?? 30_000);
		if (left > 0) this.log(`${left} outcome(s) could not be written before stopping; those jobs are rescued after their lease`);
		this.recorder.stop();
		if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
		this.heartbeatTimer = null;
		if (this.control.connected) await markWorkerStopped(this.control, this.id).catch(() => {});
		await this.control.stop();
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
			jobs = await claimJobs(this.db.pool, this.id, room, this.types, this.leaseMs);
		} catch (error) {
			this.log(`claim failed: ${errorMessage(error)}`);
			return;
		}
		this.stats.claimed += jobs.length;
		if (this.stopping) {
			for (const job of jobs) void this.recorder.record(job, { kind: 'release' });
			return;
		}
		this.local.push(...jobs);
		this.drain();
		// A full batch suggests more is waiting.
		if (jobs.length === room) this.wantClaim = true;
	}

	private drain(): void {
		while (this.running.size < this.concurrency && this.local.length > 0 && !this.stopping) {
			const job = this.local.shift()!;
			const promise = this.execute(job).finally(() => {
				this.running.delete(job.id);
				this.drain();
				this.requestClaim();
			});
			this.running.set(job.id, { job, promise });
		}
	}

	private async execute(job: ClaimedJob): Promise<void> {
		const started = performance.now();
		const outcome = await runJob(this.db, this.registry, job, this.controller.signal);
		this.options.onAttempt?.(attemptEvent(job, outcome, performance.now() - started));
		// Past the stop timeout the job was handed back (see stop()); nothing more to record.
		if (this.handedBack.has(job.id)) return;
		if (outcome.ok) {
			void this.recorder.record(job, { kind: 'success' });
			return;
		}
		if (outcome.kind !== 'snooze') {
			this.stats.failed++;
			this.log(`job ${job.id} (${job.type}) attempt ${job.attempts} failed: ${errorSummary(outcome.error)}`);
		}
		void this.recorder.record(job, { kind: 'failure', error: outcome.error, failure: outcome.kind, delayMs: outcome.delayMs });
	}

	private async renewLeases(): Promise<void> {
		if (!this.control.connected) return;
		const ids = this.heldJobIds();
		try {
			if (ids.length) await heartbeat(this.control, this.id, ids, this.leaseMs);
			await beatWorker(this.control, this.id);
		} catch (error) {
			this.log(`heartbeat failed: ${errorMessage(error)}`);
		}
	}

	private async register(): Promise<void> {
		await registerWorker(this.control, { id: this.id, kind: this.options.kind ?? 'process', concurrency: this.concurrency, types: this.types, leaseMs: this.leaseMs }).catch((e) =>
			this.log(`could not register on the workers page: ${errorMessage(e)}`)
		);
	}

	private async rescue(): Promise<void> {
		try {
			const rescued = await rescueExpiredJobs(this.db.pool);
			if (rescued.length) {
				this.log(`rescued ${rescued.length} job(s) whose worker stopped renewing its lock`);
				this.requestClaim();
			}
		} catch (error) {
			this.log(`rescue failed: ${errorMessage(error)}`);
		}
	}
}
