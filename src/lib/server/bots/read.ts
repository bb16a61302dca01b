// Reading one bot as the editor and its page need it, and what the editor offers (crews, caps).
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/session.ts';
import type { Prisma } from '../db/generated/client.ts';
import { characterAnalysisSchema, TIER_CAPABILITIES, type CharacterAnalysis } from '../ai/types.ts';
import { personaDnaSchema, type PersonaDna } from '../../schemas/persona.ts';
import { BOT_TIERS, type BotTierName } from '../../schemas/enums.ts';
import type { TierPostCaps } from '../../schemas/bot.ts';
import { botScope } from './access.ts';
import { BotNotFoundError } from './errors.ts';
import { listSelect } from './list.ts';

const detailSelect = {
	...listSelect,
	bio: true,
	personaDna: true,
	characterRefUrl: true,
	characterAnalysis: true,
	crewId: true,
	crew: { select: { id: true, name: true } },
	cycleMinutes: true,
	createdAt: true,
	updatedAt: true
} satisfies Prisma.BotSelect;

type BotRow = Prisma.BotGetPayload<{ select: typeof detailSelect }>;

export interface BotDetail extends Omit<BotRow, 'personaDna' | 'characterAnalysis'> {
	personaDna: PersonaDna;
	/** Set when the stored DNA no longer validates; the editor shows it and saving fixes it. */
	personaDnaProblem: string | null;
	characterAnalysis: CharacterAnalysis | null;
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/**
 * Stored DNA as the editor needs it. Valid DNA passes through; anything else (older shapes, a
 * hand-edited row) is salvaged field by field so the form still opens and can repair it.
 */
export function readPersonaDna(raw: unknown): { dna: PersonaDna; problem: string | null } {
	const parsed = personaDnaSchema.safeParse(raw);
	if (parsed.success) return { dna: parsed.data, problem: null };
	const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
	const palette = strings(r.palette).filter((c) => /^#[0-9a-fA-F]{6}$/.test(c));
	const dna: PersonaDna = {
		voice: typeof r.voice === 'string' ? r.voice : '',
		traits: strings(r.traits),
		interests: strings(r.interests),
		examplePosts: strings(r.examplePosts),
		catchphrases: strings(r.catchphrases),
		palette: palette.length >= 2 ? palette : ['#7c5cff', '#ff7ab6', '#1e1b4b'],
		emoji: r.emoji === 'none' || r.emoji === 'lots' ? r.emoji : 'sparing'
	};
	const problem = parsed.error.issues.map((i) => `${i.path.join('.') || 'persona DNA'}: ${i.message}`).join('; ');
	return { dna, problem };
}

function toDetail(row: BotRow): BotDetail {
	const { dna, problem } = readPersonaDna(row.personaDna);
	const analysis = row.characterAnalysis == null ? null : characterAnalysisSchema.safeParse(row.characterAnalysis);
	return { ...row, personaDna: dna, personaDnaProblem: problem, characterAnalysis: analysis?.success ? analysis.data : null };
}

export async function getBot(db: Db, user: SessionUser, id: string): Promise<BotDetail> {
	const row = await db.prisma.bot.findFirst({ where: { id, ...botScope(user) }, select: detailSelect });
	if (!row) throw new BotNotFoundError();
	return toDetail(row);
}


/** What the editor needs besides the bot: the crews to join and each tier's posting cap. */
export async function getBotFormOptions(db: Db) {
	const crews = await db.prisma.crew.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true } });
	return { crews, tierPostCaps: tierPostCaps() };
}

export function tierPostCaps(): TierPostCaps {
	return Object.fromEntries(BOT_TIERS.map((t) => [t, TIER_CAPABILITIES[t].maxPostsPerDay])) as Record<BotTierName, number>;
}

