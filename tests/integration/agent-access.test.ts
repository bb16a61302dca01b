// Who may see and steer a bot's mind: its owner and admins. Another creator gets "not found" for
// everything about someone else's agent (Mind data, cycles, memories and their search, the
// autonomy toggle), learns nothing from the error, spends nothing and changes nothing.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { makeUser } from '../helpers/factories.ts';
import { makeAgent, scriptedProviders } from '../helpers/agent.ts';
import { asSessionUser, callerAs, errorOf } from '../helpers/trpc.ts';
import { runCycle } from '../../src/lib/server/agent/cycle.ts';
import { clearVectorCache } from '../../src/lib/server/agent/retrieval.ts';

let db: TestDatabase;
beforeAll(async () => {
	db = await createTestDatabase();
});
afterAll(async () => db?.drop());
beforeEach(async () => {
	await db.truncate();
	clearVectorCache();
});

async function setting() {
	const alice = await makeUser(db, { name: 'Alice' });
	const bob = await makeUser(db, { name: 'Bob' });
	const admin = await makeUser(db, { name: 'Admin', role: 'ADMIN' });
	const bot = await makeAgent(db, { ownerId: alice.id, persona: 'chef', handle: 'alices_chef' });
	await runCycle(db, bot.id, { key: 'seen-by-alice', providers: scriptedProviders(() => ({ action: 'IDLE', reason: 'A secret plan about dumplings.' })) });
	return { alice: callerAs(db, asSessionUser(alice)), bob: callerAs(db, asSessionUser(bob)), admin: callerAs(db, asSessionUser(admin)), bot };
}

describe("another creator's agent is not found", () => {
	it('Mind data, cycles, memories and memory search: NOT_FOUND for creator B, with no trace of the bot', async () => {
		const { alice, bob, bot } = await setting();
		// The owner sees it all.
		const mind = await alice.agent.mind({ botId: bot.id });
		expect(mind.cycles.cycles.map((c) => c.reason)).toEqual(['A secret plan about dumplings.']);
		expect((await alice.agent.memories({ botId: bot.id })).length).toBeGreaterThan(0);
		expect((await alice.agent.memories({ botId: bot.id, search: 'dumplings' })).length).toBeGreaterThan(0);

		const usageBefore = await db.prisma.usageEvent.count();
		const calls = [
			() => bob.agent.mind({ botId: bot.id }),
			() => bob.agent.cycles({ botId: bot.id }),
			() => bob.agent.memories({ botId: bot.id }),
			() => bob.agent.memories({ botId: bot.id, search: 'dumplings' })
		];
		for (const call of calls) {
			const error = await errorOf(call());
			expect(error.code).toBe('NOT_FOUND');
			// The same answer as for a bot that does not exist: nothing about it leaks.
			expect(error.message).not.toMatch(/dumplings|alices_chef|Alice/);
		}
		expect((await errorOf(bob.agent.mind({ botId: 'c00000000000000000000000' }))).code).toBe('NOT_FOUND');
		// Bob's search embedded nothing and billed nothing.
		expect(await db.prisma.usageEvent.count()).toBe(usageBefore);
	});

	it('the autonomy toggle: creator B cannot turn the agent off (NOT_FOUND) and the bot keeps acting; an admin can', async () => {
		const { alice, bob, admin, bot } = await setting();
		const before = await db.prisma.bot.findUniqueOrThrow({ where: { id: bot.id }, select: { autonomy: true, schedulingEnabled: true, nextCycleAt: true } });
		expect(before.autonomy).toBe('agent');
		expect((await errorOf(bob.bots.setAutonomy({ id: bot.id, mode: 'scheduled' }))).code).toBe('NOT_FOUND');
		expect(await db.prisma.bot.findUniqueOrThrow({ where: { id: bot.id }, select: { autonomy: true, schedulingEnabled: true, nextCycleAt: true } })).toEqual(before);
		// Alice's own call works; so does an admin's (admins see every bot).
		await alice.bots.setAutonomy({ id: bot.id, mode: 'scheduled' });
		expect((await db.prisma.bot.findUniqueOrThrow({ where: { id: bot.id } })).autonomy).toBe('scheduled');
		await admin.bots.setAutonomy({ id: bot.id, mode: 'agent' });
		expect((await db.prisma.bot.findUniqueOrThrow({ where: { id: bot.id } })).autonomy).toBe('agent');
		expect((await admin.agent.mind({ botId: bot.id })).cycles.cycles).toHaveLength(1);
	});
});
