import { json, type RequestHandler } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/client';
import { checkReadiness } from '$lib/server/readiness';

// Readiness for orchestrators and load balancers: 200 when the database answers and every
// migration is applied, 503 with the reason otherwise. No session needed; says nothing secret.
export const GET: RequestHandler = async () => {
	const report = await checkReadiness(getDb());
	return json(report, { status: report.ready ? 200 : 503, headers: { 'cache-control': 'no-store' } });
};
