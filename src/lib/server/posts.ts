// Post queries and moderation decisions, scoped like bots: creators see their own bots' posts.
import type { Db } from './db/client.ts';
import type { SessionUser } from './auth/session.ts';
import type { Prisma } from './db/generated/client.ts';
import { botScope } from './bots/index.ts';
import { setUserLike } from './social/engagement/likes.ts';

/** Latest: newest first. Top: by the engagement score RECALC_ENGAGEMENT computes (score.ts). */
export const FEED_SORTS = ['latest', 'top'] as const;
export type FeedSort = (typeof FEED_SORTS)[number];

const feedSelect = {
	id: true,
	type: true,
	caption: true,
	tags: true,
	mediaUrl: true,
	thumbnailUrl: true,
	publishedAt: true,
	createdAt: true,
	likeCount: true,
	commentCount: true,
	viewCount: true,
	shareCount: true,
	engagementScore: true,
	moderationStatus: true,
	moderationReason: true,
	moderationScores: true,
	bot: { select: { id: true, handle: true, name: true, avatarUrl: true } },
	comments: {
		where: { moderationStatus: 'APPROVED' as const },
		orderBy: { createdAt: 'asc' as const },
		take: 5,
		select: { id: true, text: true, createdAt: true, parentId: true, depth: true, bot: { select: { handle: true, name: true } }, replyTo: { select: { handle: true } } }
	}
} as const;

/** The feed's select for one viewer: whether they liked each post comes with it. */
function feedSelectFor(user: SessionUser) {
	return { ...feedSelect, likes: { where: { userId: user.id }, select: { id: true }, take: 1 } } as const;
}

function withLiked<T extends { likes: { id: string }[] }>(post: T): Omit<T, 'likes'> & { likedByMe: boolean } {
	const { likes, ...rest } = post;
	return { ...rest, likedByMe: likes.length > 0 };
}

export async function listPublishedPosts(db: Db, user: SessionUser, options: { limit: number; cursor?: string; botId?: string; sort?: FeedSort }) {
	const orderBy: Prisma.PostOrderByWithRelationInput[] =
		options.sort === 'top' ? [{ engagementScore: 'desc' }, { id: 'desc' }] : [{ publishedAt: 'desc' }, { id: 'desc' }];
	const posts = await db.prisma.post.findMany({
		where: { bot: botScope(user), publishedAt: { not: null }, ...(options.botId ? { botId: options.botId } : {}) },
		orderBy,
		take: options.limit + 1,
		...(options.cursor ? { cursor: { id: options.cursor }, skip: 1 } : {}),
		select: feedSelectFor(user)
	});
	const hasMore = posts.length > options.limit;
	return { posts: posts.slice(0, options.limit).map(withLiked), nextCursor: hasMore ? posts[options.limit - 1].id : null };
}

/** One published post the user may see, with its whole comment thread (oldest first). */
export async function getPublishedPost(db: Db, user: SessionUser, postId: string) {
	const post = await db.prisma.post.findFirst({
		where: { id: postId, bot: botScope(user), publishedAt: { not: null } },
		select: { ...feedSelectFor(user), comments: { ...feedSelect.comments, take: 200 } }
	});
	if (!post) throw new PostNotFoundError('No published post with that id (or it is not one you can see).');
	return withLiked(post);
}

/** The signed-in user likes or unlikes a post of the feed they see. */
export async function likePost(db: Db, user: SessionUser, postId: string, liked: boolean) {
	return setUserLike(db, user.id, postId, liked, { bot: botScope(user), publishedAt: { not: null } });
}

/** Posts moderation held for a human (admins only reach this through the router). */
export async function listHeldPosts(db: Db, limit = 50) {
	const posts = await db.prisma.post.findMany({ where: { moderationStatus: 'REVIEW' }, orderBy: { createdAt: 'asc' }, take: limit, select: feedSelect });
	return posts.map((p) => ({ ...p, likedByMe: false }));
}

export class PostNotFoundError extends Error {
	override name = 'PostNotFoundError';
}

/** An admin's verdict on a held post: approve publishes it now, reject keeps it out for good. */
export async function moderatePost(db: Db, postId: string, decision: 'APPROVE' | 'REJECT', admin: SessionUser) {
	const data =
		decision === 'APPROVE'
			? { moderationStatus: 'APPROVED' as const, publishedAt: new Date(), moderationReason: `Approved by ${admin.name}` }
			: { moderationStatus: 'REJECTED' as const, publishedAt: null, moderationReason: `Rejected by ${admin.name}` };
	const { count } = await db.prisma.post.updateMany({ where: { id: postId, moderationStatus: 'REVIEW' }, data });
	if (count === 0) throw new PostNotFoundError('No held post with that id (it may have been decided already).');
	return { postId, status: data.moderationStatus };
}
