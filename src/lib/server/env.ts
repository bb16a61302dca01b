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
	/** Extra job types for `npm run worker`: comma-separated modules exporting defineJob() definitions. */
	RUDO_JOB_MODULES: z.string().optional(),
	/** Scheduler tick inside `npm run worker` and the in-process worker; 0 turns it off. */
	RUDO_SCHEDULER_INTERVAL_MS: z.coerce.number().int().min(0).default(60_000),
	PG_POOL_MAX: z.coerce.number().int().min(2).max(200).default(10),
	/** Bearer secret of POST /api/engagement (the consumer app's views, likes, shares). */
	ENGAGEMENT_SECRET: z.string().optional().transform((v) => (v === '' ? undefined : v)).pipe(z.string().min(16, 'ENGAGEMENT_SECRET must be at least 16 characters').optional())
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
