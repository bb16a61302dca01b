// The bot's avatar, rendered by the image provider in its style and character.
import { recordUsage } from '../usage.ts';
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/session.ts';
import { storeMedia } from '../media/index.ts';
import { generateAvatar } from '../ai/image.ts';
import { ProviderError, type ProviderSet } from '../ai/providers/types.ts';
import { requireBot } from './access.ts';
import { contextFor, providerFailure } from './generation.ts';
import { mapWriteError } from './save.ts';

export interface AvatarResult {
	avatarUrl: string;
	provider: string;
	model: string;
	costUsd: number;
}

/**
 * Renders an avatar in the bot's style and character, stores it, and records the cost. The seed
 * defaults to the current time so each click gives a new picture (providers are deterministic
 * for a given seed).
 */
export async function generateBotAvatar(db: Db, user: SessionUser, id: string, options: { providers: Pick<ProviderSet, 'image'>; seed?: string }): Promise<AvatarResult> {
	const bot = await requireBot(db, user, id);
	const ctx = contextFor(bot);
	let image;
	try {
		image = await generateAvatar(ctx, options.providers, { seed: options.seed ?? new Date().toISOString() });
	} catch (error) {
		if (error instanceof ProviderError) return providerFailure(db, id, error, 'Avatar generation');
		throw error;
	}
	const stored = await storeMedia(image.bytes, image.contentType);
	try {
		await db.prisma.$transaction(async (tx) => {
			await tx.bot.update({ where: { id }, data: { avatarUrl: stored.url } });
			await recordUsage(tx, [image.usage], { botId: id });
		});
	} catch (error) {
		mapWriteError(error, bot.handle);
	}
	return { avatarUrl: stored.url, provider: image.provider, model: image.model, costUsd: image.usage.costUsd };
}
