// Reflection (Park et al. 2023, Generative Agents §4.2): when the importance of what a bot has
// remembered since its last reflection adds up past REFLECTION_THRESHOLD (150), it steps back:
//   1. from its 100 most recent memories, the three most salient high-level questions;
//   2. for each question, the memories retrieval finds for it (numbered), and the insights they
//      support, each citing the numbers it rests on ("insight (because of 1, 5, 3)").
// Insights are stored as reflection memories with their sources, so they are retrieved like any
// memory and flow into decisions (decide.ts topicOptions: a topic the bot has noticed doing well
// weighs more) and into captions (the POST intent carries them). Runs as its own job,
// BOT_REFLECT, which the cycle enqueues when the threshold is passed.
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import type { Prisma } from '../db/generated/client.ts';
import { getProviders } from '../ai/providers.ts';
import { buildPersonaPrompt } from '../ai/caption.ts';
import { InvalidBotError, toBotContext, type BotContext } from '../ai/types.ts';
import type { InsightOutput, MemoryMeta, ReflectionMemory } from '../ai/mind-tasks.ts';
import type { ProviderSet, UsageRecord } from '../ai/providers/types.ts';
import { recordUsage } from '../usage.ts';
import type { MemoryKindName } from '../../schemas/enums.ts';
import { cleanText } from '../../text/safe-text.ts';
import { embeddingModelId, importanceSinceReflection, memoryText, prepareMemories, REFLECTION_THRESHOLD, writeMemories, type NewMemory } from './memory.ts';
import { retrieveMemories, touchMemories } from './retrieval.ts';
import { AgentUnavailableError } from './cycle.ts';
import { withoutWithdrawn } from './withdrawn-posts.ts';
import { prismaQueryable } from '../jobs/types.ts';

/** Memories the questions are drawn from (the paper's 100 most recent). */
export const QUESTION_WINDOW = 100;
/** Memories retrieved for each question (the statements an insight may cite). */
export const EVIDENCE_PER_QUESTION = 20;
/** Insights kept per question (the paper asks for five). */
export const INSIGHTS_PER_QUESTION = 5;

const questionsJsonSchema = {
	type: 'object',
	additionalProperties: false,
	required: ['questions'],
	properties: { questions: { type: 'array', items: { type: 'string' }, description: 'Three questions.' } }
} as const;

const insightsJsonSchema = {
	type: 'object',
	additionalProperties: false,
	required: ['insights'],
	properties: {
		insights: {
			type: 'array',
			description: 'Up to five insights.',
			items: {
				type: 'object',
				additionalProperties: false,
				required: ['insight', 'because', 'topic', 'valence'],
				properties: {
					insight: { type: 'string', description: 'A high-level insight, first person.' },
					because: { type: 'array', items: { type: 'integer' }, description: 'Numbers of the statements it rests on.' },
					topic: { type: 'string', description: 'The subject it is about if it is about what to post (e.g. "street food"), else "".' },
					valence: { type: 'string', enum: ['positive', 'negative', 'neutral'], description: 'positive: do more of it, negative: do less, neutral: neither.' }
				}
			}
		}
	}
} as const;

const insightsSchema = z.object({
	insights: z
		.array(z.object({ insight: z.string().trim().min(1).max(600), because: z.array(z.number().int()).max(30), topic: z.string().max(120), valence: z.enum(['positive', 'negative', 'neutral']) }))
		.max(10)
});

const numbered = (memories: readonly ReflectionMemory[]) => memories.map((m) => `${m.index}. ${m.content}`).join('\n');

async function salientQuestions(ctx: BotContext, memories: ReflectionMemory[], text: ProviderSet['text'], signal?: AbortSignal) {
	const { value, usage } = await text.generateJson({
		operation: 'reflection',
		system: buildPersonaPrompt(ctx),
		user: `${numbered(memories)}\n\nGiven only the information above, what are the 3 most salient high-level questions we can answer about the subjects in the statements? Ask them as ${ctx.name}, in the first person.\n\nReturn JSON with: questions (3 strings).`,
		schemaName: 'rudo_reflection_questions',
		jsonSchema: questionsJsonSchema,
		schema: z.object({ questions: z.array(z.string().trim().min(3).max(300)).min(1).max(6) }),
		task: { kind: 'reflection-questions', bot: ctx, memories },
		temperature: 0.3,
		maxOutputTokens: 300,
		signal
	});
	return { questions: [...new Set(value.questions.map((q) => cleanText(q).trim()))].slice(0, 3), usage };
}

async function insightsFor(ctx: BotContext, question: string, evidence: ReflectionMemory[], text: ProviderSet['text'], signal?: AbortSignal) {
	const { value, usage } = await text.generateJson({
		operation: 'reflection',
		system: buildPersonaPrompt(ctx),
		user: `Statements about ${ctx.name}:\n${numbered(evidence)}\n\nWith this question in mind: ${question}\nWhat 5 high-level insights can you infer from the above statements? Cite the statements each rests on by number (example format: insight (because of 1, 5, 3)). Mark an insight about what to post with its topic and whether it says to post more (positive) or less (negative) about it.\n\nReturn JSON with: insights (each: insight, because, topic, valence).`,
		schemaName: 'rudo_reflection_insights',
		jsonSchema: insightsJsonSchema,
		schema: insightsSchema,
		task: { kind: 'reflection-insights', bot: ctx, question, memories: evidence },
		temperature: 0.3,
		maxOutputTokens: 700,
		signal
	});
	return { insights: value.insights.slice(0, INSIGHTS_PER_QUESTION) as InsightOutput[], usage };
}

