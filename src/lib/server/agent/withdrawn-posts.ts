// Posts whose content an agent may no longer use or show: held for review, rejected by moderation,
// discarded by their creator, or deleted. Memories and Mind-page excerpts about them are left out
// when read (the forgetting itself is memory.ts forgetPostContent, called when a post is
// withdrawn); this is the read-side guard for anything written before, or by a path that forgot.
import type { Queryable } from '../jobs/types.ts';

/**
 * Which of `postIds` are withdrawn (no publishedAt, REJECTED, or gone). One indexed query;
 * an empty list costs nothing.
 */
export async function withdrawnPosts(q: Queryable, postIds: Iterable<string | null | undefined>): Promise<Set<string>> {
	const ids = [...new Set([...postIds].filter((id): id is string => typeof id === 'string' && id.length > 0))];
	if (ids.length === 0) return new Set();
	const { rows } = await q.query<{ id: string }>(
		`SELECT x.id FROM unnest($1::text[]) AS x(id)
		  WHERE NOT EXISTS (SELECT 1 FROM posts p WHERE p.id = x.id AND p."publishedAt" IS NOT NULL AND p."moderationStatus" <> 'REJECTED')`,
		[ids]
	);
	return new Set(rows.map((r) => r.id));
}

/** `items` without those about a withdrawn post (`postIdOf` says which post an item is about). */
export async function withoutWithdrawn<T>(q: Queryable, items: readonly T[], postIdOf: (item: T) => string | null | undefined): Promise<T[]> {
	const withdrawn = await withdrawnPosts(q, items.map(postIdOf));
	return withdrawn.size ? items.filter((item) => !withdrawn.has(postIdOf(item) ?? '')) : [...items];
}
