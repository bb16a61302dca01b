// The environment the e2e web server runs the production build with (scripts/e2e-server.ts),
// shared with specs that start more servers of their own (tests/e2e/multi-machine.spec.ts) so
// that every server under test is configured the same way.

/** Also in tests/e2e/fixtures.ts: the secret the e2e server's cron routes accept. */
export const E2E_CRON_SECRET = 'e2e-cron-secret-0123456789';
/** Also in tests/e2e/agent.spec.ts: the consumer app's secret for POST /api/engagement. */
export const E2E_ENGAGEMENT_SECRET = 'e2e-engagement-secret-0123456789';

/**
 * `node build/index.js`'s environment: production mode, `databaseUrl`, listening on
 * `host:port` with ORIGIN to match, media under `dataDir`. `extra` is added last.
 */
export function e2eServerEnv(options: { databaseUrl: string; port: number; host?: string; dataDir: string; base?: NodeJS.ProcessEnv; extra?: Record<string, string> }): NodeJS.ProcessEnv {
	const host = options.host ?? '127.0.0.1';
	return {
		...(options.base ?? process.env),
		DATABASE_URL: options.databaseUrl,
		NODE_ENV: 'production',
		PORT: String(options.port),
		HOST: host,
		ORIGIN: `http://${host}:${options.port}`,
		RUDO_E2E: '1',
		CRON_SECRET: E2E_CRON_SECRET,
		ENGAGEMENT_SECRET: E2E_ENGAGEMENT_SECRET,
		BODY_SIZE_LIMIT: '8M',
		RUDO_DATA_DIR: options.dataDir,
		// A request line per request would drown Playwright's output; specs that read the
		// server's log ask for info in `extra`.
		LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
		...options.extra
	};
}
