// Email + password sign-in. Every failure is the same error with the same message, so the
// response never tells which part was wrong or whether the account exists. Attempts are
// throttled per account and per address (throttle.ts) before any password is hashed.
import type { Db } from '../db/client.ts';
import { dummyPasswordHash, verifyPassword } from './password.ts';
import { createSession, pruneExpiredSessionsEvery, type SessionUser } from './session.ts';
import { admitSignInAttempt, signInSucceeded } from './throttle.ts';

export class InvalidCredentialsError extends Error {
	override name = 'InvalidCredentialsError';
	constructor() {
		super('Email or password is incorrect.');
	}
}

/**
 * Signs in: throttle check (SignInThrottledError), password check (InvalidCredentialsError, or
 * PasswordHashingBusyError under a burst), then a new session. `address` is the client's IP
 * address (null for calls outside an HTTP request).
 */
export async function login(
	db: Db,
	input: { email: string; password: string },
	ttlHours: number,
	options: { address?: string | null } = {}
): Promise<{ user: SessionUser; token: string; expiresAt: Date }> {
	const email = input.email.trim().toLowerCase();
	const keys = { email, address: options.address ?? null };
	await admitSignInAttempt(db, keys);
	const user = await db.prisma.user.findUnique({ where: { email } });
	const ok = await verifyPassword(input.password, user?.passwordHash ?? (await dummyPasswordHash()));
	if (!user || !ok || user.status !== 'ACTIVE') throw new InvalidCredentialsError();
	await signInSucceeded(db, keys);
	const { token, expiresAt } = await createSession(db, user.id, ttlHours);
	await pruneExpiredSessionsEvery(db);
	return { user: { id: user.id, email: user.email, name: user.name, role: user.role, status: user.status }, token, expiresAt };
}
