// The one place procedures are built. Routers import `router` and the three procedure kinds.
import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { z, ZodError } from 'zod';
import { runtimeMode } from '../env.ts';
import type { Context } from './context.ts';

const production = runtimeMode() === 'production';

/** The message an unexpected error shows in production: short, with the id the server log carries. */
export function internalErrorMessage(requestId: string | undefined): string {
	return `Something went wrong on our side.${requestId ? ` Reference: ${requestId}` : ''}`;
}

const EXPOSED = Symbol.for('rudo.trpc.exposed');

/**
 * An INTERNAL_SERVER_ERROR whose message was written for the user (e.g. "the image provider is
 * down") and may be shown as it is in production. Every other internal error is masked there.
 */
export function exposedInternalError(message: string, cause?: unknown): TRPCError {
	const error = new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message, cause });
	(error as unknown as Record<symbol, boolean>)[EXPOSED] = true;
	return error;
}

const t = initTRPC.context<Context>().create({
	transformer: superjson,
	// Stack traces in error responses only in development: the built server is production unless
	// NODE_ENV says otherwise (env.ts runtimeMode).
	isDev: !production,
	errorFormatter({ shape, error, ctx }) {
		// Field errors from zod reach the form that sent them: data.zodError.fieldErrors.email …
		const zodError = error.code === 'BAD_REQUEST' && error.cause instanceof ZodError ? z.flattenError(error.cause) : null;
		const masked = production && error.code === 'INTERNAL_SERVER_ERROR' && !(error as unknown as Record<symbol, boolean>)[EXPOSED];
		const { stack: _stack, ...data } = shape.data;
		return {
			...shape,
			message: masked ? internalErrorMessage(ctx?.requestId) : shape.message,
			data: { ...(production ? data : shape.data), zodError, ...(ctx?.requestId ? { requestId: ctx.requestId } : {}) }
		};
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
