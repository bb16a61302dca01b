// The agent loop on the real SDK path: OpenAI decides through a strict JSON schema, rates
// importance and reflects through chat completions, and embeds through /v1/embeddings — all with
// the official `openai` package talking to the simulator.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { makeUser } from '../helpers/factories.ts';
import { getJob } from '../helpers/jobs.ts';
import { makeAgent } from '../helpers/agent.ts';
import { resetEnvCache } from '../../src/lib/server/env.ts';
import { createProviders, resetProviders } from '../../src/lib/server/ai/providers.ts';
import { ProviderError } from '../../src/lib/server/ai/providers/types.ts';
import { enqueueJob } from '../../src/lib/server/jobs/enqueue.ts';
import { processJobs } from '../../src/lib/server/jobs/process.ts';
import { defaultRegistry } from '../../src/lib/server/jobs/index.ts';
import { runCycle } from '../../src/lib/server/agent/cycle.ts';
import { reflect } from '../../src/lib/server/agent/reflection.ts';
import { startSimulator, type Simulator } from './server.ts';

let db: TestDatabase;
let sim: Simulator;
const saved = { ...process.env };
beforeAll(async () => {
	sim = await startSimulator();
	Object.assign(process.env, sim.env(), { RUDO_DATA_DIR: mkdtempSync(join(tmpdir(), 'rudo-media-')) });
	resetEnvCache();
	resetProviders();
	db = await createTestDatabase();
});
afterAll(async () => {
	process.env = { ...saved };
	resetEnvCache();
	resetProviders();
	await db?.drop();
	await sim?.close();
});
beforeEach(async () => {
	sim.reset();
	await db.truncate();
	// Importance: one rating per numbered memory in the prompt, like a model that follows the format.
	sim.setChatResponse('rudo_importance', ({ messages }: { messages: unknown[] }) => {
		const user = (messages as Array<{ role: string; content: string }>).find((m) => m.role === 'user')!.content;
		const count = (user.match(/^\d+\. /gm) ?? []).length;
		return { ratings: Array.from({ length: count }, (_, i) => 3 + (i % 5)) };
	});
});

type Chat = { messages: Array<{ role: string; content: string }>; response_format: { json_schema: { name: string; strict: boolean; schema: { properties: { action: { enum: string[] } } } } } };
const userText = (body: unknown) => (body as Chat).messages.find((m) => m.role === 'user')!.content;
/** Chat requests for one response format. */
const chatsFor = (name: string) => sim.requestsFor('openai.chat').filter((r) => (r.body as Chat)?.response_format?.json_schema?.name === name);

async function scene() {
	const crew = await db.prisma.crew.create({ data: { name: `c${Math.random()}` } });
	const owner = await makeUser(db);
	const chef = await makeAgent(db, { ownerId: owner.id, crewId: crew.id, handle: 'sim_chef' });
	const gardener = await makeAgent(db, { ownerId: owner.id, crewId: crew.id, persona: 'gardener', handle: 'sim_gardener' });
	const at = new Date(Date.now() - 3_600_000);
	const post = await db.prisma.post.create({ data: { botId: gardener.id, type: 'TEXT', caption: 'Dumplings from the night market after weeding.', moderationStatus: 'APPROVED', publishedAt: at, createdAt: at } });
	return { chef, gardener, post };
}

