// What the dashboard reads of a post, one select for every list (feed, held, rejected, one post),
// so a card shows the same fields wherever it appears.
import type { SessionUser } from '../auth/session.ts';

export const postSelect = {
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
	decidedBy: true,
	decidedAt: true,
	discardedAt: true,
	jobId: true,
	bot: { select: { id: true, handle: true, name: true, avatarUrl: true } },
	comments: {
		where: { moderationStatus: 'APPROVED' as const },
		orderBy: { createdAt: 'asc' as const },
		take: 5,
		select: { id: true, text: true, createdAt: true, parentId: true, depth: true, bot: { select: { handle: true, name: true } }, replyTo: { select: { handle: true } } }
	}
} as const;

/** The select for one viewer: whether they liked each post comes with it. */
export function postSelectFor(user: SessionUser) {
	return { ...postSelect, likes: { where: { userId: user.id }, select: { id: true }, take: 1 } } as const;
}

/**
 * A selected row as the viewer gets it: `likedByMe` instead of the likes relation, and the job
 * that made the post only for admins (the queue is theirs; creators cannot open a job).
 */
export function forViewer<T extends { likes: { id: string }[]; jobId: string | null }>(user: SessionUser, post: T): Omit<T, 'likes'> & { likedByMe: boolean } {
	const { likes, ...rest } = post;
	return { ...rest, jobId: user.role === 'ADMIN' ? rest.jobId : null, likedByMe: likes.length > 0 };
}
