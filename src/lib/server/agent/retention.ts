// Retention for the agent loop's history: a bot writes a cycle record every 30 minutes and a few
// memories with each, so both tables would grow forever. Old cycles go after
// `retention.agentCycleDays`; observations and action memories neither made nor recalled for
// `retention.memoryDays` go with their vectors (bot_memory_vectors cascades). Reflections stay
// (they are the bot's distilled long-term memory, a few a day), and so does every memory a
// reflection cites, so a reflection's sources never disappear from under it.
//
// Runs from the maintenance round (ops/maintenance.ts), in small batches with a bounded number
// per round; what is left waits for the next round.
import type { Queryable } from '../jobs/types.ts';
import { getSettings } from '../ops/settings.ts';
import { forgetVectors } from './retrieval.ts';

export interface AgentPruneResult {
	/** agent_cycles rows deleted. */
	cycles: number;
	/** bot_memories rows deleted (their vectors with them). */
	memories: number;
	/** Everything old enough is gone (false: the batch budget ran out first). */
	done: boolean;
}

export interface AgentPruneOptions {
	/** Cycles that started before now − this many days go (default: the `retention.agentCycleDays` setting). */
	cycleDays?: number;
	/** Memories last made or recalled before now − this many days go (default: `retention.memoryDays`). */
	memoryDays?: number;
	/** Rows per statement (default 500). */
	batchSize?: number;
	/** Statements per table and round (default 20). */
	maxBatches?: number;
	now?: Date;
}

const ts = (d: Date) => d.toISOString().replace('Z', '');

/**
 * Deletes agent cycles and memories past their retention age, `batchSize` rows per statement.
 * Throws RangeError for a negative age. Safe to run from several processes at once (a row two
 * rounds both pick is deleted once).
 */
export async function pruneAgentHistory(q: Queryable, options: AgentPruneOptions = {}): Promise<AgentPruneResult> {
	const settings = options.cycleDays === undefined || options.memoryDays === undefined ? await getSettings(q) : null;
	const cycleDays = options.cycleDays ?? settings!['retention.agentCycleDays'];
	const memoryDays = options.memoryDays ?? settings!['retention.memoryDays'];
	if (!(cycleDays >= 0) || !(memoryDays >= 0)) throw new RangeError('retention ages must be ≥ 0 days');
	const now = options.now ?? new Date();
	const batchSize = options.batchSize ?? 500;
	const maxBatches = options.maxBatches ?? 20;
	const cycleCutoff = ts(new Date(now.getTime() - cycleDays * 86_400_000));
	const memoryCutoff = ts(new Date(now.getTime() - memoryDays * 86_400_000));

	let cycles = 0;
	let cyclesDone = false;
	for (let i = 0; i < maxBatches; i++) {
		const { rowCount } = await q.query(`DELETE FROM agent_cycles WHERE id IN (SELECT id FROM agent_cycles WHERE "startedAt" < $1::timestamp(3) LIMIT $2)`, [cycleCutoff, batchSize]);
		cycles += rowCount ?? 0;
		if ((rowCount ?? 0) < batchSize) {
			cyclesDone = true;
			break;
		}
	}

	let memories = 0;
	let memoriesDone = false;
	for (let i = 0; i < maxBatches; i++) {
		// lastAccessedAt ≥ createdAt, so this is "not made and not recalled since the cut-off".
		// A memory some reflection of the same bot cites is kept (sources holds memory ids).
		const { rows } = await q.query<{ id: string }>(
			`DELETE FROM bot_memories WHERE id IN (
			   SELECT m.id FROM bot_memories m
			    WHERE m.kind <> 'reflection' AND m."lastAccessedAt" < $1::timestamp(3)
			      AND NOT EXISTS (SELECT 1 FROM bot_memories r WHERE r."botId" = m."botId" AND r.kind = 'reflection' AND m.id = ANY (r.sources))
			    LIMIT $2)
			 RETURNING id`,
			[memoryCutoff, batchSize]
		);
		memories += rows.length;
		forgetVectors(rows.map((r) => r.id));
		if (rows.length < batchSize) {
			memoriesDone = true;
			break;
		}
	}
	return { cycles, memories, done: cyclesDone && memoriesDone };
}
