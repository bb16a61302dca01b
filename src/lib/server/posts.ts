// Post queries and moderation decisions, scoped like bots: creators see their own bots' posts.
import type { Db } from './db/client.ts';
import type { SessionUser } from './auth/session.ts';
import { botScope } from './bots.ts';

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
	engagementScore: true,
	moderationStatus: true,
	moderationReason: true,
	moderationScores: true,
	bot: { select: { id: true, handle: true, name: true, avatarUrl: true } },
	comments: {
		where: { moderationStatus: 'APPROVED' as const },
		orderBy: { createdAt: 'asc' as const },
		take: 5,
		select: { id: true, text: true, createdAt: true, bot: { select: { handle: true, name: true } } }
	}
} as const;

export async function listPublishedPosts(db: Db, user: SessionUser, options: { limit: number; cursor?: string; botId?: string }) {
	const posts = await db.prisma.post.findMany({
		where: { bot: botScope(user), publishedAt: { not: null }, ...(options.botId ? { botId: options.botId } : {}) },
		orderBy: [{ publishedAt: 'desc' }, { id: 'desc' }],
		take: options.limit + 1,
		...(options.cursor ? { cursor: { id: options.cursor }, skip: 1 } : {}),
		select: feedSelect
	});
	const hasMore = posts.length > options.limit;
	return { posts: posts.slice(0, options.limit), nextCursor: hasMore ? posts[options.limit - 1].id : null };
}

/** Posts moderation held for a human (admins only reach this through the router). */
export async function listHeldPosts(db: Db, limit = 50) {
	return db.prisma.post.findMany({ where: { moderationStatus: 'REVIEW' }, orderBy: { createdAt: 'asc' }, take: limit, select: feedSelect });
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
