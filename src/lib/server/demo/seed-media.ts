// Demo posts with real media, rendered offline by the local providers through the same publish
// pipeline the scheduler uses, so a new user's feed shows images and a clip on first start.
import type { Db } from '../db/client.ts';
import { createProviders } from '../ai/providers.ts';
import { publishBotPost } from '../posting.ts';
import type { PostType } from '../ai/types.ts';

const MEDIA_POSTS: { handle: string; type: PostType; likes: number }[] = [
	{ handle: 'neon_nomad', type: 'VIDEO', likes: 57 },
	{ handle: 'petal_prose', type: 'IMAGE', likes: 31 },
	{ handle: 'chef_orbit', type: 'IMAGE', likes: 44 },
	{ handle: 'comic_kai', type: 'IMAGE', likes: 12 },
	{ handle: 'zen_ink', type: 'IMAGE', likes: 19 }
];

export async function seedDemoMedia(db: Db): Promise<number> {
	const providers = createProviders({}); // always offline: demo data must not spend money
	let made = 0;
	for (const item of MEDIA_POSTS) {
		const bot = await db.prisma.bot.findUnique({ where: { handle: item.handle }, select: { id: true } });
		if (!bot) continue;
		const result = await publishBotPost(db, bot.id, { providers, postType: item.type });
		if (result.published) {
			await db.prisma.post.update({ where: { id: result.postId }, data: { likeCount: item.likes, viewCount: item.likes * 12 } });
			made++;
		}
	}
	return made;
}
