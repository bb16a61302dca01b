import type { RequestHandler } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/client';
import { metricsResponse } from '$lib/server/metrics/endpoint';
import { processMetrics } from '$lib/server/metrics/registry';

// Prometheus scrape of this web process (its own counters, the queue depth from the database),
// behind METRICS_TOKEN; see src/lib/server/metrics/endpoint.ts.
export const GET: RequestHandler = ({ request }) => metricsResponse(request.headers.get('authorization'), processMetrics(), getDb());
