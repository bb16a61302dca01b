// Publishing a bot's post, wired: the one place the generation engine (ai/publish.ts) is handed
// what it needs from above it — the learning loop's draw and the trending tags (social/), the
// usage ledger (usage.ts) and the writer of the bot's next slot (scheduler.ts for timer bots;
// agent bots have no slot: their cycles decide when to post). ARCHITECTURE.md §7: the generation
// path walks down, and what it must write inside its one transaction it is given by its caller.
import type { Db } from './db/client.ts';
import { generateAndPublish, type PublishOptions, type PublishResult, type RecordPosted } from './ai/publish.ts';
import { seededRng } from './ai/random.ts';
import type { PostSteer } from './ai/types.ts';
import { loadPreferences, samplePostSteer } from './social/learning-loop.ts';
import { getTrendingTags } from './social/trending.ts';
import { recordBotPosted } from './scheduler.ts';
import { recordUsage } from './usage.ts';

/** How many trending tags generation is shown. */
export const TRENDS_SHOWN = 10;

export interface PostingSignals {
	steer: PostSteer | null;
	trends: string[];
}

/**
 * What the social layer says about a bot's next post: the learning loop's draw (Thompson sampling
 * over the bot's real engagement, seeded by `seed` so a retried job draws the same) and the
 * current trending tags (generation uses them only for tiers with trend-aware tags).
 */
export async function postingSignals(db: Db, botId: string, seed: string): Promise<PostingSignals> {
	const [prefs, trends] = await Promise.all([loadPreferences(db, botId), getTrendingTags(db, TRENDS_SHOWN)]);
	return { steer: samplePostSteer(prefs, seededRng(botId, seed, 'learn')), trends };
}

/**
 * What a new post changes about its bot, inside the post's transaction: a timer bot gets its next
 * slot (scheduler.ts `recordBotPosted`); an agent bot only its lastPostedAt (it has no slot, and
 * the database refuses one: `bots_agent_has_no_slot_check`).
 */
export const recordPosted: RecordPosted = async (tx, botId, now) => {
	const bot = await tx.bot.findUnique({ where: { id: botId }, select: { autonomy: true } });
	if (bot?.autonomy === 'agent') return tx.bot.update({ where: { id: botId }, data: { lastPostedAt: now }, select: { id: true } });
	return recordBotPosted(tx, botId, now);
};

export type PublishBotPostOptions = Omit<PublishOptions, 'recordUsage' | 'recordPosted' | 'steer' | 'trends'>;

/**
 * Generates and publishes one post for a bot (the GENERATE_POST job, the demo seed, tests):
 * generateAndPublish with the social signals, the usage ledger and the slot writer filled in.
 * Errors: those of generateAndPublish (BotUnavailableError, GenerationError…).
 */
export async function publishBotPost(db: Db, botId: string, options: PublishBotPostOptions = {}): Promise<PublishResult> {
	// Seeded by what the post is, not by the job that writes it: an agent's post by its cycle's
	// seed, a timer post by the bot's post count ("<botId>:post:<n>"), so the same bots with the
	// same history write the same posts (npm run bench:agents reproduces with --seed).
	const seed = options.seed ?? options.intent?.seed ?? `${botId}:post:${await db.prisma.post.count({ where: { botId } })}`;
	const signals = await postingSignals(db, botId, seed);
	return generateAndPublish(db, botId, { ...options, ...signals, seed, recordUsage, recordPosted });
}
