// Who may touch which bot. A creator reaches only their own bots, and someone else's bot is "not
// found" (never "forbidden"), so ids cannot be probed for existence. Admins reach every bot.
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/session.ts';
import { BotNotFoundError } from './errors.ts';

/** The Prisma `where` fragment limiting bots to those the user may see. */
export function botScope(user: SessionUser) {
	return user.role === 'ADMIN' ? {} : { ownerId: user.id };
}

/** Checks the caller may touch the bot and returns what the writes need; BotNotFoundError otherwise. */
export async function requireBot(db: Db, user: SessionUser, id: string) {
	const bot = await db.prisma.bot.findFirst({
		where: { id, ...botScope(user) },
		select: { id: true, handle: true, name: true, bio: true, tier: true, artStyle: true, personaDna: true, characterAnalysis: true, schedulingEnabled: true, autonomy: true, archivedAt: true }
	});
	if (!bot) throw new BotNotFoundError();
	return bot;
}

export type AccessibleBot = Awaited<ReturnType<typeof requireBot>>;
