// `npm run bench:generate`: the generation pipeline end to end — GENERATE_POST jobs through the
// queue's Worker (concurrency 10), every provider on its official SDK talking to the local
// simulator with fixed latencies (caption 600 ms, tags 300 ms, image 2 s, video 6 s) — printing
// per-post latency p50/p95 for image and video posts, posts per minute, and, beside them, the sum
// of the stage latencies and the critical path. Concurrent stages mean the critical path, not the
// sum, should set the latency.
//   --posts N (40, half image, half video)  --concurrency C (10)
// Database: PGHOST/PGPORT/PGUSER (127.0.0.1:5432 postgres) or an embedded one.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startSimulator } from '../../tests/simulator/server.ts';
import { createDb } from '../../src/lib/server/db/client.ts';
import { applyMigrations } from '../../src/lib/server/db/migrate.ts';
import { startEmbeddedPostgres, quoteIdent } from '../../src/lib/server/db/embedded.ts';
import { resetEnvCache } from '../../src/lib/server/env.ts';
import { resetProviders } from '../../src/lib/server/ai/providers.ts';
import { enqueueJobs } from '../../src/lib/server/jobs/enqueue.ts';
import { defaultRegistry } from '../../src/lib/server/jobs/index.ts';
import { Worker } from '../../src/lib/server/jobs/worker.ts';
import { hashPassword } from '../../src/lib/server/auth/password.ts';
import { now, percentile, round, waitFor } from './common.ts';

