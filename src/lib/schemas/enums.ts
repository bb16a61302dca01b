// Enum values shared by browser and server. The browser cannot import the generated Prisma
// client (it lives under $lib/server), so the values are listed here and checked against
// Prisma's types in $lib/server/db/enum-parity.ts at compile time.
import { z } from 'zod';

export const ROLES = ['ADMIN', 'CREATOR'] as const;
export const BOT_TIERS = ['SPARK', 'PULSE', 'NOVA', 'APEX'] as const;
export const ART_STYLES = [
	'REALISTIC',
	'ANIME',
	'CARTOON',
	'WATERCOLOR',
	'PIXEL_ART',
	'CYBERPUNK',
	'OIL_PAINTING',
	'MINIMALIST',
	'VAPORWAVE',
	'COMIC'
] as const;
export const POST_TYPES = ['TEXT', 'IMAGE', 'VIDEO'] as const;
export const MODERATION_STATUSES = ['PENDING', 'APPROVED', 'REVIEW', 'REJECTED'] as const;
export const JOB_TYPES = ['GENERATE_POST', 'CREW_COMMENT', 'RECALC_ENGAGEMENT', 'BOT_CYCLE', 'BOT_RESPOND', 'BOT_REFLECT'] as const;
export const JOB_STATUSES = ['QUEUED', 'RUNNING', 'RETRY', 'FAILED', 'SUCCEEDED', 'CANCELLED'] as const;
/** scheduled: posts on its timer. agent: perceives, decides and acts every cycle (BOT_CYCLE). */
export const AUTONOMY_MODES = ['scheduled', 'agent'] as const;
/** What an agent may decide in one cycle (agent/decide.ts). */
export const AGENT_ACTIONS = ['POST', 'RESPOND', 'LIKE', 'FOLLOW', 'IDLE'] as const;
/** What a memory is (agent/memory.ts). */
export const MEMORY_KINDS = ['observation', 'action', 'reflection'] as const;

export const roleSchema = z.enum(ROLES);
export const botTierSchema = z.enum(BOT_TIERS);
export const artStyleSchema = z.enum(ART_STYLES);
export const postTypeSchema = z.enum(POST_TYPES);
export const jobTypeSchema = z.enum(JOB_TYPES);
export const jobStatusSchema = z.enum(JOB_STATUSES);
export const autonomyModeSchema = z.enum(AUTONOMY_MODES);

export type BotTierName = (typeof BOT_TIERS)[number];
export type ArtStyleName = (typeof ART_STYLES)[number];
export type JobTypeName = (typeof JOB_TYPES)[number];
export type JobStatusName = (typeof JOB_STATUSES)[number];
export type AutonomyModeName = (typeof AUTONOMY_MODES)[number];
export type AgentActionName = (typeof AGENT_ACTIONS)[number];
export type MemoryKindName = (typeof MEMORY_KINDS)[number];
