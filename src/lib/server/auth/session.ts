// Server-side sessions: the cookie holds a random token; the database holds only its SHA-256,
// so a leaked sessions table cannot be turned back into cookies.
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/client.ts';
import type { Role, UserStatus } from '../db/generated/enums.ts';

export const SESSION_COOKIE = 'rudo_session';

export interface SessionUser {
	id: string;
	email: string;
	name: string;
	role: Role;
	status: UserStatus;
}

export function hashToken(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}

export async function createSession(db: Db, userId: string, ttlHours: number): Promise<{ token: string; expiresAt: Date }> {
	const token = randomBytes(32).toString('base64url');
	const expiresAt = new Date(Date.now() + ttlHours * 3_600_000);
	await db.prisma.session.create({ data: { id: hashToken(token), userId, expiresAt } });
	return { token, expiresAt };
}

/** The signed-in user for a cookie token, or null when unknown, expired or suspended. */
export async function validateSession(db: Db, token: string | undefined): Promise<SessionUser | null> {
	if (!token || token.length > 200) return null;
	const session = await db.prisma.session.findUnique({
		where: { id: hashToken(token) },
		select: { expiresAt: true, user: { select: { id: true, email: true, name: true, role: true, status: true } } }
	});
	if (!session) return null;
	if (session.expiresAt.getTime() <= Date.now()) {
		await db.prisma.session.deleteMany({ where: { id: hashToken(token) } });
		return null;
	}
	if (session.user.status !== 'ACTIVE') return null;
	return session.user;
}

export async function deleteSession(db: Db, token: string | undefined): Promise<void> {
	if (!token) return;
	await db.prisma.session.deleteMany({ where: { id: hashToken(token) } });
}

export async function pruneExpiredSessions(db: Db): Promise<number> {
	const { count } = await db.prisma.session.deleteMany({ where: { expiresAt: { lte: new Date() } } });
	return count;
}
