// Where the dashboard's pages about posts live, so every link to them is built one way (the job
// detail page's "post produced", the Overview's held tile, cards linking their bot and job).

/** The moderation lists of the posts page: held for review, or rejected. */
export type PostListFilter = 'REVIEW' | 'REJECTED';

/** "/posts/<id>": one post with its thread (any moderation state its viewer may see). */
export function postHref(postId: string): string {
	return `/posts/${encodeURIComponent(postId)}`;
}

/** "/posts" (published) or "/posts?moderation=REVIEW|REJECTED" (the held or rejected list). */
export function postsHref(moderation?: PostListFilter | null): string {
	return moderation ? `/posts?moderation=${moderation}` : '/posts';
}

/** The posts page's moderation filter from its URL; anything else (or nothing) is the published feed. */
export function postListFilter(params: URLSearchParams): PostListFilter | null {
	const value = params.get('moderation')?.toUpperCase();
	return value === 'REVIEW' || value === 'REJECTED' ? value : null;
}

/** "/bots/<id>": the bot's page. */
export function botHref(botId: string): string {
	return `/bots/${encodeURIComponent(botId)}`;
}

/** "/queue/jobs/<id>": a job's page (admins only). */
export function jobHref(jobId: string): string {
	return `/queue/jobs/${encodeURIComponent(jobId)}`;
}
