// Compile-time proof that the browser-side enum lists ($lib/schemas/enums) equal Prisma's (job types are
// text in the database, registry keys, so JOB_TYPES lists the production ones without a DB enum).
// svelte-check fails here if a value is added to one side only.
import type * as Shared from '../../schemas/enums.ts';
import type { ArtStyle, AutonomyMode, BotTier, JobStatus, PostType, Role, ModerationStatus } from './generated/enums.ts';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;

export type EnumParity = [
	Assert<Same<(typeof Shared.ROLES)[number], Role>>,
	Assert<Same<(typeof Shared.BOT_TIERS)[number], BotTier>>,
	Assert<Same<(typeof Shared.ART_STYLES)[number], ArtStyle>>,
	Assert<Same<(typeof Shared.POST_TYPES)[number], PostType>>,
	Assert<Same<(typeof Shared.MODERATION_STATUSES)[number], ModerationStatus>>,
	Assert<Same<(typeof Shared.JOB_STATUSES)[number], JobStatus>>,
	Assert<Same<(typeof Shared.AUTONOMY_MODES)[number], AutonomyMode>>
];
