// A worker's own database connection, outside the pool: it LISTENs for enqueue notifications and
// renews leases. Renewals must never wait behind handler work: handlers may hold every pooled
// connection for seconds, and a renewal stuck in the pool's queue lets the lease lapse, so another
// worker rescues a job that is still running (and its side effects happen twice).
//
// One reconnect loop: when the connection is lost (server restart, pg_terminate_backend, network)
// the old client is closed and a new one is tried with exponential backoff and jitter until one
// succeeds, however long the database refuses connections. There is never more than one
// connection, and stop() closes it so the process can exit.
import pg from 'pg';
import { errorMessage } from './errors.ts';
import { utcConnectionString } from '../db/utc.ts';

export interface ControlConnectionOptions {
	url: string;
	/** LISTEN on this channel; null for a heartbeat-only connection. */
	channel: string | null;
	onNotification?: () => void;
	/** Called after every successful (re)connect, e.g. to renew leases and claim at once. */
	onConnected?: () => void;
	log?: (message: string) => void;
	/** First reconnect delay; doubles per failure up to `maxBackoffMs` (±20 % jitter). */
	initialBackoffMs?: number;
	maxBackoffMs?: number;
	/** A statement on this connection that takes longer fails (and the connection is replaced). */
	queryTimeoutMs?: number;
	/** Shown in pg_stat_activity.application_name (at most 63 bytes), e.g. "rudo-worker <id>". */
	applicationName?: string;
}

export class ControlConnection {
	private client: pg.Client | null = null;
	private connecting: Promise<void> | null = null;
	private stopped = false;
	private wake: (() => void) | null = null;
	private failures = 0;
	/** How many connections this object has opened so far (tests watch it). */
	connects = 0;
	private readonly log: (message: string) => void;

	constructor(private readonly options: ControlConnectionOptions) {
		this.log = options.log ?? (() => {});
	}

	get connected(): boolean {
		return this.client !== null;
	}

	/**
	 * Connects, retrying until it succeeds or `stop()` is called. Resolves after the first attempt
	 * (connected or not): the loop goes on in the background, so a worker can start while the
	 * database is down and pick up once it is back.
	 */
	async start(): Promise<void> {
		this.ensureLoop();
		await Promise.race([this.connecting, this.firstAttempt]);
	}

	private firstAttemptDone: () => void = () => {};
	private readonly firstAttempt = new Promise<void>((resolve) => (this.firstAttemptDone = resolve));

	/**
	 * Runs one statement on this connection, after any still running (one connection runs one
	 * statement at a time; queueing here keeps callers from overlapping on the socket). Rejects at
	 * once when the connection is down: callers retry on their next beat.
	 */
	query<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: R[]; rowCount: number | null }> {
		const run = this.tail.then(() => this.runQuery<R>(text, values));
		this.tail = run.then(
			() => undefined,
			() => undefined
		);
		return run;
	}

	private tail: Promise<void> = Promise.resolve();

	private async runQuery<R>(text: string, values?: unknown[]): Promise<{ rows: R[]; rowCount: number | null }> {
		const client = this.client;
		if (!client) throw new Error('The control connection is down (reconnecting)');
		try {
			const result = await client.query({ text, values, query_timeout: this.options.queryTimeoutMs ?? 15_000 } as pg.QueryConfig);
			return { rows: result.rows as R[], rowCount: result.rowCount };
		} catch (error) {
			// A timeout or a broken socket: this connection is not to be trusted any more.
			if (!(error as { code?: string }).code) this.lost(client, error);
			throw error;
		}
	}

	/** Closes the connection and ends the reconnect loop. */
	async stop(): Promise<void> {
		this.stopped = true;
		this.wake?.();
		await this.connecting?.catch(() => {});
		const client = this.client;
		this.client = null;
		await client?.end().catch(() => {});
	}

	private ensureLoop(): void {
		if (this.connecting || this.stopped) return;
		this.connecting = this.loop().finally(() => {
			this.connecting = null;
		});
	}

	private async loop(): Promise<void> {
		while (!this.stopped && !this.client) {
			const client = new pg.Client({
				connectionString: utcConnectionString(this.options.url),
				connectionTimeoutMillis: 10_000,
				keepAlive: true,
				application_name: this.options.applicationName?.slice(0, 63)
			});
			// Registered before connect: an error while connecting or later must never be unhandled.
			client.on('error', (error) => this.lost(client, error));
			client.on('end', () => this.lost(client, new Error('connection ended')));
			try {
				await client.connect();
				if (this.options.channel) {
					client.on('notification', () => this.options.onNotification?.());
					await client.query(`LISTEN ${pg.escapeIdentifier(this.options.channel)}`);
				}
				if (this.stopped) {
					await client.end().catch(() => {});
					break;
				}
				this.client = client;
				this.connects++;
				if (this.failures > 0) this.log(`control connection is back after ${this.failures} failed attempt(s)`);
				this.failures = 0;
				this.firstAttemptDone();
				this.options.onConnected?.();
			} catch (error) {
				client.removeAllListeners('end');
				await client.end().catch(() => {});
				this.failures++;
				this.firstAttemptDone();
				const delay = this.backoffMs();
				if (this.failures === 1 || this.failures % 10 === 0) {
					this.log(`control connection failed (${errorMessage(error)}); attempt ${this.failures}, retrying in ${Math.round(delay)} ms`);
				}
				await new Promise<void>((resolve) => {
					const timer = setTimeout(resolve, delay);
					this.wake = () => {
						clearTimeout(timer);
						resolve();
					};
				});
				this.wake = null;
			}
		}
	}

	private backoffMs(): number {
		const initial = this.options.initialBackoffMs ?? 250;
		const max = this.options.maxBackoffMs ?? 15_000;
		const base = Math.min(max, initial * 2 ** Math.min(this.failures - 1, 20));
		return base * (0.8 + 0.4 * Math.random());
	}

	private lost(client: pg.Client, error: unknown): void {
		if (this.client !== client) return; // an old or not-yet-adopted client: nothing to do
		this.client = null;
		client.removeAllListeners('end');
		void client.end().catch(() => {});
		if (this.stopped) return;
		this.log(`control connection lost (${errorMessage(error)}); reconnecting`);
		this.ensureLoop();
	}
}
