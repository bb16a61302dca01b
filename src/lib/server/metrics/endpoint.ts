// GET /metrics, the same for the web app's route and the worker's own port: a bearer token
// (METRICS_TOKEN, compared in constant time like the cron secret), then the exposition text.
// Without a configured token the endpoint is refused in production (metrics name bots' models,
// job types and spend) and open in development.
import { secretsMatch } from '../cron-auth.ts';
import type { Db } from '../db/client.ts';
import { env, isProduction } from '../env.ts';
import type { RudoMetrics } from './registry.ts';

export type MetricsAuthResult = { ok: true } | { ok: false; status: 401 | 503; error: string };

/** Checks an Authorization header against METRICS_TOKEN. */
export function checkMetricsAuth(authorization: string | null): MetricsAuthResult {
	const token = env().METRICS_TOKEN;
	if (!token) {
		if (!isProduction()) return { ok: true };
		return { ok: false, status: 503, error: 'METRICS_TOKEN is not configured on this server; set it to enable /metrics.' };
	}
	const match = /^Bearer (.+)$/.exec(authorization ?? '');
	if (!match || !secretsMatch(match[1], token)) return { ok: false, status: 401, error: 'Unauthorized: send Authorization: Bearer <METRICS_TOKEN>.' };
	return { ok: true };
}

/**
 * The answer to GET /metrics: 200 with Prometheus text (queue gauges read from `db`), or 401/503
 * as plain text. Not cached anywhere.
 */
export async function metricsResponse(authorization: string | null, metrics: RudoMetrics, db: Db | undefined): Promise<Response> {
	const auth = checkMetricsAuth(authorization);
	if (!auth.ok) {
		return new Response(`${auth.error}\n`, {
			status: auth.status,
			headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...(auth.status === 401 ? { 'www-authenticate': 'Bearer' } : {}) }
		});
	}
	const body = await metrics.render(db);
	return new Response(body, { headers: { 'content-type': metrics.contentType, 'cache-control': 'no-store' } });
}
