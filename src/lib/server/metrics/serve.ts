// A worker has no web server of its own: this small one (node:http) serves the same endpoints
// the web app does, for the worker's own process — GET /metrics (its counters, behind
// METRICS_TOKEN), /healthz (alive) and /readyz (database and migrations).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Db } from '../db/client.ts';
import { checkReadiness } from '../readiness.ts';
import { metricsResponse } from './endpoint.ts';
import type { RudoMetrics } from './registry.ts';

export interface MetricsServer {
	server: Server;
	/** The port it listens on (useful with port 0). */
	port: number;
	close(): Promise<void>;
}

async function answer(path: string, authorization: string | null, metrics: RudoMetrics, db: Db): Promise<Response> {
	const plain = { 'content-type': 'application/json', 'cache-control': 'no-store' };
	if (path === '/metrics') return metricsResponse(authorization, metrics, db);
	if (path === '/healthz') return new Response(JSON.stringify({ status: 'ok' }), { headers: plain });
	if (path === '/readyz') {
		const report = await checkReadiness(db);
		return new Response(JSON.stringify(report), { status: report.ready ? 200 : 503, headers: plain });
	}
	return new Response('Not found\n', { status: 404, headers: { 'content-type': 'text/plain' } });
}

/** Listens on `host:port` (WORKER_METRICS_HOST / WORKER_METRICS_PORT); resolves once listening. */
export async function serveMetrics(options: { port: number; host?: string; metrics: RudoMetrics; db: Db; onError?: (error: unknown) => void }): Promise<MetricsServer> {
	const server = createServer((req, res) => {
		const path = new URL(req.url ?? '/', 'http://worker').pathname;
		const respond = async () => {
			const response =
				req.method === 'GET' || req.method === 'HEAD'
					? await answer(path, req.headers.authorization ?? null, options.metrics, options.db)
					: new Response('Method not allowed\n', { status: 405, headers: { allow: 'GET, HEAD' } });
			res.writeHead(response.status, Object.fromEntries(response.headers));
			res.end(req.method === 'HEAD' ? undefined : Buffer.from(await response.arrayBuffer()));
		};
		respond().catch((error) => {
			options.onError?.(error);
			if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
			res.end('Internal error\n');
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port, options.host ?? '0.0.0.0', () => {
			server.off('error', reject);
			resolve();
		});
	});
	return {
		server,
		port: (server.address() as AddressInfo).port,
		close: () => new Promise((resolve) => server.close(() => resolve()))
	};
}
