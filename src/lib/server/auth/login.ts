// Email + password sign-in. Every failure is the same error with the same message, so the
// response never tells which part was wrong or whether the account exists.
import type { Db } from '../db/client.ts';
import { dummyPasswordHash, verifyPassword } from './password.ts';
import { createSession, type SessionUser } from './session.ts';

export class InvalidCredentialsError extends Error {
	override name = 'InvalidCredentialsError';
	constructor() {
		super('Email or password is incorrect.');
	}
}

export async function login(
	db: Db,
	input: { email: string; password: string },
	ttlHours: number
): Promise<{ user: SessionUser; token: string; expiresAt: Date }> {
	const user = await db.prisma.user.findUnique({ where: { email: input.email.trim().toLowerCase() } });
	const ok = await verifyPassword(input.password, user?.passwordHash ?? (await dummyPasswordHash()));
	if (!user || !ok || user.status !== 'ACTIVE') throw new InvalidCredentialsError();
	const { token, expiresAt } = await createSession(db, user.id, ttlHours);
	return { user: { id: user.id, email: user.email, name: user.name, role: user.role, status: user.status }, token, expiresAt };
}
