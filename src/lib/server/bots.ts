// Bot queries, always scoped by who asks: a creator sees only their own bots.
import type { Db } from './db/client.ts';
import type { SessionUser } from './auth/session.ts';

export function botScope(user: SessionUser) {
	return user.role === 'ADMIN' ? {} : { ownerId: user.id };
}

export async function listBots(db: Db, user: SessionUser) {
	return db.prisma.bot.findMany({
		where: botScope(user),
		orderBy: { name: 'asc' },
		select: {
			id: true,
			handle: true,
			name: true,
			tier: true,
			artStyle: true,
			avatarUrl: true,
			schedulingEnabled: true,
			lastPostedAt: true,
			nextPostAt: true,
			owner: { select: { name: true, email: true } }
		}
	});
}