const arg = (name: string, def: number) => {
	const i = process.argv.indexOf(`--${name}`);
	return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const POSTS = arg('posts', 40);
const CONCURRENCY = arg('concurrency', 10);
const LATENCY = { caption: 600, tags: 300, image: 2_000, video: 6_000 };

const sim = await startSimulator({
	latency: { 'openai.chat:rudo_caption': LATENCY.caption, 'openai.chat:rudo_tags': LATENCY.tags, 'fal.flux': LATENCY.image, 'fal.kling': LATENCY.video }
});
Object.assign(process.env, sim.env(), { RUDO_DATA_DIR: mkdtempSync(join(tmpdir(), 'rudo-bench-media-')) });
resetEnvCache();
resetProviders();

const admin = `postgres://${process.env.PGUSER ?? 'postgres'}${process.env.PGPASSWORD ? `:${process.env.PGPASSWORD}` : ''}@${process.env.PGHOST ?? '127.0.0.1'}:${process.env.PGPORT ?? 5432}/postgres`;
let embedded: Awaited<ReturnType<typeof startEmbeddedPostgres>> | null = null;
let adminUrl = admin;
try {
	const c = new pg.Client({ connectionString: admin, connectionTimeoutMillis: 2_000 });
	await c.connect();
	await c.end();
} catch {
	embedded = await startEmbeddedPostgres({ dir: mkdtempSync(join(tmpdir(), 'rudo-bench-pg-')), persistent: false, database: 'postgres' });
	adminUrl = embedded.url;
}
const url = new URL(adminUrl);
url.pathname = '/bench_rudo_generate';
const c = new pg.Client({ connectionString: adminUrl });
await c.connect();
await c.query(`DROP DATABASE IF EXISTS bench_rudo_generate WITH (FORCE)`);
await c.query(`CREATE DATABASE bench_rudo_generate`);
await c.end();
await applyMigrations(url.toString());
const db = createDb(url.toString(), { max: CONCURRENCY + 4 });

try {
	const owner = await db.prisma.user.create({ data: { email: 'bench@rudo.dev', name: 'Bench', passwordHash: await hashPassword('x') } });
	const bots = await Promise.all(
		Array.from({ length: POSTS }, (_, i) =>
			db.prisma.bot.create({
				data: {
					handle: `bench_${i}`,
					ownerId: owner.id,
					name: `Bench ${i}`,
					tier: 'APEX',
					artStyle: 'CYBERPUNK',
					personaDna: { voice: 'terse, noir', traits: ['restless'], interests: ['night markets', 'synthwave'], palette: ['#00f0ff', '#ff2bd6'] }
				}
			})
		)
	);
	const kinds = bots.map((_, i) => (i % 2 === 0 ? 'IMAGE' : 'VIDEO') as 'IMAGE' | 'VIDEO');
	const registry = defaultRegistry();
	const latencies: Record<'IMAGE' | 'VIDEO', number[]> = { IMAGE: [], VIDEO: [] };
	const inner = registry.GENERATE_POST!;
	registry.GENERATE_POST = {
		...inner,
		async handler(payload: { botId: string; postType: 'IMAGE' | 'VIDEO' }, ctx: Parameters<typeof inner.handler>[1]) {
			const started = now();
			await inner.handler(payload, ctx);
			latencies[payload.postType].push(now() - started);
		}
	};
	const worker = new Worker({ db, registry, concurrency: CONCURRENCY, log: (m) => console.log(`  ${m}`) });
	await enqueueJobs(
		db.pool,
		bots.map((b, i) => ({ type: 'GENERATE_POST' as const, botId: b.id, payload: { botId: b.id, postType: kinds[i] } }))
	);
	console.log(`generate benchmark: ${POSTS} posts (${POSTS / 2} image, ${POSTS / 2} video), worker concurrency ${CONCURRENCY}, simulator latencies ${JSON.stringify(LATENCY)}`);
	const t0 = now();
	await worker.start();
	await waitFor(async () => latencies.IMAGE.length + latencies.VIDEO.length >= POSTS, 600_000, 'all posts', 50);
	const elapsedMin = (now() - t0) / 60_000;
	await worker.stop();
	const { rows } = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM posts`);
	const failed = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM jobs WHERE status <> 'SUCCEEDED'`);

	const sum = { IMAGE: LATENCY.caption + LATENCY.tags + LATENCY.image, VIDEO: LATENCY.caption + LATENCY.tags + LATENCY.image + LATENCY.video };
	const critical = { IMAGE: LATENCY.caption + Math.max(LATENCY.tags, LATENCY.image), VIDEO: LATENCY.caption + Math.max(LATENCY.tags, LATENCY.image + LATENCY.video) };
	const line = {
		bench: 'generate',
		posts: rows[0].n,
		not_succeeded: failed.rows[0].n,
		concurrency: CONCURRENCY,
		image_p50_ms: round(percentile(latencies.IMAGE, 50), 0),
		image_p95_ms: round(percentile(latencies.IMAGE, 95), 0),
		image_stage_sum_ms: sum.IMAGE,
		image_critical_path_ms: critical.IMAGE,
		video_p50_ms: round(percentile(latencies.VIDEO, 50), 0),
		video_p95_ms: round(percentile(latencies.VIDEO, 95), 0),
		video_stage_sum_ms: sum.VIDEO,
		video_critical_path_ms: critical.VIDEO,
		posts_per_minute: round(rows[0].n / elapsedMin, 1)
	};
	console.log(`\n              p50 ms   p95 ms   sum of stages   critical path`);
	console.log(`image posts  ${String(line.image_p50_ms).padStart(6)}   ${String(line.image_p95_ms).padStart(6)}   ${String(sum.IMAGE).padStart(13)}   ${String(critical.IMAGE).padStart(13)}`);
	console.log(`video posts  ${String(line.video_p50_ms).padStart(6)}   ${String(line.video_p95_ms).padStart(6)}   ${String(sum.VIDEO).padStart(13)}   ${String(critical.VIDEO).padStart(13)}`);
	console.log(`posts per minute at concurrency ${CONCURRENCY}: ${line.posts_per_minute}\n`);
	console.log(JSON.stringify(line));
} finally {
	await db.close();
	const d = new pg.Client({ connectionString: adminUrl });
	await d.connect();
	await d.query(`DROP DATABASE IF EXISTS ${quoteIdent('bench_rudo_generate')} WITH (FORCE)`);
	await d.end();
	await embedded?.stop();
	await sim.close();
}
