// Bots: thin procedures over $lib/server/bots.ts. Each one parses its input with the shared
// schemas (the same ones the editor validates with), calls one domain function, and maps the
// domain's errors to tRPC codes in one place (toTRPCError).
import { TRPCError } from '@trpc/server';
import { z, ZodRealError } from 'zod';
import {
	archiveBot,
	botDeletionSummary,
	deleteBot,
	restoreBot,
	BotFieldError,
	BotGenerationError,
	BotNotFoundError,
	BotNotReadyError,
	createBot,
	generateBotAvatar,
	getBot,
	getBotActivity,
	getBotFormOptions,
	listBots,
	listBotsPage,
	setBotAutonomy,
	setBotScheduling,
	updateBot,
	uploadCharacterReference
} from '../../bots/index.ts';
import { getProviders } from '../../ai/providers.ts';
import { botId, botInput, botListInput, botPageInput, botUpdateInput, referenceUploadInput } from '../../../schemas/bot.ts';
import { authedProcedure, exposedInternalError, router } from '../init.ts';
import type { Db } from '../../db/client.ts';
import type { SessionUser } from '../../auth/session.ts';
import { autonomyModeSchema, BOT_TIERS, type BotTierName } from '../../../schemas/enums.ts';
import { TIER_CAPABILITIES } from '../../ai/types.ts';

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
		// Its message is written for the creator ("the image provider is down"), so it is shown even
		// in production, where other internal errors are masked.
		if (error.kind === 'rate_limit') return new TRPCError({ code: 'TOO_MANY_REQUESTS', message: error.message, cause: error });
		if (error.kind === 'timeout') return new TRPCError({ code: 'TIMEOUT', message: error.message, cause: error });
		return exposedInternalError(error.message, error);
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

/** "up to 4 posts a day · video clips up to 5 s · trend-aware tags · 768 px images" per tier. */
function tierLimitsInWords(): Record<BotTierName, string> {
	return Object.fromEntries(
		BOT_TIERS.map((tier) => {
			const c = TIER_CAPABILITIES[tier];
			const parts = [
				`up to ${c.maxPostsPerDay} posts a day`,
				c.videoAllowed ? `video clips up to ${c.maxVideoSeconds} s` : 'no video',
				c.trendAwareTags ? 'trend-aware tags' : 'no trend-aware tags',
				`${c.imageSize} px images`
			];
			return [tier, parts.join(' · ')];
		})
	) as Record<BotTierName, string>;
}

/** Tiers unlock paid capabilities (video, trends, more posts), so only admins set them. */
export const TIER_ADMIN_ONLY = 'Only an admin can change a bot’s tier.';

/**
 * The tier rule: a creator's new bot starts on SPARK and a creator's update keeps the bot's
 * current tier; anything else is a field error on `tier`. Admins set any tier.
 */
async function assertTierAllowed(ctx: { db: Db; user: SessionUser }, tier: BotTierName, botIdToUpdate?: string): Promise<void> {
	if (ctx.user.role === 'ADMIN') return;
	const current = botIdToUpdate ? (await getBot(ctx.db, ctx.user, botIdToUpdate)).tier : 'SPARK';
	if (tier !== current) throw fieldError('tier', TIER_ADMIN_ONLY);
}

export const botsRouter = router({
	/** The caller's bots (admins: all, with owner), filtered by search, tier, art style and scheduling. */
	list: authedProcedure.input(botListInput).query(({ ctx, input }) => listBots(ctx.db, ctx.user, input)),

	/** One page of the same list (by name), with the exact total and page count. */
	page: authedProcedure.input(botPageInput).query(({ ctx, input }) => listBotsPage(ctx.db, ctx.user, input)),

	get: authedProcedure.input(byId).query(({ ctx, input }) => mapped(() => getBot(ctx.db, ctx.user, input.id))),

	/** The bot's latest posts and, for admins, its latest jobs (for its page). */
	activity: authedProcedure.input(byId).query(({ ctx, input }) => mapped(() => getBotActivity(ctx.db, ctx.user, input.id))),

	/**
	 * Crews to pick from, each tier's posts-per-day cap (the editor checks it before saving),
	 * whether the caller may change the tier, and each tier's limits in words (what a creator sees
	 * instead of the tier picker).
	 */
	formOptions: authedProcedure.query(async ({ ctx }) => ({
		...(await getBotFormOptions(ctx.db)),
		canChangeTier: ctx.user.role === 'ADMIN',
		tierLimits: tierLimitsInWords()
	})),

	create: authedProcedure.input(botInput).mutation(({ ctx, input }) =>
		mapped(async () => {
			await assertTierAllowed(ctx, input.tier);
			return createBot(ctx.db, ctx.user, input);
		})
	),

	update: authedProcedure.input(botUpdateInput).mutation(({ ctx, input }) => {
		const { id, ...data } = input;
		return mapped(async () => {
			await assertTierAllowed(ctx, data.tier, id);
			return updateBot(ctx.db, ctx.user, id, data);
		});
	}),

	setScheduling: authedProcedure
		.input(z.object({ id: botId, enabled: z.boolean() }))
		.mutation(({ ctx, input }) => mapped(() => setBotScheduling(ctx.db, ctx.user, input.id, input.enabled))),

	/** Agent mode on (the bot perceives, decides and acts every cycle) or back to its timer. */
	setAutonomy: authedProcedure
		.input(z.object({ id: botId, mode: autonomyModeSchema }))
		.mutation(({ ctx, input }) => mapped(() => setBotAutonomy(ctx.db, ctx.user, input.id, input.mode))),

	/** Archive: scheduling off, pending jobs cancelled, hidden from the default list; posts kept. */
	archive: authedProcedure.input(byId).mutation(({ ctx, input }) => mapped(() => archiveBot(ctx.db, ctx.user, input.id))),

	/** Back from the archive; scheduling stays off until turned on. */
	restore: authedProcedure.input(byId).mutation(({ ctx, input }) => mapped(() => restoreBot(ctx.db, ctx.user, input.id))),

	/** What deleting would remove (posts, comments, pending and running jobs, media files), for the confirmation. */
	deletionSummary: authedProcedure.input(byId).query(({ ctx, input }) => mapped(() => botDeletionSummary(ctx.db, ctx.user, input.id))),

	/** Deletes the bot and everything of it in one transaction; owner or admin only. Answers what was removed. */
	delete: authedProcedure.input(byId).mutation(({ ctx, input }) => mapped(() => deleteBot(ctx.db, ctx.user, input.id))),

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
