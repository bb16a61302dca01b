// The benchmark's bots: N bots from ten persona archetypes (each with four interests the offline
// writer knows), tiers SPARK 40 % / PULSE 30 % / NOVA 20 % / APEX 10 %, in crews of five, with two
// days of history (text posts about each of their interests in turn) so both modes start from the
// same past. Seeded: the same seed gives the same population, down to the bots' ids.
import type { Db } from '../../../src/lib/server/db/client.ts';
import { hashPassword } from '../../../src/lib/server/auth/password.ts';
import { hashSeed, seededRng, type Rng } from '../../../src/lib/server/ai/random.ts';
import { toBotContext, TIER_CAPABILITIES } from '../../../src/lib/server/ai/types.ts';
import { composeCaption } from '../../../src/lib/server/ai/providers/local/writing/caption.ts';
import type { ArtStyleName, BotTierName } from '../../../src/lib/schemas/enums.ts';

export const ARCHETYPES: Array<{ name: string; voice: string; traits: string[]; interests: string[]; artStyle: ArtStyleName; palette: string[] }> = [
	{ name: 'Street Chef', voice: 'warm, confident, a little showy', traits: ['generous', 'bold'], interests: ['street food', 'fermentation', 'markets', 'coffee'], artStyle: 'REALISTIC', palette: ['#e85d04', '#ffba08', '#370617'] },
	{ name: 'Garden Poet', voice: 'gentle, lyrical, short lines', traits: ['patient', 'tender'], interests: ['gardening', 'tea', 'birdsong', 'poetry'], artStyle: 'WATERCOLOR', palette: ['#f7c8d0', '#9cc5a1', '#fdf6e3'] },
	{ name: 'Pixel Runner', voice: 'excitable, punny, gamer slang', traits: ['playful', 'competitive'], interests: ['retro games', 'chiptune', 'speedrunning', 'skateboarding'], artStyle: 'PIXEL_ART', palette: ['#2b2d42', '#ef233c', '#8ecae6'] },
	{ name: 'Night Walker', voice: 'terse, noir, present tense, lowercase', traits: ['restless', 'wry'], interests: ['synthwave', 'urban exploration', 'cats', 'street food'], artStyle: 'CYBERPUNK', palette: ['#00f0ff', '#ff2bd6', '#0b0820'] },
	{ name: 'Panel Kid', voice: 'loud, comic-book narration', traits: ['brave', 'goofy'], interests: ['comics', 'superheroes', 'skateboarding', 'film'], artStyle: 'COMIC', palette: ['#ffd60a', '#003566', '#e63946'] },
	{ name: 'Ink Monk', voice: 'spare, calm, aphoristic', traits: ['calm', 'precise'], interests: ['calligraphy', 'meditation', 'architecture', 'tea'], artStyle: 'MINIMALIST', palette: ['#111111', '#f5f5f0', '#c1121f'] },
	{ name: 'Trail Lens', voice: 'curious, warm, observant', traits: ['curious', 'steady'], interests: ['photography', 'hiking', 'ocean', 'coffee'], artStyle: 'REALISTIC', palette: ['#264653', '#2a9d8f', '#e9c46a'] },
	{ name: 'Yarn Cat', voice: 'cosy, funny, gentle', traits: ['cosy', 'patient'], interests: ['knitting', 'cats', 'baking', 'gardening'], artStyle: 'CARTOON', palette: ['#cdb4db', '#ffc8dd', '#a2d2ff'] },
	{ name: 'Crumb Nomad', voice: 'chatty, warm, wandering', traits: ['restless', 'friendly'], interests: ['baking', 'fermentation', 'markets', 'travel'], artStyle: 'OIL_PAINTING', palette: ['#7f5539', '#ddb892', '#b08968'] },
	{ name: 'Star Noter', voice: 'curious, precise, wonder-struck', traits: ['curious', 'nerdy'], interests: ['space', 'science', 'hiking', 'jazz'], artStyle: 'ANIME', palette: ['#03045e', '#0077b6', '#90e0ef'] }
];

/** Every interest any bot has (the audience's topics). */
export const INTERESTS = [...new Set(ARCHETYPES.flatMap((a) => a.interests))].sort();

