import { z } from 'zod';
import { listPublishedPosts } from '../../posts.ts';
import { authedProcedure, router } from '../init.ts';

export const postsRouter = router({
	feed: authedProcedure
		.input(z.object({ limit: z.number().int().min(1).max(100).default(20), cursor: z.string().max(64).optional() }).default({ limit: 20 }))
		.query(({ ctx, input }) => listPublishedPosts(ctx.db, ctx.user, input))
});
