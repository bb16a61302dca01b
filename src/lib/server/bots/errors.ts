// Errors of the bots domain. They steer the UI, so they are small classes the router maps to
// tRPC codes (see trpc/routers/bots.ts toTRPCError): not-found, field errors beside a field,
// not-ready (fix the persona first) and provider failures.
import type { BotTierName } from '../../schemas/enums.ts';
import type { ProviderError } from '../ai/providers/types.ts';
import { postsPerDayOverCapMessage } from '../../schemas/bot.ts';

/** The bot does not exist, or the caller may not see it: the same answer for both. */
export class BotNotFoundError extends Error {
	override name = 'BotNotFoundError';
	constructor() {
		super('Bot not found.');
	}
}

/** A problem with one input field; the router turns it into a field error next to that field. */
export class BotFieldError extends Error {
	override name = 'BotFieldError';
	constructor(
		readonly field: string,
		message: string
	) {
		super(message);
	}
}

export class HandleTakenError extends BotFieldError {
	override name = 'HandleTakenError';
	constructor(handle: string) {
		super('handle', `@${handle} is taken — try another handle`);
	}
}

export class PostsPerDayOverCapError extends BotFieldError {
	override name = 'PostsPerDayOverCapError';
	constructor(
		readonly tier: BotTierName,
		readonly cap: number
	) {
		super('postsPerDay', postsPerDayOverCapMessage(tier, cap));
	}
}

export class CrewNotFoundError extends BotFieldError {
	override name = 'CrewNotFoundError';
	constructor() {
		super('crewId', 'That crew does not exist any more — pick another');
	}
}

/** The uploaded reference image is the wrong type, too big, or unreadable. */
export class ReferenceFileError extends BotFieldError {
	override name = 'ReferenceFileError';
	constructor(message: string) {
		super('file', message);
	}
}

/** Archived bots do not act on their own: scheduling or agent mode needs the bot restored first. */
export class BotArchivedError extends BotFieldError {
	override name = 'BotArchivedError';
	constructor() {
		super('schedulingEnabled', 'This bot is archived — restore it before it posts on its own');
	}
}

/**
 * Whether `error` is the database refusing to schedule an archived bot (the CHECK
 * bots_archived_not_scheduled_check): an archive that committed between our read and our write.
 */
export function violatesArchivedCheck(error: unknown): boolean {
	for (let e = error; e; e = (e as { cause?: unknown }).cause) {
		if (String((e as Error).message ?? '').includes('bots_archived_not_scheduled_check')) return true;
		if (!(e instanceof Error)) break;
	}
	return false;
}

/** The bot cannot be rendered as it is stored (e.g. its persona DNA no longer validates). */
export class BotNotReadyError extends Error {
	override name = 'BotNotReadyError';
}

/** A provider failed while generating for the bot; `retryable` says whether trying later may help. */
export class BotGenerationError extends Error {
	override name = 'BotGenerationError';
	constructor(
		message: string,
		readonly kind: ProviderError['kind'],
		readonly retryable: boolean,
		options?: { cause?: unknown }
	) {
		super(message, options);
	}
}

