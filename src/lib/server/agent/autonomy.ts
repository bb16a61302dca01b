// Turning a bot's autonomy on and off. `schedulingEnabled` stays the switch for "acts on its own";
// autonomy says how: on its timer (scheduled) or by deciding every cycle (agent). An agent bot has
// no timer slot (the database refuses one); a scheduled bot has no cycle.
import type { Db } from '../db/client.ts';
import type { AutonomyModeName } from '../../schemas/enums.ts';

/** A newly enabled agent's first cycle: right away (the next scheduler tick takes it). */
const FIRST_CYCLE_DELAY_MS = 0;
/** A bot going back to its timer posts soon (as enableScheduling does). */
const FIRST_POST_DELAY_MS = 60_000;

export interface AutonomyState {
	id: string;
	autonomy: AutonomyModeName;
	schedulingEnabled: boolean;
	nextPostAt: Date | null;
	nextCycleAt: Date | null;
	cycleMinutes: number;
}

const stateSelect = { id: true, autonomy: true, schedulingEnabled: true, nextPostAt: true, nextCycleAt: true, cycleMinutes: true } as const;

/**
 * Sets a bot's autonomy. Turning agent mode on also makes the bot act on its own (scheduling on)
 * and clears its timer slot; its first cycle is due at once. Back to scheduled, it loses its
 * cycle and, if it acts on its own, gets a timer slot a minute away. `cycleMinutes` (5–1440)
 * changes the agent's rhythm.
 */
export async function setAutonomy(db: Db, botId: string, mode: AutonomyModeName, options: { now?: Date; cycleMinutes?: number } = {}): Promise<AutonomyState> {
	const now = options.now ?? new Date();
	const bot = await db.prisma.bot.findUniqueOrThrow({ where: { id: botId }, select: stateSelect });
	const cycleMinutes = options.cycleMinutes ?? bot.cycleMinutes;
	if (mode === 'agent') {
		const keepCycle = bot.autonomy === 'agent' && bot.schedulingEnabled && bot.nextCycleAt && bot.nextCycleAt > now;
		return db.prisma.bot.update({
			where: { id: botId },
			data: { autonomy: 'agent', schedulingEnabled: true, nextPostAt: null, cycleMinutes, nextCycleAt: keepCycle ? bot.nextCycleAt : new Date(now.getTime() + FIRST_CYCLE_DELAY_MS) },
			select: stateSelect
		});
	}
	return db.prisma.bot.update({
		where: { id: botId },
		data: { autonomy: 'scheduled', nextCycleAt: null, cycleMinutes, nextPostAt: bot.schedulingEnabled ? (bot.autonomy === 'scheduled' && bot.nextPostAt ? bot.nextPostAt : new Date(now.getTime() + FIRST_POST_DELAY_MS)) : null },
		select: stateSelect
	});
}

/** Scheduling on/off for an agent bot: its cycles start (due now, or at a kept future time) or stop. */
export async function setAgentActive(db: Db, botId: string, enabled: boolean, now = new Date()): Promise<void> {
	const bot = await db.prisma.bot.findUniqueOrThrow({ where: { id: botId }, select: { nextCycleAt: true } });
	await db.prisma.bot.update({
		where: { id: botId },
		data: enabled
			? { schedulingEnabled: true, nextPostAt: null, nextCycleAt: bot.nextCycleAt && bot.nextCycleAt > now ? bot.nextCycleAt : new Date(now.getTime() + FIRST_CYCLE_DELAY_MS) }
			: { schedulingEnabled: false, nextCycleAt: null }
	});
}
