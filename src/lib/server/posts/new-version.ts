// "Ask for a new version" of a held or rejected post: its bot gets a GENERATE_POST now, through
// the ordinary enqueue path, so the partial unique index keeps a bot at one pending post job
// (a second request finds the first one instead of erroring). The bot decides the new post as
// it would any other; its recent captions include the one kept out, so it does not repeat it.
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/session.ts';
import { botScope } from '../bots/index.ts';
import { enqueueJob } from '../jobs/enqueue.ts';
import { PENDING_STATUSES } from '../jobs/types.ts';
import { KEPT_OUT } from './held.ts';
import { PostActionError, PostNotFoundError } from './errors.ts';

export interface NewVersionResult {
	botId: string;
	handle: string;
	/** The GENERATE_POST that will write the new post: new, or the one already pending. */
	jobId: string;
	/** False when the bot already had a post job pending (nothing new was queued). */
	queued: boolean;
}

/**
 * Enqueues a GENERATE_POST for the bot of held or rejected post `postId`. PostNotFoundError
 * outside the caller's scope (or for a published or discarded post); PostActionError when the bot
 * is archived or switched off (the job could only fail).
 */
export async function askForNewVersion(db: Db, user: SessionUser, postId: string, tries = 3): Promise<NewVersionResult> {
	const post = await db.prisma.post.findFirst({
		where: { id: postId, bot: botScope(user), discardedAt: null, moderationStatus: { in: [...KEPT_OUT] } },
		select: { bot: { select: { id: true, handle: true, isActive: true, archivedAt: true } } }
	});
	if (!post) throw new PostNotFoundError('No held or rejected post with that id (it may have been approved or discarded already).');
	const { bot } = post;
	if (bot.archivedAt) throw new PostActionError(`@${bot.handle} is archived. Restore it before asking for a new post.`);
	if (!bot.isActive) throw new PostActionError(`@${bot.handle} is switched off. Turn it on before asking for a new post.`);
	const jobId = await enqueueJob(db.pool, { type: 'GENERATE_POST', botId: bot.id, payload: { botId: bot.id } });
	if (jobId) return { botId: bot.id, handle: bot.handle, jobId, queued: true };
	const { rows } = await db.pool.query<{ id: string }>(
		`SELECT id FROM jobs WHERE type = 'GENERATE_POST' AND "botId" = $1 AND status::text = ANY($2::text[]) LIMIT 1`,
		[bot.id, [...PENDING_STATUSES]]
	);
	// Pending a moment ago and finished since: ask again rather than report a job that is gone.
	if (!rows[0]) {
		if (tries <= 1) throw new PostActionError(`@${bot.handle}'s post jobs keep changing; try again in a moment.`);
		return askForNewVersion(db, user, postId, tries - 1);
	}
	return { botId: bot.id, handle: bot.handle, jobId: rows[0].id, queued: false };
}