describe('a cycle through the OpenAI SDK', () => {
	it('decides with a strict JSON schema limited to the open actions, embeds through /v1/embeddings and bills every call', async () => {
		const { chef, post } = await scene();
		sim.setChatResponse('rudo_decision', ({ messages }: { messages: unknown[] }) => {
			const label = /^(p\d+) \[@sim_gardener/m.exec(userText({ messages }))![1];
			return { action: 'LIKE', target: label, topic: '', reason: 'Dumplings after weeding: my kind of evening.' };
		});
		const result = await runCycle(db, chef.id, { key: 'sim-1', providers: createProviders(sim.env()) });
		expect(result).toMatchObject({ action: 'LIKE', outcome: { status: 'done', postId: post.id } });
		expect(result.reason).toBe('Dumplings after weeding: my kind of evening.');

		const [decision] = chatsFor('rudo_decision');
		const format = (decision.body as Chat).response_format.json_schema;
		expect(format).toMatchObject({ name: 'rudo_decision', strict: true });
		expect(format.schema.properties.action.enum).toEqual(['POST', 'RESPOND', 'LIKE', 'FOLLOW', 'IDLE']);
		expect(userText(decision.body)).toMatch(/What you see \(answer with the label as target\):\np1 \[@sim_gardener, a post, crewmate/);

		// Embeddings: the SDK asks for base64 and 256 dimensions; memories keep the model's vectors.
		const embeds = sim.requestsFor('openai.embeddings');
		expect(embeds.length).toBeGreaterThanOrEqual(2);
		expect(embeds[0].body).toMatchObject({ model: 'text-embedding-3-small', dimensions: 256, encoding_format: 'base64' });
		const memories = await db.prisma.botMemory.findMany({ where: { botId: chef.id }, include: { vector: true } });
		expect(memories.length).toBeGreaterThanOrEqual(2);
		expect(memories.every((m) => m.embeddingModel === 'openai:text-embedding-3-small:256' && m.vector!.embedding.length === 1024)).toBe(true);
		// Importance came from the model (3, 4, … in order), not from the local heuristic.
		expect(memories.map((m) => m.importance).sort()).toEqual(expect.arrayContaining([3, 4]));

		const usage = await db.prisma.usageEvent.findMany({ where: { botId: chef.id } });
		expect(new Set(usage.map((u) => u.operation))).toEqual(new Set(['decision', 'importance', 'embedding']));
		expect(usage.every((u) => u.provider === 'openai')).toBe(true);
		const cycle = await db.prisma.agentCycle.findUniqueOrThrow({ where: { key: 'sim-1' } });
		expect(Number(cycle.costUsd)).toBeGreaterThan(0);
		expect(Number(cycle.costUsd)).toBeCloseTo(usage.reduce((s, u) => s + Number(u.costUsd), 0), 6);
	});

	it('asks again when the decision is not valid JSON for the schema, and an impossible target becomes IDLE', async () => {
		const { chef } = await scene();
		sim.setFault('openai.chat:rudo_decision', { type: 'schema-mismatch' }, { times: 1 });
		sim.setChatResponse('rudo_decision', { action: 'FOLLOW', target: 'b42', topic: '', reason: 'Why not.' });
		const result = await runCycle(db, chef.id, { key: 'sim-2', providers: createProviders(sim.env()) });
		expect(chatsFor('rudo_decision')).toHaveLength(2);
		expect(result.action).toBe('IDLE');
		expect(result.reason).toMatch(/does not name something that can be followed.*Why not\./);
	});

	it('a failing embeddings endpoint fails the cycle with a retryable error and leaves no half-written cycle', async () => {
		const { chef } = await scene();
		sim.setFault('openai.embeddings', { type: 'server-error', status: 503 });
		const providers = createProviders({ ...sim.env(), AI_MAX_RETRIES: '1' });
		const error = await runCycle(db, chef.id, { key: 'sim-3', providers }).catch((e) => e);
		expect(error).toBeInstanceOf(ProviderError);
		expect(error).toMatchObject({ retryable: true, kind: 'server' });
		expect(sim.requestsFor('openai.embeddings')).toHaveLength(2); // the SDK retried once
		expect(await db.prisma.agentCycle.count()).toBe(0);
		expect(await db.prisma.botMemory.count()).toBe(0);
		sim.clearFaults('openai.embeddings');
		sim.setFault('openai.embeddings', { type: 'malformed' });
		expect(await runCycle(db, chef.id, { key: 'sim-4', providers }).catch((e) => e)).toMatchObject({ name: 'ProviderError', kind: 'malformed', retryable: true });
	});

	it('reflects through chat completions: questions, then insights that cite statements by number', async () => {
		const { chef } = await scene();
		const providers = createProviders(sim.env());
		// Give the bot something to reflect on: a few cycles' worth of observations.
		sim.setChatResponse('rudo_decision', { action: 'IDLE', target: '', topic: '', reason: 'Watching.' });
		await runCycle(db, chef.id, { key: 'r1', providers });
		sim.setChatResponse('rudo_reflection_questions', { questions: ['What do I like to see?', 'Who is around me?', 'What should I post?'] });
		sim.setChatResponse('rudo_reflection_insights', { insights: [{ insight: 'Dumplings make my evening.', because: [1, 99], topic: 'street food', valence: 'positive' }] });
		const result = await reflect(db, chef.id, { providers, force: true });
		expect(result.questions).toEqual(['What do I like to see?', 'Who is around me?', 'What should I post?']);
		expect(chatsFor('rudo_reflection_insights')).toHaveLength(3);
		expect(userText(chatsFor('rudo_reflection_insights')[0].body)).toMatch(/^Statements about chef bot:\n1\. .*\n[\s\S]*insight \(because of 1, 5, 3\)/);
		// The same insight from three questions is stored once; citation 99 (not shown) is dropped.
		const stored = await db.prisma.botMemory.findMany({ where: { botId: chef.id, kind: 'reflection' } });
		expect(stored).toHaveLength(1);
		expect(stored[0]).toMatchObject({ content: 'Dumplings make my evening.', meta: { topic: 'street food', valence: 'positive' } });
		expect(stored[0].sources).toHaveLength(1);
	});

	it('a POST decision reaches the caption prompt: the topic and the bot’s reflection', async () => {
		const { chef } = await scene();
		const job = (await enqueueJob(db.pool, {
			type: 'GENERATE_POST',
			botId: chef.id,
			payload: { botId: chef.id, postType: 'TEXT', intent: { topic: 'street food', note: 'Food posts do well for me.', insights: ['My posts about street food do best.'] } }
		}))!;
		await processJobs(db, defaultRegistry(), { types: ['GENERATE_POST'] });
		expect(await getJob(db, job)).toMatchObject({ status: 'SUCCEEDED' });
		const prompt = userText(chatsFor('rudo_caption')[0].body);
		expect(prompt).toContain('You decided to post about: street food. Why: Food posts do well for me.');
		expect(prompt).toContain('- My posts about street food do best.');
	});
});
