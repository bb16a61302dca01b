// Accounts: creating them (the first admin of an install is made with `npm run user:create`),
// changing a password or a role. A changed password or role ends the user's other sessions: a
// stolen session must not outlive the password that was changed because of it, and a demoted
// admin must not keep an admin session.
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import type { Role } from '../db/generated/enums.ts';
import { safeString } from '../../schemas/safe-string.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { revokeUserSessions } from './session.ts';
import { admitSignInAttempt, signInSucceeded } from './throttle.ts';

export const PASSWORD_MIN_LENGTH = 10;

export const newPasswordSchema = safeString()
	.min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters`)
	.max(200, 'Keep the password to 200 characters or fewer');

export const newUserSchema = z.object({
	email: safeString().trim().toLowerCase().max(254).pipe(z.email('Enter a valid email address')),
	name: safeString().trim().min(1, 'Enter a name').max(80),
	password: newPasswordSchema,
	role: z.enum(['ADMIN', 'CREATOR']).default('CREATOR')
});
export type NewUser = z.input<typeof newUserSchema>;

export class UserExistsError extends Error {
	override name = 'UserExistsError';
}

export class WrongPasswordError extends Error {
	override name = 'WrongPasswordError';
	constructor() {
		super('The current password is not right.');
	}
}

/** Creates an ACTIVE user. Throws UserExistsError when the email is taken, ZodError on bad input. */
export async function createUser(db: Db, input: NewUser): Promise<{ id: string; email: string; role: Role }> {
	const data = newUserSchema.parse(input);
	if (await db.prisma.user.findUnique({ where: { email: data.email }, select: { id: true } })) {
		throw new UserExistsError(`A user with the email ${data.email} already exists.`);
	}
	const user = await db.prisma.user.create({
		data: { email: data.email, name: data.name, role: data.role, status: 'ACTIVE', passwordHash: await hashPassword(data.password) },
		select: { id: true, email: true, role: true }
	});
	return user;
}

/** Sets a new password and ends the user's sessions except `keepToken`'s. Returns sessions ended. */
export async function setPassword(db: Db, userId: string, password: string, options: { keepToken?: string | null } = {}): Promise<number> {
	const passwordHash = await hashPassword(newPasswordSchema.parse(password));
	return db.prisma.$transaction(async (tx) => {
		await tx.user.update({ where: { id: userId }, data: { passwordHash } });
		return revokeUserSessions(tx, userId, options);
	});
}

/**
 * A signed-in user's password change: the current password is checked (throttled like a sign-in,
 * so a stolen session cannot guess it), then every other session is ended.
 */
export async function changePassword(
	db: Db,
	user: { id: string; email: string },
	input: { currentPassword: string; newPassword: string },
	options: { keepToken?: string | null; address?: string | null } = {}
): Promise<{ endedSessions: number }> {
	const keys = { email: user.email, address: options.address ?? null };
	await admitSignInAttempt(db, keys);
	const row = await db.prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
	if (!(await verifyPassword(input.currentPassword, row.passwordHash))) throw new WrongPasswordError();
	await signInSucceeded(db, keys);
	return { endedSessions: await setPassword(db, user.id, input.newPassword, { keepToken: options.keepToken }) };
}

/** Changes a user's role and ends all their sessions (they sign in again with the new role). */
export async function setRole(db: Db, userId: string, role: Role): Promise<number> {
	return db.prisma.$transaction(async (tx) => {
		await tx.user.update({ where: { id: userId }, data: { role } });
		return revokeUserSessions(tx, userId);
	});
}
