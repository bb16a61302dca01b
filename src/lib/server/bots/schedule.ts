// Acting on its own: scheduling on/off (the timer for a scheduled bot, cycles for an agent) and
// switching between the timer and agent mode.
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/session.ts';
import { enableScheduling, disableScheduling } from '../scheduler.ts';
import { setAgentActive, setAutonomy, type AutonomyState } from '../agent/autonomy.ts';
import type { AutonomyModeName } from '../../schemas/enums.ts';
import { requireBot } from './access.ts';
import { BotArchivedError, violatesArchivedCheck } from './errors.ts';

/** On/off for acting on its own: the timer for a scheduled bot, the cycles for an agent. */
export async function applyScheduling(db: Db, id: string, enabled: boolean): Promise<void> {
	const bot = await db.prisma.bot.findUniqueOrThrow({ where: { id }, select: { autonomy: true } });
	if (bot.autonomy === 'agent') await setAgentActive(db, id, enabled);
	else if (enabled) await enableScheduling(db, id);
	else await disableScheduling(db, id);
}

/** Agent mode on (acting on its own, deciding every cycle) or off (back to the timer). Owner or admin. */
export async function setBotAutonomy(db: Db, user: SessionUser, id: string, mode: AutonomyModeName): Promise<AutonomyState> {
	const bot = await requireBot(db, user, id);
	// Agent mode turns acting on its own on, which an archived bot must not do.
	if (mode === 'agent' && bot.archivedAt) throw new BotArchivedError();
	try {
		return await setAutonomy(db, id, mode);
	} catch (error) {
		// Archived meanwhile (by another tab or an admin): the database refused; say why.
		if (violatesArchivedCheck(error)) throw new BotArchivedError();
		throw error;
	}
}

export async function setBotScheduling(db: Db, user: SessionUser, id: string, enabled: boolean) {
	const existing = await requireBot(db, user, id);
	if (enabled && existing.archivedAt) throw new BotArchivedError();
	try {
		await applyScheduling(db, id, enabled);
	} catch (error) {
		if (violatesArchivedCheck(error)) throw new BotArchivedError();
		throw error;
	}
	const bot = await db.prisma.bot.findUniqueOrThrow({ where: { id }, select: { id: true, schedulingEnabled: true, nextPostAt: true } });
	return bot;
}

