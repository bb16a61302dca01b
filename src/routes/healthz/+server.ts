import { json, type RequestHandler } from '@sveltejs/kit';

// Liveness for orchestrators: this process answers. Nothing else is checked (a database outage
// must not get every web server restarted); readiness is /readyz. No session needed.
export const GET: RequestHandler = () => json({ status: 'ok' }, { headers: { 'cache-control': 'no-store' } });
