// Writing what became of each attempt, until it is written. A worker whose database write fails
// (the server restarts, a connection is terminated, the pool is exhausted) keeps the outcome and
// tries again with backoff instead of dropping it: a job whose handler finished must not sit
// RUNNING until its lease runs out, nor run a second time because its success was lost. While an
// outcome waits, its job stays in `pendingIds()` so the worker keeps renewing its lease.
//
// Successes are batched (one UPDATE for everything that finished in the same tick); failures and
// releases are written one job at a time. One job's outcome never holds up another's: a write
// that the database refuses for its data (not for its connection) is retried once with a plain
// message instead, so no job can block the queue with a poisonous error text.
import type { ClaimedJob, Queryable } from './types.ts';
import { failJob, releaseJobs, succeedJobs, type FailureKind } from './claim.ts';
import { errorMessage, errorSummary } from './errors.ts';

export type Outcome =
	| { kind: 'success' }
	| { kind: 'failure'; error: unknown; failure: FailureKind; delayMs?: number }
	/** Handed back without spending the attempt (shutdown). */
	| { kind: 'release'; note?: string };

interface Pending {
	job: ClaimedJob;
	outcome: Outcome;
	settle: (written: boolean) => void;
	tries: number;
	/** The database refused the error text itself: store a plain ASCII version instead. */
	plain?: boolean;
}

export interface OutcomeRecorderOptions {
	q: Queryable;
	workerId: string;
	log?: (message: string) => void;
	/** Backoff between tries of a write that failed: doubles from initial up to max. */
	initialBackoffMs?: number;
	maxBackoffMs?: number;
	/** Called once per written outcome, e.g. to count successes. `changed` is false when the job was no longer ours. */
	onWritten?: (job: ClaimedJob, outcome: Outcome, changed: boolean) => void;
}

// SQLSTATE classes that mean "this statement's data is wrong", not "the connection is": 22 data
// exception (e.g. 22021 a NUL byte), 23 integrity constraint, 42 syntax or access rule.
const DATA_ERROR = /^(22|23|42)/;

export class OutcomeRecorder {
	private readonly pending = new Map<string, Pending>();
	private successes: Pending[] = [];
	private flushScheduled = false;
	private writing = 0;
	private idle: (() => void)[] = [];
	private stopped = false;
	private timers = new Set<NodeJS.Timeout>();
	private readonly log: (message: string) => void;

	constructor(private readonly options: OutcomeRecorderOptions) {
		this.log = options.log ?? (() => {});
	}

	/** Jobs whose outcome is not written yet: their leases must still be renewed. */
	pendingIds(): string[] {
		return [...this.pending.keys()];
	}

	get size(): number {
		return this.pending.size;
	}

	/**
	 * Records `outcome` for `job`, retrying until it is written. Resolves true once written (or
	 * found to be no longer ours), false if the recorder was stopped first.
	 */
	record(job: ClaimedJob, outcome: Outcome): Promise<boolean> {
		return new Promise<boolean>((settle) => {
			const entry: Pending = { job, outcome, settle, tries: 0 };
			this.pending.set(job.id, entry);
			this.attempt(entry);
		});
	}

	/**
	 * Waits until every outcome is written, or until `deadlineMs` passes (then those still
	 * waiting stay RUNNING for the rescuer, after their lease). Resolves with how many remain.
	 */
	async drain(deadlineMs = Infinity): Promise<number> {
		if (this.pending.size === 0) return 0;
		let timer: NodeJS.Timeout | undefined;
		await Promise.race([
			new Promise<void>((resolve) => this.idle.push(resolve)),
			...(Number.isFinite(deadlineMs) ? [new Promise<void>((resolve) => (timer = setTimeout(resolve, deadlineMs)))] : [])
		]);
		clearTimeout(timer);
		return this.pending.size;
	}

	/** Gives up on whatever is still unwritten (they are rescued after their lease). */
	stop(): void {
		this.stopped = true;
		for (const t of this.timers) clearTimeout(t);
		this.timers.clear();
		for (const entry of this.pending.values()) entry.settle(false);
		this.pending.clear();
		this.successes = [];
		this.notifyIdle();
	}

	private attempt(entry: Pending): void {
		if (this.stopped) return;
		if (entry.outcome.kind === 'success') {
			this.successes.push(entry);
			if (!this.flushScheduled) {
				this.flushScheduled = true;
				setImmediate(() => {
					this.flushScheduled = false;
					void this.flushSuccesses();
				});
			}
			return;
		}
		void this.writeOne(entry);
	}

	private async flushSuccesses(): Promise<void> {
		const batch = this.successes;
		this.successes = [];
		if (batch.length === 0 || this.stopped) return;
		this.writing++;
		try {
			await succeedJobs(this.options.q, this.options.workerId, batch.map((e) => e.job.id));
			// A job lost meanwhile is simply not updated; either way its outcome is settled.
			for (const entry of batch) this.done(entry, true);
		} catch (error) {
			this.log(`could not record ${batch.length} success(es): ${errorMessage(error)}; retrying`);
			for (const entry of batch) this.retryLater(entry);
		} finally {
			this.writing--;
			this.notifyIdle();
		}
	}

	private async writeOne(entry: Pending): Promise<void> {
		this.writing++;
		const { q, workerId } = this.options;
		const { job, outcome } = entry;
		try {
			let changed: boolean;
			if (outcome.kind === 'release') {
				changed = (await releaseJobs(q, workerId, [job.id], outcome.note)) === 1;
			} else if (outcome.kind === 'failure') {
				// After a data error, the plainest possible record: the error could not be stored as it was.
				const error = entry.plain ? new Error(`(the error could not be stored as it was) ${errorSummary(outcome.error).replace(/[^\x20-\x7e]/g, '?')}`) : outcome.error;
				changed = (await failJob(q, job, error, { kind: outcome.failure, delayMs: outcome.delayMs })) !== null;
			} else {
				throw new Error('successes are written in batches');
			}
			this.done(entry, changed);
		} catch (error) {
			const code = (error as { code?: unknown }).code;
			if (outcome.kind === 'failure' && typeof code === 'string' && DATA_ERROR.test(code)) entry.plain = true;
			if (entry.tries === 0 || entry.tries % 10 === 0) this.log(`could not record the outcome of job ${job.id}: ${errorMessage(error)}; retrying`);
			this.retryLater(entry);
		} finally {
			this.writing--;
			this.notifyIdle();
		}
	}

	private done(entry: Pending, changed: boolean): void {
		if (this.pending.get(entry.job.id) !== entry) return;
		this.pending.delete(entry.job.id);
		this.options.onWritten?.(entry.job, entry.outcome, changed);
		entry.settle(true);
	}

	private retryLater(entry: Pending): void {
		if (this.stopped) return;
		entry.tries++;
		const initial = this.options.initialBackoffMs ?? 100;
		const max = this.options.maxBackoffMs ?? 2_000;
		const delay = Math.min(max, initial * 2 ** Math.min(entry.tries - 1, 20)) * (0.8 + 0.4 * Math.random());
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			this.attempt(entry);
		}, delay);
		this.timers.add(timer);
	}

	private notifyIdle(): void {
		if (this.pending.size > 0 || this.writing > 0) return;
		for (const resolve of this.idle.splice(0)) resolve();
	}
}
