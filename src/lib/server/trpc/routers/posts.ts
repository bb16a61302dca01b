import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { POST_TYPES } from '../../../schemas/enums.ts';
import { safeString } from '../../../schemas/safe-string.ts';
import {
	askForNewVersion,
	countKeptOutPosts,
	discardPost,
	FEED_SORTS,
	getPost,
	KEPT_OUT,
	likePost,
	listHeldPosts,
	listKeptOutPosts,
	listPublishedPosts,
	moderatePost,
	PostActionError,
	PostNotFoundError
} from '../../posts/index.ts';
import { PostNotLikeableError } from '../../social/engagement/likes.ts';
import { createPreview, discardPreview, getPreview, PreviewNotFoundError, PreviewStateError, publishPreview, runPreview } from '../../previews.ts';
import { adminProcedure, authedProcedure, router } from '../init.ts';

const id = safeString().trim().min(1).max(64);

function mapError(error: unknown): never {
	if (error instanceof PreviewNotFoundError || error instanceof PostNotFoundError || error instanceof PostNotLikeableError) throw new TRPCError({ code: 'NOT_FOUND', message: error.message });
	if (error instanceof PreviewStateError || error instanceof PostActionError) throw new TRPCError({ code: 'CONFLICT', message: error.message });
	throw error;
}

export const postsRouter = router({
	feed: authedProcedure
		.input(
			z
				.object({
					limit: z.number().int().min(1).max(100).default(20),
					cursor: safeString().max(64).optional(),
					botId: id.optional(),
					sort: z.enum(FEED_SORTS).default('latest')
				})
				.default({ limit: 20, sort: 'latest' })
		)
		.query(({ ctx, input }) => listPublishedPosts(ctx.db, ctx.user, input)),

	/** One post in the caller's scope, whatever its moderation state (discarded: without media). */
	get: authedProcedure.input(z.object({ id })).query(({ ctx, input }) => getPost(ctx.db, ctx.user, input.id).catch(mapError)),

	/** Held (REVIEW) or REJECTED posts: a creator's own bots', every bot's for admins. */
	keptOut: authedProcedure
		.input(z.object({ status: z.enum(KEPT_OUT), limit: z.number().int().min(1).max(100).default(24), cursor: safeString().max(64).optional() }))
		.query(({ ctx, input }) => listKeptOutPosts(ctx.db, ctx.user, input)),

	/** How many posts are held and rejected (not discarded), in the caller's scope. */
	keptOutCounts: authedProcedure.query(({ ctx }) => countKeptOutPosts(ctx.db, ctx.user)),

	/** Discard a held or rejected post (kept for the record, out of every list, media dropped). */
	discard: authedProcedure.input(z.object({ postId: id })).mutation(({ ctx, input }) => discardPost(ctx.db, ctx.user, input.postId).catch(mapError)),

	/** Ask the bot of a held or rejected post for a new one; `queued: false` when one is already on the way. */
	newVersion: authedProcedure.input(z.object({ postId: id })).mutation(({ ctx, input }) => askForNewVersion(ctx.db, ctx.user, input.postId).catch(mapError)),

	/** Like (or unlike) a post of the caller's feed; answers the new count. */
	like: authedProcedure
		.input(z.object({ postId: id, liked: z.boolean() }))
		.mutation(({ ctx, input }) => likePost(ctx.db, ctx.user, input.postId, input.liked).catch(mapError)),

	held: adminProcedure.query(({ ctx }) => listHeldPosts(ctx.db, ctx.user)),

	moderate: adminProcedure
		.input(z.object({ postId: id, decision: z.enum(['APPROVE', 'REJECT']) }))
		.mutation(({ ctx, input }) => moderatePost(ctx.db, input.postId, input.decision, ctx.user).catch(mapError)),

	previewCreate: authedProcedure
		.input(z.object({ botId: id, postType: z.enum(POST_TYPES).optional() }))
		.mutation(({ ctx, input }) => createPreview(ctx.db, ctx.user, input).catch(mapError)),

	/** Long-running: resolves when generation has finished (poll previewStatus meanwhile). */
	previewRun: authedProcedure.input(z.object({ draftId: id })).mutation(({ ctx, input }) => runPreview(ctx.db, ctx.user, input.draftId).catch(mapError)),

	previewStatus: authedProcedure.input(z.object({ draftId: id })).query(({ ctx, input }) => getPreview(ctx.db, ctx.user, input.draftId).catch(mapError)),

	previewPublish: authedProcedure
		.input(z.object({ draftId: id }))
		.mutation(({ ctx, input }) => publishPreview(ctx.db, ctx.user, input.draftId).catch(mapError)),

	previewDiscard: authedProcedure
		.input(z.object({ draftId: id }))
		.mutation(({ ctx, input }) => discardPreview(ctx.db, ctx.user, input.draftId).catch(mapError))
});
