// Server-side sessions: the cookie holds a random token; the database holds only its SHA-256,
// so a leaked sessions table cannot be turned back into cookies.
import { createHash, randomBytes } from 'node:crypto';
import type { Db, PrismaClient } from '../db/client.ts';
import type { Role, UserStatus } from '../db/generated/enums.ts';

export const SESSION_COOKIE = 'rudo_session';
/** Expired sessions are deleted at most this often per process (hooks.server.ts and sign-in call it). */
export const SESSION_PRUNE_INTERVAL_MS = 10 * 60_000;

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

/**
 * Ends every session of a user ("sign out everywhere", a password or role change), except the
 * one whose cookie token is `keepToken` when given. `client` is a Prisma client or transaction.
 * Returns how many were ended.
 */
export async function revokeUserSessions(client: Pick<PrismaClient, 'session'>, userId: string, options: { keepToken?: string | null } = {}): Promise<number> {
	const keep = options.keepToken ? hashToken(options.keepToken) : null;
	const { count } = await client.session.deleteMany({ where: { userId, ...(keep ? { id: { not: keep } } : {}) } });
	return count;
}

/** Sessions of a user that are still valid. */
export async function countActiveSessions(db: Db, userId: string): Promise<number> {
	return db.prisma.session.count({ where: { userId, expiresAt: { gt: new Date() } } });
}

export async function pruneExpiredSessions(db: Db): Promise<number> {
	const { count } = await db.prisma.session.deleteMany({ where: { expiresAt: { lte: new Date() } } });
	return count;
}

const lastPrune = new WeakMap<Db, number>();

/**
 * Prunes expired sessions when the last prune of this process is older than
 * SESSION_PRUNE_INTERVAL_MS (the request hook and sign-ins call it, so the table stays small while
 * the app runs; the `expiresAt` index makes it one cheap statement). Returns the number pruned, or null when skipped.
 */
export async function pruneExpiredSessionsEvery(db: Db, now = Date.now()): Promise<number | null> {
	if (now - (lastPrune.get(db) ?? 0) < SESSION_PRUNE_INTERVAL_MS) return null;
	lastPrune.set(db, now);
	return pruneExpiredSessions(db);
}
