// Simulated time without touching the code under test: instead of moving the clock forward, the
// benchmark moves the recorded past back. After each round every timestamp the app reads (posts,
// comments, likes, follows, memories, cycles, bots' slots, jobs, the usage ledger, trends) moves
// 30 minutes earlier, so `now()` in SQL and `new Date()` in code see 30 more minutes gone by.
import type { Db } from '../../../src/lib/server/db/client.ts';

const SHIFTS: Array<[string, string[]]> = [
	['posts', ['createdAt', 'publishedAt']],
	['comments', ['createdAt']],
	['post_likes', ['createdAt']],
	['bot_follows', ['createdAt']],
	['bot_memories', ['createdAt', 'lastAccessedAt']],
	['agent_cycles', ['startedAt', 'finishedAt']],
	['bots', ['nextPostAt', 'nextCycleAt', 'lastPostedAt']],
	['jobs', ['runAt', 'createdAt', 'finishedAt', 'lockedAt', 'leaseExpiresAt', 'updatedAt']],
	['usage_events', ['createdAt']],
	['trends', ['updatedAt']]
];

export async function passTime(db: Db, minutes: number): Promise<void> {
	const client = await db.pool.connect();
	try {
		await client.query('BEGIN');
		for (const [table, columns] of SHIFTS) {
			await client.query(`UPDATE ${table} SET ${columns.map((c) => `"${c}" = "${c}" - $1::int * interval '1 minute'`).join(', ')}`, [minutes]);
		}
		await client.query('COMMIT');
	} catch (error) {
		await client.query('ROLLBACK');
		throw error;
	} finally {
		client.release();
	}
}
