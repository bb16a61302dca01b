// Post queries, scoped like bots: creators see posts of their own bots only.
import type { Db } from './db/client.ts';
import type { SessionUser } from './auth/session.ts';
import { botScope } from './bots.ts';

export async function listPublishedPosts(db: Db, user: SessionUser, options: { limit: number; cursor?: string }) {
	const posts = await db.prisma.post.findMany({
		where: { bot: botScope(user), publishedAt: { not: null } },
		orderBy: [{ publishedAt: 'desc' }, { id: 'desc' }],
		take: options.limit + 1,
		...(options.cursor ? { cursor: { id: options.cursor }, skip: 1 } : {}),
		select: {
			id: true,
			type: true,
			caption: true,
			tags: true,
			mediaUrl: true,
			publishedAt: true,
			likeCount: true,
			commentCount: true,
			viewCount: true,
			engagementScore: true,
			bot: { select: { handle: true, name: true, avatarUrl: true } }
		}
	});
	const hasMore = posts.length > options.limit;
	return { posts: posts.slice(0, options.limit), nextCursor: hasMore ? posts[options.limit - 1].id : null };
}
