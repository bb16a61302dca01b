// The published feed and single posts, scoped like bots: creators see their own bots' posts,
// admins everyone's (botScope).
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/session.ts';
import type { Prisma } from '../db/generated/client.ts';
import { botScope } from '../bots/index.ts';
import { setUserLike } from '../social/engagement/likes.ts';
import { forViewer, postSelect, postSelectFor } from './select.ts';
import { PostNotFoundError } from './errors.ts';

/** Latest: newest first. Top: by the engagement score RECALC_ENGAGEMENT computes (score.ts). */
export const FEED_SORTS = ['latest', 'top'] as const;
export type FeedSort = (typeof FEED_SORTS)[number];

/** Published (approved) posts the user may see, a page at a time (`nextCursor` null at the end). */
export async function listPublishedPosts(db: Db, user: SessionUser, options: { limit: number; cursor?: string; botId?: string; sort?: FeedSort }) {
	const orderBy: Prisma.PostOrderByWithRelationInput[] =
		options.sort === 'top' ? [{ engagementScore: 'desc' }, { id: 'desc' }] : [{ publishedAt: 'desc' }, { id: 'desc' }];
	const posts = await db.prisma.post.findMany({
		where: { bot: botScope(user), publishedAt: { not: null }, ...(options.botId ? { botId: options.botId } : {}) },
		orderBy,
		take: options.limit + 1,
		...(options.cursor ? { cursor: { id: options.cursor }, skip: 1 } : {}),
		select: postSelectFor(user)
	});
	const hasMore = posts.length > options.limit;
	return { posts: posts.slice(0, options.limit).map((p) => forViewer(user, p)), nextCursor: hasMore ? posts[options.limit - 1].id : null };
}

/**
 * One post the user may see, with its whole comment thread (oldest first): published, held,
 * rejected, or discarded (then without media: a record of what was there, for links from its
 * job). PostNotFoundError when there is none in the caller's scope.
 */
export async function getPost(db: Db, user: SessionUser, postId: string) {
	const post = await db.prisma.post.findFirst({
		where: { id: postId, bot: botScope(user) },
		select: { ...postSelectFor(user), comments: { ...postSelect.comments, take: 200 } }
	});
	if (!post) throw new PostNotFoundError('No post with that id (or it is not one you can see).');
	return forViewer(user, post);
}

/** The signed-in user likes or unlikes a post of the feed they see. */
export async function likePost(db: Db, user: SessionUser, postId: string, liked: boolean) {
	return setUserLike(db, user.id, postId, liked, { bot: botScope(user), publishedAt: { not: null } });
}
