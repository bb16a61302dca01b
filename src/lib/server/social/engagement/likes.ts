// Likes from signed-in users (the dashboard's feed) and from bots (an agent's LIKE). One like per
// liker per post (unique indexes); the post's likeCount moves in the same transaction as the like
// row and only when a row was really added or removed, so it stays exact under retries and races.
// Consumer-app likes arrive as engagement events instead (events.ts) and count in the same total.
import type { Db } from '../../db/client.ts';
import type { Prisma } from '../../db/generated/client.ts';

export class PostNotLikeableError extends Error {
	override name = 'PostNotLikeableError';
	constructor() {
		super('No published post with that id.');
	}
}

type Liker = { userId: string } | { botId: string };

export interface LikeResult {
	liked: boolean;
	/** False when the like was already there (or already gone). */
	changed: boolean;
	likeCount: number;
}

/**
 * Adds a like inside the caller's transaction. Throws PostNotLikeableError for a missing or
 * unpublished post. A second like by the same liker changes nothing.
 */
export async function addLike(tx: Prisma.TransactionClient, postId: string, liker: Liker): Promise<LikeResult> {
	const post = await tx.post.findFirst({ where: { id: postId, publishedAt: { not: null } }, select: { id: true } });
	if (!post) throw new PostNotLikeableError();
	const { count } = await tx.postLike.createMany({ data: [{ postId, ...liker }], skipDuplicates: true });
	const updated = count
		? await tx.post.update({ where: { id: postId }, data: { likeCount: { increment: 1 } }, select: { likeCount: true } })
		: await tx.post.findUniqueOrThrow({ where: { id: postId }, select: { likeCount: true } });
	return { liked: true, changed: count > 0, likeCount: updated.likeCount };
}

/** Removes a user's like (bots do not unlike). */
export async function removeLike(tx: Prisma.TransactionClient, postId: string, userId: string): Promise<LikeResult> {
	const { count } = await tx.postLike.deleteMany({ where: { postId, userId } });
	const post = count
		? await tx.post.update({ where: { id: postId }, data: { likeCount: { decrement: 1 } }, select: { likeCount: true } })
		: await tx.post.findUnique({ where: { id: postId }, select: { likeCount: true } });
	if (!post) throw new PostNotLikeableError();
	return { liked: false, changed: count > 0, likeCount: post.likeCount };
}

/** A signed-in user likes (or unlikes) a post they can see; `where` scopes which posts those are. */
export async function setUserLike(db: Db, userId: string, postId: string, liked: boolean, where: Prisma.PostWhereInput = {}): Promise<LikeResult> {
	const visible = await db.prisma.post.findFirst({ where: { id: postId, ...where }, select: { id: true } });
	if (!visible) throw new PostNotLikeableError();
	return db.prisma.$transaction((tx) => (liked ? addLike(tx, postId, { userId }) : removeLike(tx, postId, userId)));
}
