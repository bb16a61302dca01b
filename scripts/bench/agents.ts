// `npm run bench:agents`: N agent bots × K cycles against a synthetic audience, beside the same
// bots on today's timer (same population, same history, same audience, same seed), all through
// the real code: the scheduler's enqueue, the queue, BOT_CYCLE / GENERATE_POST / BOT_RESPOND /
// BOT_REFLECT / CREW_COMMENT / RECALC_ENGAGEMENT handlers, the local providers (offline), and the
// consumer-app ingestion for the audience's views, likes and shares. One round is one cycle,
// 30 simulated minutes (scripts/bench/agents/clock.ts moves the recorded past back instead of the
// clock forward); K = 48 is one day. Prints: posts per bot per day against the tier cap, the
// longest bot-to-bot reply chain, the decision mix, engagement per post against the timer with a
// 95 % confidence interval, cost per bot-day, cycle latency p50/p95 and throughput, and memory
// retrieval for a bot with 10,000 memories.
//   --n 100  --k 48  --seed rudo  --concurrency 10  --retrieval-memories 10000
// Database: DATABASE_URL's server (a throwaway database per mode) or an embedded PostgreSQL.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createDb, type Db } from '../../src/lib/server/db/client.ts';
import { applyMigrations } from '../../src/lib/server/db/migrate.ts';
import { quoteIdent, startEmbeddedPostgres } from '../../src/lib/server/db/embedded.ts';
import { resetEnvCache } from '../../src/lib/server/env.ts';
import { resetProviders } from '../../src/lib/server/ai/providers.ts';
import { estimateOpenAiCost, estimateOpenAiEmbeddingCost } from '../../src/lib/server/ai/providers/openai/index.ts';
import { enqueueScheduledBots } from '../../src/lib/server/scheduler.ts';
import { defaultRegistry } from '../../src/lib/server/jobs/index.ts';
import { processJobs } from '../../src/lib/server/jobs/process.ts';
import { updateEngagementScores } from '../../src/lib/server/social/engagement/score.ts';
import { nextPostDelayMs } from '../../src/lib/server/scheduler.ts';
import { percentile, round } from './common.ts';
import { createPopulation, INTERESTS, type BenchBot } from './agents/population.ts';
import { Audience, AUDIENCE } from './agents/audience.ts';
import { passTime } from './agents/clock.ts';
import { benchRetrieval } from './agents/retrieval.ts';
import { meanCi, welchDiff } from './agents/stats.ts';

const arg = (name: string, def: string) => {
	const i = process.argv.indexOf(`--${name}`);
	return i >= 0 ? process.argv[i + 1] : def;
};
const N = Number(arg('n', '100'));
const K = Number(arg('k', '48'));
const SEED = arg('seed', 'rudo');
const CONCURRENCY = Number(arg('concurrency', '10'));
const RETRIEVAL_MEMORIES = Number(arg('retrieval-memories', '10000'));
const STEP_MINUTES = 30;

// Offline: every provider local, media in a temporary folder, no network.
for (const key of ['OPENAI_API_KEY', 'FAL_KEY', 'RUNWAYML_API_SECRET']) delete process.env[key];
process.env.RUDO_DATA_DIR = mkdtempSync(join(tmpdir(), 'rudo-bench-agents-media-'));
resetEnvCache();
resetProviders();

const log = (m: string) => console.error(`[bench:agents] ${m}`);

