// What a bot has been doing, for its page: its latest posts (any moderation state, so a creator
// sees what was held) and, for admins, its latest jobs. Both are small, newest-first slices; the
// full lists live on /posts and /queue/jobs?bot=<id>.
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/session.ts';
import type { JobStatusName, MODERATION_STATUSES, POST_TYPES } from '../../schemas/enums.ts';
import { requireBot } from './access.ts';

export const ACTIVITY_LIMIT = 8;

export interface BotActivityPost {
	id: string;
	type: (typeof POST_TYPES)[number];
	caption: string;
	moderationStatus: (typeof MODERATION_STATUSES)[number];
	createdAt: Date;
	/** Null while held for review or rejected (its page still opens for the owner and admins). */
	publishedAt: Date | null;
	likeCount: number;
	commentCount: number;
}

export interface BotActivityJob {
	id: string;
	type: string;
	status: JobStatusName;
	createdAt: Date;
	finishedAt: Date | null;
}

export interface BotActivity {
	posts: BotActivityPost[];
	/** Whether there are more posts than shown. */
	morePosts: boolean;
	/** Null for creators: the queue is an admin's view. */
	jobs: BotActivityJob[] | null;
	moreJobs: boolean;
}

/**
 * The bot's latest posts and (admins only) jobs, newest first, at most ACTIVITY_LIMIT each.
 * Jobs are read newest-first by id (UUIDv7, time-ordered) through the per-bot partial indexes.
 * Throws BotNotFoundError.
 */
export async function getBotActivity(db: Db, user: SessionUser, id: string): Promise<BotActivity> {
	await requireBot(db, user, id);
	const [posts, jobs] = await Promise.all([
		db.prisma.post.findMany({
			// A discarded post has left every list (posts/held.ts); its record stays on its own page.
			where: { botId: id, discardedAt: null },
			orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
			take: ACTIVITY_LIMIT + 1,
			select: { id: true, type: true, caption: true, moderationStatus: true, createdAt: true, publishedAt: true, likeCount: true, commentCount: true }
		}),
		user.role === 'ADMIN'
			? db.pool
					.query<BotActivityJob>(`SELECT id, type, status, "createdAt", "finishedAt" FROM jobs WHERE "botId" = $1 ORDER BY id DESC LIMIT $2`, [id, ACTIVITY_LIMIT + 1])
					.then((r) => r.rows)
			: Promise.resolve(null)
	]);
	return {
		posts: posts.slice(0, ACTIVITY_LIMIT),
		morePosts: posts.length > ACTIVITY_LIMIT,
		jobs: jobs?.slice(0, ACTIVITY_LIMIT) ?? null,
		moreJobs: (jobs?.length ?? 0) > ACTIVITY_LIMIT
	};
}
