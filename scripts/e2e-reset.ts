// Used by the e2e tests between tests: empty every table of the e2e database and seed the demo
// data again, so each test starts from the same known state.
import { createDb } from '../src/lib/server/db/client.ts';
import { seedDemoData } from '../src/lib/server/demo/seed.ts';

const url = process.argv[2];
if (!url) {
	console.error('usage: tsx scripts/e2e-reset.ts <database url>');
	process.exit(2);
}
const db = createDb(url, { max: 2 });
try {
	// The operations tables too: a pause, an open breaker or a setting left by one test would
	// change what the next one sees (a paused queue processes nothing).
	await db.pool.query(
		`TRUNCATE users, sessions, crews, bots, posts, post_drafts, comments, jobs, trends, usage_events,
		          post_likes, engagement_events, bot_follows, bot_memories, bot_memory_vectors, agent_cycles,
		          queue_pauses, queue_workers, provider_breakers, ops_settings, cron_runs, job_stats CASCADE`
	);
	await seedDemoData(db);
} finally {
	await db.close();
}
