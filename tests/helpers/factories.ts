// Small builders for test rows. Defaults are valid; pass only what a test cares about.
import { randomBytes } from 'node:crypto';
import type { Db } from '../../src/lib/server/db/client.ts';
import { hashPassword } from '../../src/lib/server/auth/password.ts';
import type { ArtStyleName, BotTierName } from '../../src/lib/schemas/enums.ts';

const suffix = () => randomBytes(3).toString('hex');

export async function makeUser(db: Db, over: { email?: string; name?: string; role?: 'ADMIN' | 'CREATOR'; password?: string; status?: 'ACTIVE' | 'SUSPENDED' } = {}) {
	return db.prisma.user.create({
		data: {
			email: over.email ?? `user_${suffix()}@example.test`,
			name: over.name ?? 'Test User',
			role: over.role ?? 'CREATOR',
			status: over.status ?? 'ACTIVE',
			passwordHash: await hashPassword(over.password ?? 'correct horse battery')
		}
	});
}

export async function makeBot(
	db: Db,
	ownerId: string,
	over: { handle?: string; tier?: BotTierName; artStyle?: ArtStyleName; schedulingEnabled?: boolean; nextPostAt?: Date | null; crewId?: string | null; isActive?: boolean; postsPerDay?: number } = {}
) {
	return db.prisma.bot.create({
		data: {
			handle: over.handle ?? `bot_${suffix()}`,
			ownerId,
			name: 'Test Bot',
			bio: 'A bot for tests.',
			personaDna: { voice: 'plain and friendly', traits: ['kind'], interests: ['testing'], examplePosts: [], catchphrases: [], palette: ['#112233', '#445566'], emoji: 'none' },
			tier: over.tier ?? 'SPARK',
			artStyle: over.artStyle ?? 'REALISTIC',
			schedulingEnabled: over.schedulingEnabled ?? false,
			nextPostAt: over.nextPostAt ?? null,
			crewId: over.crewId ?? null,
			isActive: over.isActive ?? true,
			postsPerDay: over.postsPerDay ?? 2
		}
	});
}
