// The bots list: the caller's bots (admins: everyone's, with owner), searched and filtered.
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/session.ts';
import type { Prisma } from '../db/generated/client.ts';
import type { BotListInput, BotPageInput } from '../../schemas/bot.ts';
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

/** The Prisma `where` for the caller's bots under these filters (archived hidden unless asked for). */
function listWhere(user: SessionUser, filters: BotListInput = {}): Prisma.BotWhereInput {
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
	return where;
}

// Name, then the unique handle: a total order, so pages neither repeat nor skip a bot.
const ORDER: Prisma.BotOrderByWithRelationInput[] = [{ name: 'asc' }, { handle: 'asc' }];

/** Every bot the caller may see that matches `filters`, by name. */
export async function listBots(db: Db, user: SessionUser, filters: BotListInput = {}): Promise<BotListItem[]> {
	return db.prisma.bot.findMany({ where: listWhere(user, filters), orderBy: ORDER, select: listSelect });
}

export interface BotPage {
	bots: BotListItem[];
	/** Exact number of matching bots: a count over the owner index (or, for admins, the bots table). */
	total: number;
	/** 1-based; the one asked for, which may be past `pageCount` (the caller decides what to show). */
	page: number;
	pageSize: number;
	/** At least 1, so "Page 1 of 1" for an empty list. */
	pageCount: number;
	/** The caller's archived bots left out of this list (0 when the filter shows them). */
	archivedHidden: number;
}

/**
 * One page of the bots list, by name, with the exact total. Page numbers rather than a cursor:
 * a creator's bots are few, and people jump to "page 3" and share it. Count and rows come
 * from one snapshot (a repeatable-read transaction), so the total always matches the rows.
 */
export async function listBotsPage(db: Db, user: SessionUser, input: BotPageInput): Promise<BotPage> {
	const { page, pageSize, ...filters } = input;
	const where = listWhere(user, filters);
	// Archived bots hidden by the default view: counted so the page can say so (and not claim
	// "no bots yet" to someone whose bots are all archived).
	const hiddenWhere = filters.archived ? null : { ...listWhere(user, { ...filters, archived: 'only' }) };
	const [total, bots, archivedHidden] = await db.prisma.$transaction(
		[
			db.prisma.bot.count({ where }),
			db.prisma.bot.findMany({ where, orderBy: ORDER, select: listSelect, skip: (page - 1) * pageSize, take: pageSize }),
			db.prisma.bot.count({ where: hiddenWhere ?? { id: { in: [] } } })
		],
		{ isolationLevel: 'RepeatableRead' }
	);
	return { bots, total, page, pageSize, pageCount: Math.max(1, Math.ceil(total / pageSize)), archivedHidden };
}