const TIERS: Array<[BotTierName, number]> = [
	['SPARK', 0.4],
	['PULSE', 0.3],
	['NOVA', 0.2],
	['APEX', 0.1]
];
/** Posts a day per tier: the cap, except APEX at 6 (its cap of 24 would swamp one day's feed). */
const POSTS_PER_DAY: Record<BotTierName, number> = { SPARK: TIER_CAPABILITIES.SPARK.maxPostsPerDay, PULSE: 3, NOVA: 4, APEX: 6 };

export interface BenchBot {
	id: string;
	handle: string;
	tier: BotTierName;
	postsPerDay: number;
	interests: string[];
}

function tierFor(i: number, n: number): BotTierName {
	let acc = 0;
	for (const [tier, share] of TIERS) {
		acc += share * n;
		if (i < Math.round(acc)) return tier;
	}
	return 'SPARK';
}

/**
 * Creates the population in `db` (owners, crews of five, bots not acting yet) and two days of
 * history: each bot's posts every 24 / postsPerDay hours, about its interests in turn.
 * Returns the bots and the history posts (id, bot, topic, type, hours ago) for the audience.
 */
export async function createPopulation(db: Db, n: number, seed: string) {
	const rng: Rng = seededRng('bench-population', seed);
	const passwordHash = await hashPassword('bench-password-not-used');
	const owners = await Promise.all(
		Array.from({ length: Math.max(1, Math.ceil(n / 10)) }, (_, i) => db.prisma.user.create({ data: { email: `owner${i}@bench.test`, name: `Owner ${i}`, passwordHash } }))
	);
	const crews = await Promise.all(Array.from({ length: Math.ceil(n / 5) }, (_, i) => db.prisma.crew.create({ data: { name: `Crew ${i}` } })));
	const bots: BenchBot[] = [];
	/** `key` names the post stably across runs (database ids are random). */
	const history: Array<{ id: string; key: string; botId: string; topic: string; type: 'TEXT' | 'IMAGE'; hoursAgo: number }> = [];
	for (let i = 0; i < n; i++) {
		const a = ARCHETYPES[i % ARCHETYPES.length];
		const tier = tierFor(i, n);
		const handle = `bench_${String(i).padStart(3, '0')}`;
		const dna = { voice: a.voice, traits: a.traits, interests: a.interests, examplePosts: [], catchphrases: [], palette: a.palette, emoji: 'none' as const };
		// The id from the seed, not a random cuid: the local models seed their draws with it, so the
		// same --seed must give the same ids for two runs to decide and write the same way.
		const id = `bench${hashSeed(`bench-bot:${seed}`).toString(36)}${String(i).padStart(4, '0')}`;
		const bot = await db.prisma.bot.create({
			data: { id, handle, ownerId: owners[i % owners.length].id, name: `${a.name} ${i}`, bio: `${a.name}: ${a.interests.join(', ')}.`, personaDna: dna, tier, artStyle: a.artStyle, postsPerDay: POSTS_PER_DAY[tier], crewId: crews[Math.floor(i / 5)].id, schedulingEnabled: false }
		});
		bots.push({ id: bot.id, handle, tier, postsPerDay: POSTS_PER_DAY[tier], interests: a.interests });
		// Captions seeded by the handle, not the random database id: the same seed, the same history.
		const ctx = toBotContext({ ...bot, id: handle });
		const every = 24 / POSTS_PER_DAY[tier];
		const offset = rng() * every;
		for (let h = offset, k = 0; h < 48; h += every, k++) {
			const topic = a.interests[(k + i) % a.interests.length];
			const type = rng() < 0.5 ? 'TEXT' : 'IMAGE';
			const caption = composeCaption(ctx, type, `history:${seed}:${i}:${k}`, [], topic).caption;
			const at = new Date(Date.now() - (h + 0.5) * 3_600_000);
			const post = await db.prisma.post.create({
				data: { botId: bot.id, type, caption, tags: [topic.replace(/\s+/g, '')], moderationStatus: 'APPROVED', createdAt: at, publishedAt: at, mediaMeta: { history: true, topic } }
			});
			history.push({ id: post.id, key: `${handle}:${k}`, botId: bot.id, topic, type, hoursAgo: h + 0.5 });
		}
	}
	return { bots, history };
}
