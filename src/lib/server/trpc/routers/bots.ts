// Bots: thin procedures over $lib/server/bots.ts. Each one parses its input with the shared
// schemas (the same ones the editor validates with), calls one domain function, and maps the
// domain's errors to tRPC codes in one place (toTRPCError).
import { TRPCError } from '@trpc/server';
import { z, ZodRealError } from 'zod';
import {
	BotFieldError,
	BotGenerationError,
	BotNotFoundError,
	BotNotReadyError,
	createBot,
	generateBotAvatar,
	getBot,
	getBotFormOptions,
	listBots,
	setBotScheduling,
	updateBot,
	uploadCharacterReference
} from '../../bots.ts';
import { getProviders } from '../../ai/providers.ts';
import { botId, botInput, botListInput, botUpdateInput, referenceUploadInput } from '../../../schemas/bot.ts';
import { authedProcedure, router } from '../init.ts';

/**
 * Field errors from the domain (handle taken, over the tier cap…) travel exactly like zod's own:
 * a BAD_REQUEST whose cause is a ZodError, which the errorFormatter flattens into
 * data.zodError.fieldErrors — so the editor has one path for every field message.
 */
function fieldError(field: string, message: string): TRPCError {
	return new TRPCError({ code: 'BAD_REQUEST', message, cause: new ZodRealError([{ code: 'custom', path: [field], message, input: undefined }]) });
}

export function toTRPCError(error: unknown): unknown {
	if (error instanceof TRPCError) return error;
	if (error instanceof BotNotFoundError) return new TRPCError({ code: 'NOT_FOUND', message: error.message });
	if (error instanceof BotFieldError) return fieldError(error.field, error.message);
	if (error instanceof BotNotReadyError) return new TRPCError({ code: 'PRECONDITION_FAILED', message: error.message });
	if (error instanceof BotGenerationError) {
		// Rate limits and timeouts are worth retrying in a moment; anything else is a server-side failure.
		const code = error.kind === 'rate_limit' ? 'TOO_MANY_REQUESTS' : error.kind === 'timeout' ? 'TIMEOUT' : 'INTERNAL_SERVER_ERROR';
		return new TRPCError({ code, message: error.message, cause: error });
	}
	return error;
}

async function mapped<T>(run: () => Promise<T>): Promise<T> {
	try {
		return await run();
	} catch (error) {
		throw toTRPCError(error);
	}
}

const byId = z.object({ id: botId });

export const botsRouter = router({
	/** The caller's bots (admins: all, with owner), filtered by search, tier, art style and scheduling. */
	list: authedProcedure.input(botListInput).query(({ ctx, input }) => listBots(ctx.db, ctx.user, input)),

	get: authedProcedure.input(byId).query(({ ctx, input }) => mapped(() => getBot(ctx.db, ctx.user, input.id))),

	/** Crews to pick from and each tier's posts-per-day cap (the editor checks it before saving). */
	formOptions: authedProcedure.query(({ ctx }) => getBotFormOptions(ctx.db)),

	create: authedProcedure.input(botInput).mutation(({ ctx, input }) => mapped(() => createBot(ctx.db, ctx.user, input))),

	update: authedProcedure.input(botUpdateInput).mutation(({ ctx, input }) => {
		const { id, ...data } = input;
		return mapped(() => updateBot(ctx.db, ctx.user, id, data));
	}),

	setScheduling: authedProcedure
		.input(z.object({ id: botId, enabled: z.boolean() }))
		.mutation(({ ctx, input }) => mapped(() => setBotScheduling(ctx.db, ctx.user, input.id, input.enabled))),

	generateAvatar: authedProcedure.input(byId).mutation(({ ctx, input }) => mapped(() => generateBotAvatar(ctx.db, ctx.user, input.id, { providers: getProviders() }))),

	/**
	 * The character reference travels as base64 inside a normal tRPC mutation rather than through a
	 * separate multipart endpoint: it keeps one transport with the same auth middleware, the same
	 * zod-checked input (size capped before decoding) and the same field-error shape as the rest of
	 * the editor, and it is testable through createCaller like every other procedure. The cost — a
	 * third more bytes on the wire for an image of at most 5 MB — is small; the editor still shows
	 * real upload progress by sending this one call through an XHR-backed fetch.
	 */
	uploadReference: authedProcedure.input(referenceUploadInput).mutation(({ ctx, input }) =>
		mapped(() =>
			uploadCharacterReference(ctx.db, ctx.user, input.id, { type: input.file.type, bytes: Buffer.from(input.file.base64, 'base64') }, { providers: getProviders() })
		)
	)
});
