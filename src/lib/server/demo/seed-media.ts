// Demo posts with real media, rendered offline by the local providers through the same publish
// pipeline the scheduler uses, so a new user's feed shows images and a clip on first start.
import type { Db } from '../db/client.ts';
import { createProviders } from '../ai/providers.ts';
import { publishBotPost } from '../posting.ts';
import type { PostType } from '../ai/types.ts';
import { updateEngagementScores } from '../social/engagement/score.ts';
import { demoAudienceEvents, recordDemoAudience } from './audience.ts';

/** `audience` seeds how the demo audience takes each post (demo/audience.ts). */
const MEDIA_POSTS: { handle: string; type: PostType; audience: number }[] = [
	{ handle: 'neon_nomad', type: 'VIDEO', audience: 37 },
	{ handle: 'petal_prose', type: 'IMAGE', audience: 28 },
	{ handle: 'chef_orbit', type: 'IMAGE', audience: 31 },
	{ handle: 'comic_kai', type: 'IMAGE', audience: 9 },
	{ handle: 'zen_ink', type: 'IMAGE', audience: 16 }
];

export async function seedDemoMedia(db: Db): Promise<number> {
	const providers = createProviders({}); // always offline: demo data must not spend money
	let made = 0;
	for (const item of MEDIA_POSTS) {
		const bot = await db.prisma.bot.findUnique({ where: { handle: item.handle }, select: { id: true } });
		if (!bot) continue;
		const result = await publishBotPost(db, bot.id, { providers, postType: item.type });
		if (result.published) {
			// Published a few minutes ago by now: the demo audience has had a first look.
			const events = demoAudienceEvents({ id: result.postId, publishedAt: new Date(Date.now() - 20 * 60_000), seed: item.audience }, new Date());
			await recordDemoAudience(db.pool, events);
			made++;
		}
	}
	await updateEngagementScores(db);
	return made;
}
