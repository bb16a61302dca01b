import { TRPCError } from '@trpc/server';
import { loginInput } from '../../../schemas/auth.ts';
import { InvalidCredentialsError, login } from '../../auth/login.ts';
import { deleteSession, SESSION_COOKIE } from '../../auth/session.ts';
import { env } from '../../env.ts';
import { authedProcedure, publicProcedure, router } from '../init.ts';

export const authRouter = router({
	me: publicProcedure.query(({ ctx }) => ctx.user),

	login: publicProcedure.input(loginInput).mutation(async ({ ctx, input }) => {
		try {
			const { user, token, expiresAt } = await login(ctx.db, input, env().SESSION_TTL_HOURS);
			ctx.cookies?.set(SESSION_COOKIE, token, {
				path: '/',
				httpOnly: true,
				sameSite: 'lax',
				secure: env().COOKIE_SECURE ?? ctx.secureCookies,
				expires: expiresAt
			});
			return user;
		} catch (error) {
			if (error instanceof InvalidCredentialsError) throw new TRPCError({ code: 'UNAUTHORIZED', message: error.message });
			throw error;
		}
	}),

	logout: authedProcedure.mutation(async ({ ctx }) => {
		await deleteSession(ctx.db, ctx.cookies?.get(SESSION_COOKIE));
		ctx.cookies?.delete(SESSION_COOKIE, { path: '/' });
		return { ok: true };
	})
});
