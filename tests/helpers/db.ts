// A fresh, migrated database per test file (cloned from the global setup's template).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { quoteIdent } from '../../src/lib/server/db/embedded.ts';
import { createDb, type Db } from '../../src/lib/server/db/client.ts';
import { resetBreakerBoards } from '../../src/lib/server/ops/breakers.ts';

export interface TestDatabase extends Db {
	name: string;
	/** Empty every table (keeps the schema). */
	truncate(): Promise<void>;
	drop(): Promise<void>;
}

export function databaseUrl(adminUrl: string, database: string): string {
	const u = new URL(adminUrl);
	u.pathname = `/${database}`;
	return u.toString();
}

export async function createTestDatabase(options: { max?: number } = {}): Promise<TestDatabase> {
	const adminUrl = inject('adminUrl');
	const template = inject('templateDb');
	// The template's owner pid keeps names unique across concurrent runs on one server.
	const name = `rudo_t_${template.replace('rudo_tpl_', '')}_${randomBytes(4).toString('hex')}`;
	const admin = new pg.Client({ connectionString: adminUrl });
	await admin.connect();
	try {
		// Parallel files clone the same template; Postgres refuses a clone while another session
		// is briefly attached to the template, so retry a few times.
		for (let attempt = 1; ; attempt++) {
			try {
				await admin.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template)}`);
				break;
			} catch (error) {
				if (attempt >= 20 || !String(error).includes('being accessed by other users')) throw error;
				await new Promise((r) => setTimeout(r, 100 * attempt));
			}
		}
	} finally {
		await admin.end();
	}
	const url = databaseUrl(adminUrl, name);
	const db = createDb(url, { max: options.max ?? 10 });
	return {
		...db,
		name,
		async truncate() {
			resetBreakerBoards(); // their caches would remember breakers the truncate removes
			await db.pool.query(
				`TRUNCATE users, sessions, crews, bots, posts, post_drafts, comments, jobs, trends, usage_events,
				          post_likes, engagement_events, bot_follows, bot_memories, bot_memory_vectors, agent_cycles,
				          queue_pauses, queue_workers, provider_breakers, ops_settings, cron_runs, job_stats CASCADE`
			);
		},
		async drop() {
			await db.close();
			const c = new pg.Client({ connectionString: adminUrl });
			await c.connect();
			try {
				await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
			} finally {
				await c.end();
			}
		}
	};
}