export interface ReflectResult {
	/** False when the threshold was not passed (nothing to reflect on) or this job already reflected. */
	reflected: boolean;
	questions: string[];
	insights: Array<{ id: string | null; content: string; sources: string[] }>;
}

/**
 * Reflects for a bot if its summed importance since the last reflection exceeds the threshold
 * (or `force`). Writes the insights (and, when none survive, one reflection saying so, so the
 * counter starts again) together with the job's completion.
 */
export async function reflect(
	db: Db,
	botId: string,
	options: { jobId?: string | null; providers?: ProviderSet; now?: Date; force?: boolean; signal?: AbortSignal; inTransaction?: (tx: Prisma.TransactionClient) => Promise<void> } = {}
): Promise<ReflectResult> {
	const now = options.now ?? new Date();
	if (options.jobId) {
		const done = await db.prisma.botMemory.findMany({ where: { botId, kind: 'reflection', cycleId: options.jobId }, select: { id: true, content: true, sources: true } });
		if (done.length) return { reflected: false, questions: [], insights: done.map((d) => ({ id: d.id, content: d.content, sources: d.sources })) };
	}
	if (!options.force && (await importanceSinceReflection(db.pool, botId)) <= REFLECTION_THRESHOLD) return { reflected: false, questions: [], insights: [] };
	const bot = await db.prisma.bot.findUnique({ where: { id: botId } });
	if (!bot) throw new AgentUnavailableError(`Bot ${botId} does not exist (deleted?)`);
	if (bot.archivedAt) throw new AgentUnavailableError(`Bot @${bot.handle} is archived: it reflects no more until it is restored`);
	let ctx: BotContext;
	try {
		ctx = toBotContext(bot);
	} catch (error) {
		if (error instanceof InvalidBotError) throw new AgentUnavailableError(error.message);
		throw error;
	}
	const providers = options.providers ?? getProviders();
	const usage: UsageRecord[] = [];
	try {
		// Nothing about a post that is no longer published feeds a reflection.
		const recent = await withoutWithdrawn(
			db.pool,
			await db.prisma.botMemory.findMany({
				where: { botId },
				orderBy: { createdAt: 'desc' },
				take: QUESTION_WINDOW,
				select: { id: true, kind: true, content: true, importance: true, meta: true }
			}),
			(m) => (m.meta as MemoryMeta | null)?.postId
		);
		const asReflection = (m: (typeof recent)[number], index: number): ReflectionMemory => ({ index, kind: m.kind as MemoryKindName, content: m.content, importance: m.importance, meta: (m.meta ?? {}) as MemoryMeta });
		const asked = await salientQuestions(ctx, recent.map((m, i) => asReflection(m, i + 1)), providers.text, options.signal);
		usage.push(asked.usage);

		const embedded = await providers.embedding.embed(asked.questions, { signal: options.signal });
		usage.push(embedded.usage);
		const model = embeddingModelId(providers.embedding);
		const drafts: NewMemory[] = [];
		// Refreshed with the reflection's own write (touchMemories below), not before it commits.
		const recalled: string[] = [];
		const seen = new Set((await db.prisma.botMemory.findMany({ where: { botId, kind: 'reflection' }, orderBy: { createdAt: 'desc' }, take: 30, select: { content: true } })).map((r) => r.content.toLowerCase()));
		for (const [qi, question] of asked.questions.entries()) {
			const evidence = await retrieveMemories(db, botId, { vector: embedded.vectors[qi], model }, { k: EVIDENCE_PER_QUESTION, now, touch: false });
			recalled.push(...evidence.map((m) => m.id));
			const numberedEvidence = evidence.map((m, i) => ({ index: i + 1, kind: m.kind, content: m.content, importance: Math.round(m.raw.importance), meta: m.meta }));
			const drawn = await insightsFor(ctx, question, numberedEvidence, providers.text, options.signal);
			usage.push(drawn.usage);
			for (const insight of drawn.insights) {
				const sources = [...new Set(insight.because.filter((n) => n >= 1 && n <= evidence.length).map((n) => evidence[n - 1].id))];
				const content = memoryText(insight.insight);
				// An insight must rest on something it was shown, and say something new.
				if (sources.length === 0 || !content || seen.has(content.toLowerCase())) continue;
				seen.add(content.toLowerCase());
				drafts.push({ kind: 'reflection', content, sources, meta: { about: 'reflection', topic: insight.topic.trim() || null, valence: insight.valence } });
			}
		}
		if (drafts.length === 0) {
			drafts.push({ kind: 'reflection', content: 'I looked back over what happened lately and found nothing new to conclude.', sources: recent.slice(0, 3).map((m) => m.id), meta: { about: 'reflection', topic: null, valence: 'neutral' } });
		}
		const ready = await prepareMemories(ctx, providers, drafts, { signal: options.signal });
		usage.push(...ready.usage);
		const ids = await db.prisma.$transaction(async (tx) => {
			const written = await writeMemories(tx, botId, ready.prepared, options.jobId ?? null, now);
			await touchMemories(prismaQueryable(tx), [...new Set(recalled)], now);
			await options.inTransaction?.(tx);
			return written;
		});
		return { reflected: true, questions: asked.questions, insights: ready.prepared.map((p, i) => ({ id: ids[i], content: p.content, sources: p.sources ?? [] })) };
	} finally {
		await recordUsage(db.prisma, usage, { jobId: options.jobId ?? null, botId });
	}
}
