// Posts moderation kept out of the feed: REVIEW (held for an admin) and REJECTED. Their creators
// see them with the moderator's reasons and may discard them; admins see everyone's and decide
// held ones. Scoped like bots (botScope): someone else's post is "not found", never "forbidden".
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/session.ts';
import type { Prisma } from '../db/generated/client.ts';
import { botScope } from '../bots/index.ts';
import { forViewer, postSelectFor } from './select.ts';
import { PostNotFoundError } from './errors.ts';
import { forgetPostContent } from '../agent/memory.ts';
import { prismaQueryable } from '../jobs/types.ts';

/** The moderation states a creator can list, discard and ask again for. */
export const KEPT_OUT = ['REVIEW', 'REJECTED'] as const;
export type KeptOut = (typeof KEPT_OUT)[number];

/** Held or rejected posts the user may see that nobody discarded. */
function keptOut(user: SessionUser, status: KeptOut | readonly KeptOut[]): Prisma.PostWhereInput {
	return { bot: botScope(user), discardedAt: null, moderationStatus: typeof status === 'string' ? status : { in: [...status] } };
}

/**
 * Held (REVIEW) posts oldest first, as a review queue reads; REJECTED newest first. A page of
 * `limit` with `nextCursor` (null at the end).
 */
export async function listKeptOutPosts(db: Db, user: SessionUser, options: { status: KeptOut; limit: number; cursor?: string }) {
	const dir = options.status === 'REVIEW' ? 'asc' : 'desc';
	const posts = await db.prisma.post.findMany({
		where: keptOut(user, options.status),
		orderBy: [{ createdAt: dir }, { id: dir }],
		take: options.limit + 1,
		...(options.cursor ? { cursor: { id: options.cursor }, skip: 1 } : {}),
		select: postSelectFor(user)
	});
	const hasMore = posts.length > options.limit;
	return { posts: posts.slice(0, options.limit).map((p) => forViewer(user, p)), nextCursor: hasMore ? posts[options.limit - 1].id : null };
}

/** How many held and rejected (not discarded) posts the user may see: `{ REVIEW, REJECTED }`. */
export async function countKeptOutPosts(db: Db, user: SessionUser): Promise<Record<KeptOut, number>> {
	const rows = await db.prisma.post.groupBy({ by: ['moderationStatus'], where: keptOut(user, KEPT_OUT), _count: { _all: true } });
	const counts: Record<KeptOut, number> = { REVIEW: 0, REJECTED: 0 };
	for (const r of rows) if (r.moderationStatus === 'REVIEW' || r.moderationStatus === 'REJECTED') counts[r.moderationStatus] = r._count._all;
	return counts;
}

/** Posts moderation held for a human, oldest first (admins only reach this through the router). */
export async function listHeldPosts(db: Db, admin: SessionUser, limit = 50) {
	return (await listKeptOutPosts(db, admin, { status: 'REVIEW', limit })).posts;
}

/**
 * An admin's verdict on a held post: approve publishes it now, reject keeps it out for good. The
 * moderator's reasons stay; who decided and when are recorded beside them.
 * PostNotFoundError when no held post has that id (decided already, discarded, or never held).
 */
export async function moderatePost(db: Db, postId: string, decision: 'APPROVE' | 'REJECT', admin: SessionUser, now = new Date()) {
	const status = decision === 'APPROVE' ? ('APPROVED' as const) : ('REJECTED' as const);
	await db.prisma.$transaction(async (tx) => {
		const { count } = await tx.post.updateMany({
			where: { id: postId, moderationStatus: 'REVIEW', discardedAt: null },
			data: { moderationStatus: status, publishedAt: decision === 'APPROVE' ? now : null, decidedBy: admin.name, decidedAt: now }
		});
		if (count === 0) throw new PostNotFoundError('No held post with that id (it may have been decided or discarded already).');
		// Bots that saw or acted on it forget its words, in the same transaction: a verdict never
		// lands without it (reads leave such posts out meanwhile anyway).
		if (status === 'REJECTED') await forgetPostContent(prismaQueryable(tx), postId);
	});
	return { postId, status };
}

/**
 * The creator (or an admin) discards a held or rejected post: it leaves every list and its media
 * is no longer served (the file references are dropped; media/access.ts answers 404 for a file
 * nothing references), but the row stays, REJECTED and marked discarded, so its job, its costs and
 * the moderation record still add up. A held post discarded counts as decided by whoever did it;
 * a rejected one keeps who rejected it. PostNotFoundError outside the caller's scope, or when the
 * post is published or discarded already.
 */
export async function discardPost(db: Db, user: SessionUser, postId: string, now = new Date()) {
	const post = await db.prisma.post.findFirst({ where: { id: postId, ...keptOut(user, KEPT_OUT) }, select: { id: true, moderationStatus: true } });
	if (!post) throw new PostNotFoundError('No held or rejected post with that id (it may have been approved or discarded already).');
	const decided = post.moderationStatus === 'REVIEW' ? { decidedBy: user.name, decidedAt: now } : {};
	// Conditional on the state read: an admin approving it meanwhile wins, and this says so.
	await db.prisma.$transaction(async (tx) => {
		const { count } = await tx.post.updateMany({
			where: { id: post.id, moderationStatus: post.moderationStatus, discardedAt: null },
			data: { moderationStatus: 'REJECTED', publishedAt: null, discardedAt: now, mediaUrl: null, thumbnailUrl: null, ...decided }
		});
		if (count === 0) throw new PostNotFoundError('This post was decided meanwhile (approved or discarded); nothing was changed.');
		// A post published from a preview is referenced by its draft's result too (media/access.ts
		// serves any referenced file): drop the draft's media references as well.
		await tx.$executeRaw`UPDATE post_drafts SET result = result - 'mediaUrl' - 'thumbnailUrl' WHERE "postId" = ${post.id} AND result IS NOT NULL`;
		await forgetPostContent(prismaQueryable(tx), post.id);
	});
	return { postId: post.id, discardedAt: now };
}