// --- databases ---------------------------------------------------------------------------------
let embedded: Awaited<ReturnType<typeof startEmbeddedPostgres>> | null = null;
let adminUrl = process.env.DATABASE_URL;
if (!adminUrl) {
	embedded = await startEmbeddedPostgres({ dir: mkdtempSync(join(tmpdir(), 'rudo-bench-agents-pg-')), persistent: false, database: 'postgres' });
	adminUrl = embedded.url;
}
const dbUrl = (name: string) => {
	const u = new URL(adminUrl!);
	u.pathname = `/${name}`;
	return u.toString();
};
const names = { setup: `bench_agents_setup_${process.pid}`, agent: `bench_agents_agent_${process.pid}`, timer: `bench_agents_timer_${process.pid}` };
async function admin(sql: string) {
	const c = new pg.Client({ connectionString: adminUrl });
	await c.connect();
	try {
		await c.query(sql);
	} finally {
		await c.end();
	}
}
async function dropAll() {
	for (const name of Object.values(names)) await admin(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`).catch(() => {});
}

// --- the run -----------------------------------------------------------------------------------
interface ModeResult {
	mode: 'agent' | 'timer';
	audience: Audience;
	cycleMs: number[];
	cycleWallMs: number;
	db: Db;
}

async function drain(db: Db, types: string[], onCycle?: (ms: number) => void): Promise<number> {
	let total = 0;
	for (;;) {
		const summary = await processJobs(db, defaultRegistry(), {
			types,
			limit: CONCURRENCY,
			onAttempt: (e) => {
				if (e.job.type === 'BOT_CYCLE') onCycle?.(e.durationMs);
			}
		});
		total += summary.processed;
		for (const error of summary.errors) log(`${error.type} did not complete: ${error.message}`);
		if (summary.processed === 0) return total;
	}
}

async function runMode(mode: 'agent' | 'timer', bots: BenchBot[], audience: Audience): Promise<ModeResult> {
	const db = createDb(dbUrl(names[mode]), { max: CONCURRENCY + 4 });
	// Start acting: agents with a cycle due now; timer bots with their first slots spread over one interval.
	for (const [i, b] of bots.entries()) {
		const interval = nextPostDelayMs(b.postsPerDay, () => 0.5);
		await db.prisma.bot.update({
			where: { id: b.id },
			data:
				mode === 'agent'
					? { autonomy: 'agent', schedulingEnabled: true, nextPostAt: null, cycleMinutes: STEP_MINUTES, nextCycleAt: new Date(Date.now() - 1000) }
					: { autonomy: 'scheduled', schedulingEnabled: true, nextCycleAt: null, nextPostAt: new Date(Date.now() + ((i % 10) / 10) * interval) }
		});
	}
	const cycleMs: number[] = [];
	let cycleWallMs = 0;
	for (let r = 0; r < K; r++) {
		await enqueueScheduledBots(db);
		const started = performance.now();
		const cycles = await drain(db, ['BOT_CYCLE'], (ms) => cycleMs.push(ms));
		if (cycles) cycleWallMs += performance.now() - started;
		await drain(db, ['GENERATE_POST', 'BOT_RESPOND', 'BOT_REFLECT', 'CREW_COMMENT', 'RECALC_ENGAGEMENT']);
		await audience.round(db, r, mode);
		await updateEngagementScores(db);
		await passTime(db, STEP_MINUTES);
		if (r % 8 === 7 || r === K - 1) log(`${mode}: round ${r + 1}/${K} (${cycleMs.length} cycles so far)`);
	}
	return { mode, audience, cycleMs, cycleWallMs, db };
}

// --- report ------------------------------------------------------------------------------------
async function postsPerBot(db: Db, bots: BenchBot[]) {
	const { rows } = await db.pool.query<{ botId: string; n: number }>(`SELECT "botId", count(*)::int AS n FROM posts WHERE "jobId" IS NOT NULL GROUP BY 1`);
	const counts = new Map(rows.map((r) => [r.botId, r.n]));
	const per = bots.map((b) => ({ bot: b, n: counts.get(b.id) ?? 0 }));
	const byTier: Record<string, { bots: number; posts: number; cap: number; max: number }> = {};
	for (const { bot, n } of per) {
		const t = (byTier[bot.tier] ??= { bots: 0, posts: 0, cap: bot.postsPerDay, max: 0 });
		t.bots++;
		t.posts += n;
		t.max = Math.max(t.max, n);
	}
	return { per, byTier, over: per.filter((p) => p.n > p.bot.postsPerDay).length, total: per.reduce((s, p) => s + p.n, 0) };
}

async function longestChain(db: Db) {
	const { rows } = await db.pool.query<{ depth: number; n: number }>(`SELECT coalesce(max(depth), -1) + 1 AS depth, count(*)::int AS n FROM comments`);
	return { longest: Number(rows[0].depth), comments: rows[0].n };
}

/** Posts of the measured day with at least 6 h of it left. */
const measured = (result: ModeResult, k: number) => [...result.audience.tallies.values()].filter((t) => t.round >= 0 && t.round <= k - 12);
/** Likes and shares in a post's first 6 h. */
const engagementOf = (result: ModeResult, k: number) => measured(result, k).map((t) => t.early);
/** (Likes + shares) per view in a post's first 6 h: what readers thought, whatever the feed's reach. */
const rateOf = (result: ModeResult, k: number) => measured(result, k).filter((t) => t.earlyViews > 0).map((t) => (100 * t.early) / t.earlyViews);

/** How well posts' topics suit the audience: mean appeal, and the share on the bot's most appealing interest. */
function topicChoice(result: ModeResult, bots: BenchBot[]) {
	const best = new Map(bots.map((b) => [b.id, [...b.interests].sort((x, y) => (result.audience.appeal.get(y) ?? 0) - (result.audience.appeal.get(x) ?? 0))[0]]));
	const posts = [...result.audience.tallies.values()].filter((t) => t.round >= 0);
	const appeal = posts.map((t) => result.audience.appeal.get(t.topic) ?? 1);
	return {
		posts: posts.length,
		meanAppeal: round(appeal.reduce((s, a) => s + a, 0) / Math.max(1, appeal.length), 3),
		onBestInterest: `${round((100 * posts.filter((t) => best.get(t.botId) === t.topic).length) / Math.max(1, posts.length), 1)}%`
	};
}

async function costPerBotDay(db: Db, n: number, days: number) {
	const { rows } = await db.pool.query<{ operation: string; input: number; output: number; cost: string; calls: number }>(
		`SELECT operation, coalesce(sum("inputTokens"), 0)::int AS input, coalesce(sum("outputTokens"), 0)::int AS output, sum("costUsd")::text AS cost, count(*)::int AS calls FROM usage_events GROUP BY 1`
	);
	const agentOps = new Set(['decision', 'importance', 'reflection', 'embedding']);
	let actual = 0;
	let atOpenAi = 0;
	const calls: Record<string, number> = {};
	for (const r of rows) {
		actual += Number(r.cost);
		if (!agentOps.has(r.operation)) continue;
		calls[r.operation] = r.calls;
		atOpenAi += r.operation === 'embedding' ? estimateOpenAiEmbeddingCost('text-embedding-3-small', r.input) : estimateOpenAiCost('gpt-4o-mini', r.input, r.output);
	}
	const botDays = n * days;
	return { actualPerBotDay: actual / botDays, agentCallsAtOpenAiPerBotDay: atOpenAi / botDays, calls };
}

try {
	await dropAll();
	await admin(`CREATE DATABASE ${quoteIdent(names.setup)}`);
	await applyMigrations(dbUrl(names.setup));
	const setup = createDb(dbUrl(names.setup), { max: 4 });
	log(`population: ${N} bots, two days of history (seed ${SEED})`);
	const { bots, history } = await createPopulation(setup, N, SEED);
	const audience = new Audience(SEED, INTERESTS, new Map(bots.map((b) => [b.id, b.interests])));
	const historyEvents = await audience.history(setup, history);
	await updateEngagementScores(setup);
	await setup.close();
	await admin(`CREATE DATABASE ${quoteIdent(names.agent)} TEMPLATE ${quoteIdent(names.setup)}`);
	await admin(`CREATE DATABASE ${quoteIdent(names.timer)} TEMPLATE ${quoteIdent(names.setup)}`);
	log(`history: ${history.length} posts, ${historyEvents} audience events; running ${K} rounds per mode`);

	const agent = await runMode('agent', bots, audience.fork());
	const timer = await runMode('timer', bots, audience.fork());

	const [agentPosts, timerPosts] = await Promise.all([postsPerBot(agent.db, bots), postsPerBot(timer.db, bots)]);
	const [agentChain, timerChain] = await Promise.all([longestChain(agent.db), longestChain(timer.db)]);
	const { rows: mix } = await agent.db.pool.query<{ action: string; n: number }>(`SELECT action, count(*)::int AS n FROM agent_cycles GROUP BY 1 ORDER BY 2 DESC`);
	const { rows: reflections } = await agent.db.pool.query<{ n: number; bots: number }>(`SELECT count(*)::int AS n, count(DISTINCT "botId")::int AS bots FROM bot_memories WHERE kind = 'reflection'`);
	const { rows: memories } = await agent.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM bot_memories`);
	const eAgent = engagementOf(agent, K);
	const eTimer = engagementOf(timer, K);
	const days = (K * STEP_MINUTES) / (24 * 60);
	const [costAgent, costTimer] = await Promise.all([costPerBotDay(agent.db, N, days), costPerBotDay(timer.db, N, days)]);
	const retrieval = await benchRetrieval(agent.db, bots[0].id, RETRIEVAL_MEMORIES);
	const cycles = agent.cycleMs.length;

	const report = {
		config: { bots: N, cycles: K, simulatedDays: days, seed: SEED, concurrency: CONCURRENCY, audience: AUDIENCE, interests: INTERESTS.length },
		postsPerBot: {
			note: `posts each bot wrote in the ${round(days * 24, 1)} simulated hours, against its posts-per-day cap`,
			agent: Object.fromEntries(Object.entries(agentPosts.byTier).map(([t, v]) => [t, { mean: round(v.posts / v.bots, 2), max: v.max, capPerDay: v.cap }])),
			timer: Object.fromEntries(Object.entries(timerPosts.byTier).map(([t, v]) => [t, { mean: round(v.posts / v.bots, 2), max: v.max, capPerDay: v.cap }])),
			botsAboveCap: { agent: agentPosts.over, timer: timerPosts.over },
			total: { agent: agentPosts.total, timer: timerPosts.total }
		},
		longestReplyChain: { agent: agentChain, timer: timerChain },
		decisionMix: Object.fromEntries(mix.map((m) => [m.action, `${m.n} (${round((100 * m.n) / cycles, 1)}%)`])),
		reflections: { total: reflections[0].n, bots: reflections[0].bots, memories: memories[0].n },
		topicChoice: {
			note: 'audience appeal of the topics posted (1 = average); a bot with four interests posting at random is on its best one 25 % of the time',
			agent: topicChoice(agent, bots),
			timer: topicChoice(timer, bots)
		},
		engagementPerPost: {
			measure: 'audience likes + shares in a post’s first 6 h (posts with at least 6 h of the day left)',
			agent: meanCi(eAgent),
			timer: meanCi(eTimer),
			difference: welchDiff(eAgent, eTimer),
			likeRatePercent: { measure: '(likes + shares) per 100 views in the first 6 h', agent: meanCi(rateOf(agent, K)), timer: meanCi(rateOf(timer, K)), difference: welchDiff(rateOf(agent, K), rateOf(timer, K)) }
		},
		costPerBotDay: {
			agentLocal: round(costAgent.actualPerBotDay, 6),
			timerLocal: round(costTimer.actualPerBotDay, 6),
			agentCallsAtGpt4oMiniPrices: round(costAgent.agentCallsAtOpenAiPerBotDay, 5),
			agentCalls: costAgent.calls
		},
		cycles: { count: cycles, p50Ms: round(percentile(agent.cycleMs, 50)), p95Ms: round(percentile(agent.cycleMs, 95)), perSecond: round(cycles / (agent.cycleWallMs / 1000), 1) },
		retrieval
	};
	console.log(JSON.stringify(report, null, 2));
	await agent.db.close();
	await timer.db.close();
} finally {
	await dropAll();
	await embedded?.stop();
}
