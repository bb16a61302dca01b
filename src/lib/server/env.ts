// Validated configuration. Read lazily (not at import) because the launch scripts set
// DATABASE_URL after starting the embedded database, before any server module runs.
import { z } from 'zod';

const optionalUrl = z
	.string()
	.trim()
	.transform((v) => (v === '' ? undefined : v))
	.pipe(z.url().optional())
	.optional();

const booleanFlag = z
	.enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
	.optional()
	.transform((v) => (v === undefined || v === '' ? undefined : ['1', 'true', 'yes'].includes(v)));

/** An unset or blank variable is undefined; anything else must satisfy `schema`. */
const optional = <T extends z.ZodType>(schema: T) =>
	z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

/** Pino's levels; LOG_LEVEL picks the least severe written (log.ts). */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const MODES = ['development', 'production', 'test'] as const;
export type RuntimeMode = (typeof MODES)[number];

/**
 * Development only where someone asked for it: NODE_ENV=development (set by `npm run dev`), or
 * code compiled by the Vite dev server (import.meta.env.DEV). Anything else — the built server
 * started as `node build/index.js`, the worker, the scripts — is production unless NODE_ENV says
 * otherwise, so the dev cron secret, stack traces in errors and demo data never appear by accident.
 */
export function runtimeMode(): RuntimeMode {
	const declared = process.env.NODE_ENV?.trim();
	if ((MODES as readonly string[]).includes(declared ?? '')) return declared as RuntimeMode;
	return (import.meta as { env?: { DEV?: boolean } }).env?.DEV === true ? 'development' : 'production';
}

const EnvSchema = z.object({
	NODE_ENV: z
		.enum(['development', 'production', 'test', ''])
		.optional()
		.transform(() => runtimeMode()),
	DATABASE_URL: optionalUrl,
	RUDO_DATA_DIR: z.string().min(1).default('.data'),
	CRON_SECRET: z
		.string()
		.optional()
		.transform((v) => (v === '' ? undefined : v))
		.pipe(z.string().min(16, 'CRON_SECRET must be at least 16 characters').optional()),
	SESSION_TTL_HOURS: z.coerce.number().int().positive().max(24 * 365).default(24 * 14),
	/** Secure cookies need HTTPS; on by default in production. */
	COOKIE_SECURE: booleanFlag,
	/** Run the in-process worker + scheduler tick (default: on in dev with the embedded DB). */
	RUDO_IN_PROCESS_WORKER: booleanFlag,
	WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(10),
	/** Jobs a worker holds at once (running + waiting locally); default = concurrency. */
	WORKER_PREFETCH: z.coerce.number().int().min(1).max(5_000).optional(),
	WORKER_POLL_MS: z.coerce.number().int().min(10).max(600_000).default(1_000),
	WORKER_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(5 * 60_000),
	/** How long a claimed job stays a worker's without a renewal (renewed every lease/3); a crashed
	 * worker's jobs run again after at most this plus JOB_RESCUE_INTERVAL_MS. */
	JOB_LEASE_MS: z.coerce.number().int().min(1_000).max(24 * 3_600_000).default(30_000),
	/** How often workers look for expired leases. */
	JOB_RESCUE_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(15_000),
	/** How often a cron tick (the cron route or a scheduler tick) is expected; the Cron page warns after two missed. */
	CRON_INTERVAL_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(60_000),
	/** Provider circuit breakers (ops/breakers.ts): failures in a row that pause a provider, for how long, and how long an account out of quota is paused. */
	BREAKER_FAILURE_THRESHOLD: z.coerce.number().int().min(1).max(1_000).default(5),
	BREAKER_COOLDOWN_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(5 * 60_000),
	BREAKER_QUOTA_PAUSE_MS: z.coerce.number().int().min(1_000).max(7 * 86_400_000).default(60 * 60_000),
	/** Extra job types for `npm run worker`: comma-separated modules exporting defineJob() definitions. */
	RUDO_JOB_MODULES: z.string().optional(),
	/** Scheduler tick inside `npm run worker` and the in-process worker; 0 turns it off. */
	RUDO_SCHEDULER_INTERVAL_MS: z.coerce.number().int().min(0).default(60_000),
	PG_POOL_MAX: z.coerce.number().int().min(2).max(200).default(10),
	/** Where generated media live: `local` (`<RUDO_DATA_DIR>/media`) or `s3` (a bucket every machine shares). */
	MEDIA_STORE: optional(z.enum(['local', 's3'])).transform((v) => v ?? 'local'),
	MEDIA_S3_BUCKET: optional(z.string().trim().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'MEDIA_S3_BUCKET must be a bucket name (3-63 lower-case letters, digits, dots, hyphens)')),
	/** Prepended to every object key; empty or ending in `/`. */
	MEDIA_S3_PREFIX: optional(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*\/$/, 'MEDIA_S3_PREFIX must be like `media/` (no leading slash, ends with a slash)')).transform((v) => v ?? ''),
	MEDIA_S3_REGION: optional(z.string().trim().regex(/^[a-z0-9-]+$/, 'MEDIA_S3_REGION must be a region name such as eu-west-1')),
	/** An S3-compatible server's URL (MinIO, R2, Ceph, s3rver); unset for AWS S3. */
	MEDIA_S3_ENDPOINT: optionalUrl,
	/** Path-style bucket URLs; default on when MEDIA_S3_ENDPOINT is set. */
	MEDIA_S3_FORCE_PATH_STYLE: booleanFlag,
	/** Bearer token of GET /metrics (web and worker). Unset: refused in production, open in development. */
	METRICS_TOKEN: optional(z.string().min(16, 'METRICS_TOKEN must be at least 16 characters')),
	/** `npm run worker` serves /metrics and /healthz on this port when set. */
	WORKER_METRICS_PORT: optional(z.coerce.number().int().min(1).max(65_535)),
	WORKER_METRICS_HOST: optional(z.string().trim().min(1)).transform((v) => v ?? '0.0.0.0'),
	LOG_LEVEL: optional(z.string().trim().toLowerCase().pipe(z.enum(LOG_LEVELS))).transform((v) => v ?? 'info'),
	/** `json` (one object per line) or `pretty` (needs the pino-pretty dev dependency); default pretty only in development. */
	LOG_FORMAT: optional(z.string().trim().toLowerCase().pipe(z.enum(['json', 'pretty']))),
	/** Bearer secret of POST /api/engagement (the consumer app's views, likes, shares). */
	ENGAGEMENT_SECRET: z.string().optional().transform((v) => (v === '' ? undefined : v)).pipe(z.string().min(16, 'ENGAGEMENT_SECRET must be at least 16 characters').optional())
}).superRefine((config, ctx) => {
	if (config.MEDIA_STORE === 's3' && !config.MEDIA_S3_BUCKET) ctx.addIssue({ code: 'custom', path: ['MEDIA_S3_BUCKET'], message: 'MEDIA_STORE=s3 needs MEDIA_S3_BUCKET' });
});

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

export class ConfigError extends Error {
	override name = 'ConfigError';
}

/** Parse process.env once; a bad value fails loudly with every problem listed. */
export function env(): Env {
	if (cached) return cached;
	const parsed = EnvSchema.safeParse(process.env);
	if (!parsed.success) {
		const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
		throw new ConfigError(`Invalid environment configuration:\n${lines.join('\n')}`);
	}
	cached = parsed.data;
	return cached;
}

/** Tests and launch scripts change process.env; let them re-read it. */
export function resetEnvCache(): void {
	cached = undefined;
}

export function isProduction(): boolean {
	return env().NODE_ENV === 'production';
}
