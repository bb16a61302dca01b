import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { loginInput } from '../../../schemas/auth.ts';
import { safeString } from '../../../schemas/safe-string.ts';
import { InvalidCredentialsError, login } from '../../auth/login.ts';
import { PasswordHashingBusyError } from '../../auth/password.ts';
import { countActiveSessions, deleteSession, revokeUserSessions, SESSION_COOKIE } from '../../auth/session.ts';
import { SignInThrottledError } from '../../auth/throttle.ts';
import { changePassword, newPasswordSchema, WrongPasswordError } from '../../auth/users.ts';
import { env } from '../../env.ts';
import { authedProcedure, publicProcedure, router } from '../init.ts';
import type { Context } from '../context.ts';

/** Throttling and a hashing queue that is full both mean "not now": 429 with the wait in the message. */
function toTRPCError(error: unknown): unknown {
	if (error instanceof InvalidCredentialsError) return new TRPCError({ code: 'UNAUTHORIZED', message: error.message });
	if (error instanceof SignInThrottledError || error instanceof PasswordHashingBusyError) return new TRPCError({ code: 'TOO_MANY_REQUESTS', message: error.message, cause: error });
	if (error instanceof WrongPasswordError) return new TRPCError({ code: 'BAD_REQUEST', message: error.message });
	return error;
}

function setSessionCookie(ctx: Context, token: string, expiresAt: Date) {
	ctx.cookies?.set(SESSION_COOKIE, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: env().COOKIE_SECURE ?? ctx.secureCookies,
		expires: expiresAt
	});
}

export const authRouter = router({
	me: publicProcedure.query(({ ctx }) => ctx.user),

	login: publicProcedure.input(loginInput).mutation(async ({ ctx, input }) => {
		try {
			const { user, token, expiresAt } = await login(ctx.db, input, env().SESSION_TTL_HOURS, { address: ctx.clientAddress });
			setSessionCookie(ctx, token, expiresAt);
			return user;
		} catch (error) {
			throw toTRPCError(error);
		}
	}),

	logout: authedProcedure.mutation(async ({ ctx }) => {
		await deleteSession(ctx.db, ctx.cookies?.get(SESSION_COOKIE));
		ctx.cookies?.delete(SESSION_COOKIE, { path: '/' });
		return { ok: true };
	}),

	/** How many sessions (browsers, devices) are signed in as the caller right now. */
	sessions: authedProcedure.query(async ({ ctx }) => ({ active: await countActiveSessions(ctx.db, ctx.user.id) })),

	/** Ends every session of the caller, this one included. */
	logoutEverywhere: authedProcedure.mutation(async ({ ctx }) => {
		const ended = await revokeUserSessions(ctx.db.prisma, ctx.user.id);
		ctx.cookies?.delete(SESSION_COOKIE, { path: '/' });
		return { ended };
	}),

	/** Checks the current password (throttled like a sign-in), sets the new one, ends every other session. */
	changePassword: authedProcedure
		.input(z.object({ currentPassword: safeString().min(1, 'Enter your current password').max(200), newPassword: newPasswordSchema }))
		.mutation(async ({ ctx, input }) => {
			try {
				return await changePassword(ctx.db, ctx.user, input, { keepToken: ctx.cookies?.get(SESSION_COOKIE), address: ctx.clientAddress });
			} catch (error) {
				throw toTRPCError(error);
			}
		})
});
