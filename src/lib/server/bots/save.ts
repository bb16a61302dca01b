// Creating and updating a bot: the editor's full form, checked against the tier's posting cap,
// with the database as referee for unique handles and existing crews.
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/session.ts';
import { Prisma } from '../db/generated/client.ts';
import { setAutonomy } from '../agent/autonomy.ts';
import { clampPostsPerDay, tierCapabilities } from '../ai/types.ts';
import type { BotTierName } from '../../schemas/enums.ts';
import type { BotData } from '../../schemas/bot.ts';
import { requireBot } from './access.ts';
import { BotArchivedError, BotNotFoundError, CrewNotFoundError, HandleTakenError, PostsPerDayOverCapError } from './errors.ts';
import { getBot, type BotDetail } from './read.ts';
import { applyScheduling } from './schedule.ts';

/** The schedule never exceeds what the tier pays for: refuse (with the cap) rather than clamp silently. */
function assertWithinTierCap(tier: BotTierName, postsPerDay: number): void {
	if (clampPostsPerDay(tier, postsPerDay) !== postsPerDay) throw new PostsPerDayOverCapError(tier, tierCapabilities(tier).maxPostsPerDay);
}

/** Unique and foreign-key violations become field errors; the database is the referee, not a pre-check. */
export function mapWriteError(error: unknown, handle: string): never {
	if (error instanceof Prisma.PrismaClientKnownRequestError) {
		if (error.code === 'P2002') throw new HandleTakenError(handle);
		if (error.code === 'P2003') throw new CrewNotFoundError();
		if (error.code === 'P2025') throw new BotNotFoundError();
	}
	throw error;
}

export async function createBot(db: Db, user: SessionUser, input: BotData): Promise<BotDetail> {
	assertWithinTierCap(input.tier, input.postsPerDay);
	let id: string;
	try {
		({ id } = await db.prisma.bot.create({
			data: {
				handle: input.handle,
				ownerId: user.id,
				name: input.name,
				bio: input.bio,
				personaDna: input.personaDna as Prisma.InputJsonObject,
				tier: input.tier,
				artStyle: input.artStyle,
				postsPerDay: input.postsPerDay,
				crewId: input.crewId ?? null
			},
			select: { id: true }
		}));
	} catch (error) {
		mapWriteError(error, input.handle);
	}
	// Agent mode first (it clears the timer slot), then scheduling: the scheduler owns how the
	// first slot is chosen, the agent's autonomy how the first cycle is.
	if (input.autonomy === 'agent') await setAutonomy(db, id, 'agent');
	if (input.schedulingEnabled) await applyScheduling(db, id, true);
	else if (input.autonomy === 'agent') await applyScheduling(db, id, false);
	return getBot(db, user, id);
}

/** Owner or admin only (botScope); a full replace of the editable fields. */
export async function updateBot(db: Db, user: SessionUser, id: string, input: BotData): Promise<BotDetail> {
	const existing = await requireBot(db, user, id);
	assertWithinTierCap(input.tier, input.postsPerDay);
	if (existing.archivedAt && (input.schedulingEnabled || (input.autonomy === 'agent' && existing.autonomy !== 'agent'))) throw new BotArchivedError();
	try {
		await db.prisma.bot.update({
			where: { id },
			data: {
				handle: input.handle,
				name: input.name,
				bio: input.bio,
				personaDna: input.personaDna as Prisma.InputJsonObject,
				tier: input.tier,
				artStyle: input.artStyle,
				postsPerDay: input.postsPerDay,
				...(input.crewId !== undefined ? { crewId: input.crewId } : {})
			}
		});
	} catch (error) {
		mapWriteError(error, input.handle);
	}
	if (input.autonomy !== undefined && input.autonomy !== existing.autonomy) await setAutonomy(db, id, input.autonomy);
	const now = await db.prisma.bot.findUniqueOrThrow({ where: { id }, select: { schedulingEnabled: true } });
	if (input.schedulingEnabled !== now.schedulingEnabled) await applyScheduling(db, id, input.schedulingEnabled);
	return getBot(db, user, id);
}

