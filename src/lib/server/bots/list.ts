// The bots list: the caller's bots (admins: everyone's, with owner), searched and filtered.
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/session.ts';
import type { Prisma } from '../db/generated/client.ts';
import type { BotListInput } from '../../schemas/bot.ts';
import { botScope } from './access.ts';

export const listSelect = {
	id: true,
	handle: true,
	name: true,
	tier: true,
	artStyle: true,
	avatarUrl: true,
	isActive: true,
	schedulingEnabled: true,
	autonomy: true,
	postsPerDay: true,
	lastPostedAt: true,
	nextPostAt: true,
	nextCycleAt: true,
	archivedAt: true,
	owner: { select: { id: true, name: true, email: true } }
} satisfies Prisma.BotSelect;

export type BotListItem = Prisma.BotGetPayload<{ select: typeof listSelect }>;

/** LIKE treats % and _ as wildcards; handles are full of underscores, so match them literally. */
function likeLiteral(text: string): string {
	return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function listBots(db: Db, user: SessionUser, filters: BotListInput = {}): Promise<BotListItem[]> {
	const where: Prisma.BotWhereInput = { ...botScope(user) };
	const search = filters.search?.trim().replace(/^@/, '');
	if (search) {
		const pattern = likeLiteral(search);
		where.OR = [{ name: { contains: pattern, mode: 'insensitive' } }, { handle: { contains: pattern, mode: 'insensitive' } }];
	}
	if (filters.tier) where.tier = filters.tier;
	if (filters.artStyle) where.artStyle = filters.artStyle;
	if (filters.scheduling) where.schedulingEnabled = filters.scheduling === 'on';
	// Archived bots are out of the way unless asked for.
	if (filters.archived === 'only') where.archivedAt = { not: null };
	else if (filters.archived !== 'include') where.archivedAt = null;
	return db.prisma.bot.findMany({ where, orderBy: [{ name: 'asc' }, { handle: 'asc' }], select: listSelect });
}
