// Who may read a stored media file. Files are content-addressed, so a URL says nothing about what
// it belongs to: the rows that reference it do. A file is readable by
//  - any signed-in user when it belongs to a published, approved post, or is the avatar of a bot
//    that has published one (what the feed shows everyone);
//  - the owner of the bot it belongs to, and admins, otherwise: drafts, held and rejected posts,
//    character references, avatars of bots that have published nothing;
//  - nobody when no row references it (an orphan answers 404 like a missing file).
// The lookups use the URL indexes of the security migration (posts, bots, post_drafts' result).
import type { Db } from '../db/client.ts';

export interface MediaViewer {
	id: string;
	role: 'ADMIN' | 'CREATOR';
}

/** True when `viewer` may read the file at `url` ("/media/yyyy/mm/<sha256>.<ext>"). */
export async function canReadMedia(db: Db, viewer: MediaViewer, url: string): Promise<boolean> {
	const { rows } = await db.pool.query<{ public: boolean; owners: string[] }>(
		`SELECT
		   EXISTS (SELECT 1 FROM posts p
		            WHERE (p."mediaUrl" = $1 OR p."thumbnailUrl" = $1)
		              AND p."publishedAt" IS NOT NULL AND p."moderationStatus" = 'APPROVED')
		   OR EXISTS (SELECT 1 FROM bots b
		               WHERE b."avatarUrl" = $1
		                 AND EXISTS (SELECT 1 FROM posts p WHERE p."botId" = b.id AND p."publishedAt" IS NOT NULL AND p."moderationStatus" = 'APPROVED'))
		   AS public,
		   ARRAY(
		     SELECT b."ownerId" FROM posts p JOIN bots b ON b.id = p."botId" WHERE p."mediaUrl" = $1 OR p."thumbnailUrl" = $1
		     UNION
		     SELECT b."ownerId" FROM bots b WHERE b."avatarUrl" = $1 OR b."characterRefUrl" = $1
		     UNION
		     SELECT b."ownerId" FROM post_drafts d JOIN bots b ON b.id = d."botId"
		      WHERE d."result" ->> 'mediaUrl' = $1 OR d."result" ->> 'thumbnailUrl' = $1
		   ) AS owners`,
		[url]
	);
	const row = rows[0];
	if (!row) return false;
	if (row.public) return true;
	if (row.owners.length === 0) return false;
	return viewer.role === 'ADMIN' || row.owners.includes(viewer.id);
}
