// The one place procedures are built. Routers import `router` and the three procedure kinds.
import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { z, ZodError } from 'zod';
import type { Context } from './context.ts';

const t = initTRPC.context<Context>().create({
	transformer: superjson,
	isDev: process.env.NODE_ENV !== 'production',
	errorFormatter({ shape, error }) {
		// Field errors from zod reach the form that sent them: data.zodError.fieldErrors.email …
		const zodError = error.code === 'BAD_REQUEST' && error.cause instanceof ZodError ? z.flattenError(error.cause) : null;
		return { ...shape, data: { ...shape.data, zodError } };
	}
});

export const router = t.router;
export const middleware = t.middleware;
export const createCallerFactory = t.createCallerFactory;

export const publicProcedure = t.procedure;

export const authedProcedure = t.procedure.use(({ ctx, next }) => {
	if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in to continue.' });
	return next({ ctx: { ...ctx, user: ctx.user } });
});

export const adminProcedure = authedProcedure.use(({ ctx, next }) => {
	if (ctx.user.role !== 'ADMIN') throw new TRPCError({ code: 'FORBIDDEN', message: 'Only admins can do this.' });
	return next({ ctx });
});
