// The Mind page's memory search embeds its text, so it obeys what the bot's own jobs obey: the
// daily budget and the embedding model's breaker. Refused searches say why and spend nothing.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { makeUser } from '../helpers/factories.ts';
import { makeAgent, scriptedProviders } from '../helpers/agent.ts';
import { asSessionUser, callerAs, errorOf } from '../helpers/trpc.ts';
import { createProviders } from '../../src/lib/server/ai/providers.ts';
import { ProviderError, type EmbeddingModel, type ProviderSet } from '../../src/lib/server/ai/providers/types.ts';
import { runCycle } from '../../src/lib/server/agent/cycle.ts';
import { listMemories, MemorySearchUnavailableError } from '../../src/lib/server/agent/mind.ts';
import { clearVectorCache } from '../../src/lib/server/agent/retrieval.ts';
import { BreakerBoard, DEFAULT_BREAKER_POLICY, resetBreakerBoards } from '../../src/lib/server/ops/breakers.ts';

let db: TestDatabase;
beforeAll(async () => {
	db = await createTestDatabase();
});
afterAll(async () => db?.drop());
beforeEach(async () => {
	await db.truncate();
	clearVectorCache();
	resetBreakerBoards();
});

/** A remote embedding model (so breakers apply) that answers like the local one, or fails as told. */
function remoteEmbedding(fail?: () => Error) {
	const local = createProviders({}).embedding;
	const calls: string[][] = [];
	const model: EmbeddingModel = {
		provider: 'openai',
		model: 'text-embedding-3-small',
		dimensions: local.dimensions,
		async embed(texts, options) {
			calls.push([...texts]);
			if (fail) throw fail();
			const out = await local.embed(texts, options);
			return { vectors: out.vectors, usage: { provider: 'openai', model: 'text-embedding-3-small', operation: 'embedding', inputTokens: 4, costUsd: 0.000001 } };
		}
	};
	const providers: ProviderSet = { ...createProviders({}), embedding: model };
	return { providers, calls };
}

async function agentWithMemories() {
	const owner = await makeUser(db);
	const bot = await makeAgent(db, { ownerId: owner.id, handle: 'searchy' });
	await runCycle(db, bot.id, { key: 'first', providers: scriptedProviders(() => ({ action: 'IDLE', reason: 'Thinking about dumplings.' })) });
	return { owner, bot };
}

describe('memory search', () => {
	it('over budget: the search is refused with the reason (TOO_MANY_REQUESTS), nothing is embedded or billed, browsing still works', async () => {
		const { owner, bot } = await agentWithMemories();
		const caller = callerAs(db, asSessionUser(owner));
		expect((await caller.agent.memories({ botId: bot.id, search: 'dumplings' })).length).toBeGreaterThan(0);
		await db.prisma.bot.update({ where: { id: bot.id }, data: { dailyBudgetUsd: 0.01 } });
		await db.prisma.usageEvent.create({ data: { provider: 'openai', model: 'gpt', operation: 'caption', costUsd: 0.02, botId: bot.id } });
		const usage = await db.prisma.usageEvent.count();

		const error = await errorOf(caller.agent.memories({ botId: bot.id, search: 'dumplings' }));
		expect(error.code).toBe('TOO_MANY_REQUESTS');
		expect(error.message).toBe('Memory search is unavailable until 00:00 UTC. Over budget: @searchy has spent $0.02 of its $0.01 daily budget. The newest memories are still listed without a search.');
		expect(await db.prisma.usageEvent.count()).toBe(usage);
		expect((await caller.agent.memories({ botId: bot.id })).length).toBeGreaterThan(0);

		// The remote model is not even called.
		const remote = remoteEmbedding();
		await expect(listMemories(db, bot.id, { search: 'dumplings', providers: remote.providers })).rejects.toBeInstanceOf(MemorySearchUnavailableError);
		expect(remote.calls).toEqual([]);
	});

	it('goes through the embedding breaker: failures open it, then searches are refused with when to retry, without calling the model', async () => {
		const { bot } = await agentWithMemories();
		// A healthy remote model: the search works and is billed to the bot.
		const healthy = remoteEmbedding();
		const board = new BreakerBoard(db.pool, { ...DEFAULT_BREAKER_POLICY, failureThreshold: 2 });
		expect((await listMemories(db, bot.id, { search: 'dumplings', providers: healthy.providers, board })).length).toBeGreaterThan(0);
		expect(await db.prisma.usageEvent.count({ where: { botId: bot.id, provider: 'openai', operation: 'embedding' } })).toBe(1);

		// A failing one: each failure counts on its breaker; at the threshold it opens.
		const failing = remoteEmbedding(() => new ProviderError('upstream 500', { provider: 'openai', model: 'text-embedding-3-small', kind: 'server', retryable: true, status: 500 }));
		for (let i = 0; i < 2; i++) await expect(listMemories(db, bot.id, { search: 'dumplings', providers: failing.providers, board })).rejects.toThrow('upstream 500');
		expect(failing.calls).toHaveLength(2);
		const refused = await listMemories(db, bot.id, { search: 'dumplings', providers: failing.providers, board }).catch((e: unknown) => e);
		expect(refused).toBeInstanceOf(MemorySearchUnavailableError);
		expect((refused as Error).message).toMatch(/^Memory search is paused until \d\d:\d\d UTC: the embedding model is paused \(openai text-embedding-3-small: 2 failures in a row, the last: upstream 500\)/);
		expect((refused as MemorySearchUnavailableError).retryAt.getTime()).toBeGreaterThan(Date.now());
		expect(failing.calls).toHaveLength(2);
		// Browsing needs no model and still works.
		expect((await listMemories(db, bot.id, { providers: failing.providers, board })).length).toBeGreaterThan(0);
	});
});
