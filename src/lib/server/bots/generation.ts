// What avatar and reference generation share: turning a provider failure into a BotGenerationError
// (after recording what it may have cost) and a bot into the context the providers render from.
import { recordUsage } from '../usage.ts';
import type { Db } from '../db/client.ts';
import { InvalidBotError, toBotContext } from '../ai/types.ts';
import type { ProviderError } from '../ai/providers/types.ts';
import type { AccessibleBot } from './access.ts';
import { BotGenerationError, BotNotReadyError } from './errors.ts';

/** A failed provider call may still have been billed (e.g. malformed JSON attempts): record it, then explain. */
export async function providerFailure(db: Db, botId: string, error: ProviderError, what: string): Promise<never> {
	await recordUsage(db.prisma, error.usage, { botId });
	throw new BotGenerationError(`${what} failed (${error.provider}): ${error.message}`, error.kind, error.retryable, { cause: error });
}

export function contextFor(bot: AccessibleBot) {
	try {
		return toBotContext(bot);
	} catch (error) {
		if (error instanceof InvalidBotError) throw new BotNotReadyError(`${error.message}. Fix the persona in the editor and save first.`);
		throw error;
	}
}
