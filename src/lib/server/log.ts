// The one logger of web servers, workers and launch scripts: pino, one JSON object per line
// (what log shippers and `kubectl logs | jq` expect), with the time, level, pid and host —
// on stdout, except `error` and `fatal` lines, which go to stderr as a refusing CLI's would.
// Every line written while a job runs carries the job's id, type, attempt and worker
// (currentJob(), set by the queue around each handler); every line written while a request is
// served carries its request id (withLogContext, set in hooks.server.ts). Nobody threads them
// through calls: the mixin reads both from AsyncLocalStorage.
//   LOG_LEVEL  fatal | error | warn | info (default) | debug | trace | silent
//   LOG_FORMAT json (default) | pretty (pino-pretty, a dev dependency; default under `npm run dev`)
import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';
import { pino, type DestinationStream, type Logger } from 'pino';
import { currentJob } from './jobs/job-context.ts';
import { LOG_LEVELS, runtimeMode } from './env.ts';

export type { Logger };

/** What a request adds to each line logged while it is served. */
export interface LogContext {
	requestId: string;
}

const requestStorage = new AsyncLocalStorage<LogContext>();

/** Runs `fn` with `context` on every line logged below it, through every await. */
export function withLogContext<T>(context: LogContext, fn: () => T): T {
	return requestStorage.run(context, fn);
}

/** The fields the mixin adds now: the request's id and the running job's id, type, attempt, worker. */
export function logFields(): Record<string, string | number> {
	const fields: Record<string, string | number> = {};
	const request = requestStorage.getStore();
	if (request) fields.requestId = request.requestId;
	const job = currentJob();
	if (job) {
		fields.jobId = job.jobId;
		fields.jobType = job.type;
		fields.attempt = job.attempt;
		fields.workerId = job.workerId;
	}
	return fields;
}

export interface LoggerOptions {
	/** Default LOG_LEVEL, else `info`. */
	level?: (typeof LOG_LEVELS)[number];
	/** Default LOG_FORMAT, else `pretty` in development (when pino-pretty is installed), else `json`. */
	format?: 'json' | 'pretty';
	/**
	 * Where lines go. Default: stdout, and stderr for error and fatal, both written synchronously
	 * so that nothing is lost at process.exit.
	 */
	destination?: DestinationStream;
}

// Read straight from process.env, not through env(): the logger must work to report that the
// rest of the configuration is invalid. env.ts validates both for the record.
function configuredLevel(): (typeof LOG_LEVELS)[number] {
	const raw = process.env.LOG_LEVEL?.trim().toLowerCase();
	return (LOG_LEVELS as readonly string[]).includes(raw ?? '') ? (raw as (typeof LOG_LEVELS)[number]) : 'info';
}

function configuredFormat(): 'json' | 'pretty' {
	const raw = process.env.LOG_FORMAT?.trim().toLowerCase();
	if (raw === 'json' || raw === 'pretty') return raw;
	return runtimeMode() === 'development' ? 'pretty' : 'json';
}

/**
 * pino-pretty as an in-process stream, loaded at run time (not bundled): it is a dev dependency,
 * so a production install without it falls back to JSON.
 */
function prettyStream(): DestinationStream | null {
	try {
		const pretty = createRequire(import.meta.url)('pino-pretty') as (options: object) => DestinationStream;
		return pretty({ sync: true, colorize: process.stdout.isTTY === true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', singleLine: true });
	} catch {
		return null;
	}
}

/**
 * `err` as a bounded object: type, message, stack, the error's own primitive fields (a pg error's
 * code and detail, a provider error's status, an S3 error's name) and its cause, four deep.
 * pino's standard serializer copies every enumerable field, and some errors carry whole clients
 * (node-postgres attaches its Client, the AWS SDK the raw response).
 */
export function serializeError(error: unknown, depth = 0): unknown {
	if (!(error instanceof Error)) return typeof error === 'object' && error !== null ? { message: String((error as { message?: unknown }).message ?? error) } : { message: String(error) };
	const out: Record<string, unknown> = { type: error.constructor?.name ?? error.name, message: error.message, stack: error.stack };
	for (const [key, value] of Object.entries(error)) {
		if (key in out || key === 'cause') continue;
		if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out[key] = typeof value === 'string' && value.length > 2_000 ? `${value.slice(0, 2_000)}…` : value;
	}
	const metadata = (error as { $metadata?: { httpStatusCode?: number } }).$metadata;
	if (metadata?.httpStatusCode) out.httpStatusCode = metadata.httpStatusCode;
	if (error.cause !== undefined && depth < 4) out.cause = serializeError(error.cause, depth + 1);
	return out;
}

/** stdout for trace…warn, stderr for error and fatal (dedupe: each line goes to one of them). */
function standardStreams(): DestinationStream {
	return pino.multistream(
		[
			{ level: 'trace', stream: pino.destination({ dest: 1, sync: true }) },
			{ level: 'error', stream: pino.destination({ dest: 2, sync: true }) }
		],
		{ dedupe: true }
	);
}

/** A new root logger; most code uses the process's (`log`). */
export function createLogger(options: LoggerOptions = {}): Logger {
	const format = options.format ?? configuredFormat();
	const destination = options.destination ?? (format === 'pretty' ? prettyStream() : null) ?? standardStreams();
	return pino(
		{
			level: options.level ?? configuredLevel(),
			timestamp: pino.stdTimeFunctions.isoTime,
			// The level as its name ("info"), which log tools read without pino's number table.
			formatters: { level: (label) => ({ level: label }) },
			mixin: logFields,
			serializers: { err: (error: unknown) => serializeError(error) }
		},
		destination
	);
}

let root: Logger | undefined;

/** The process's logger, made on first use (after the launch scripts have set the environment). */
export function rootLogger(): Logger {
	return (root ??= createLogger());
}

/**
 * The process's logger: `log.info({ botId }, 'message')`, `log.error({ err }, 'what failed')`,
 * `log.child({ component: 'worker' })`. Made on first use, not at import.
 */
export const log: Logger = new Proxy({} as Logger, {
	get: (_, property) => {
		const target = rootLogger();
		const value = Reflect.get(target, property, target);
		return typeof value === 'function' ? value.bind(target) : value;
	},
	set: (_, property, value) => Reflect.set(rootLogger(), property, value)
});

/**
 * A `(message) => void` for the queue's `log` options (Worker, scheduler tick, bootstrap), which
 * hand over plain sentences: those saying something failed, could not be done or timed out are
 * written as warnings, the rest as info.
 */
export function logLines(logger: Logger): (message: string) => void {
	return (message) => (/\b(failed|could not|timed out|error)\b/i.test(message) ? logger.warn(message) : logger.info(message));
}
