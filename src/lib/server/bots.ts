// Bots as creators manage them: list, read, create, update, schedule, avatar and character
// reference. Every function takes the caller and is scoped by botScope: a creator reaches only
// their own bots, and someone else's bot is "not found" (never "forbidden"), so ids cannot be
// probed for existence. Errors that steer the UI are small classes the router maps to tRPC codes.
import sharp from 'sharp';
import { recordUsage } from './usage.ts';
import type { Db } from './db/client.ts';
import type { SessionUser } from './auth/session.ts';
import { Prisma } from './db/generated/client.ts';
import { enableScheduling, disableScheduling } from './scheduler.ts';
import { setAgentActive, setAutonomy, type AutonomyState } from './agent/autonomy.ts';
import { storeMedia } from './media/index.ts';
import { analyzeCharacterReference, generateAvatar, ReferenceImageError } from './ai/image.ts';
import { characterAnalysisSchema, clampPostsPerDay, InvalidBotError, TIER_CAPABILITIES, tierCapabilities, toBotContext, type CharacterAnalysis } from './ai/types.ts';
import { ProviderError, type ProviderSet } from './ai/providers/types.ts';
import { personaDnaSchema, type PersonaDna } from '../schemas/persona.ts';
import { BOT_TIERS, type AutonomyModeName, type BotTierName } from '../schemas/enums.ts';
import {
	postsPerDayOverCapMessage,
	REFERENCE_MAX_BYTES,
	REFERENCE_TOO_LARGE,
	REFERENCE_TYPES,
	REFERENCE_WRONG_TYPE,
	type BotData,
	type BotListInput,
	type TierPostCaps
} from '../schemas/bot.ts';

export function botScope(user: SessionUser) {
	return user.role === 'ADMIN' ? {} : { ownerId: user.id };
}

// ---------------------------------------------------------------------------------------------
// Errors.

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

// ---------------------------------------------------------------------------------------------
// Reading.

const listSelect = {
	id: true,
	handle: true,
	name: true,
	tier: true,
	artStyle: true,
	avatarUrl: true,
	isActive: true,
	schedulingEnabled: true,
	autonomy: true,
	postsPerDay: true,
	lastPostedAt: true,
	nextPostAt: true,
	nextCycleAt: true,
	owner: { select: { id: true, name: true, email: true } }
} satisfies Prisma.BotSelect;

export type BotListItem = Prisma.BotGetPayload<{ select: typeof listSelect }>;

/** LIKE treats % and _ as wildcards; handles are full of underscores, so match them literally. */
function likeLiteral(text: string): string {
	return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function listBots(db: Db, user: SessionUser, filters: BotListInput = {}): Promise<BotListItem[]> {
	const where: Prisma.BotWhereInput = { ...botScope(user) };
	const search = filters.search?.trim().replace(/^@/, '');
	if (search) {
		const pattern = likeLiteral(search);
		where.OR = [{ name: { contains: pattern, mode: 'insensitive' } }, { handle: { contains: pattern, mode: 'insensitive' } }];
	}
	if (filters.tier) where.tier = filters.tier;
	if (filters.artStyle) where.artStyle = filters.artStyle;
	if (filters.scheduling) where.schedulingEnabled = filters.scheduling === 'on';
	return db.prisma.bot.findMany({ where, orderBy: [{ name: 'asc' }, { handle: 'asc' }], select: listSelect });
}

const detailSelect = {
	...listSelect,
	bio: true,
	personaDna: true,
	characterRefUrl: true,
	characterAnalysis: true,
	crewId: true,
	crew: { select: { id: true, name: true } },
	cycleMinutes: true,
	createdAt: true,
	updatedAt: true
} satisfies Prisma.BotSelect;

type BotRow = Prisma.BotGetPayload<{ select: typeof detailSelect }>;

export interface BotDetail extends Omit<BotRow, 'personaDna' | 'characterAnalysis'> {
	personaDna: PersonaDna;
	/** Set when the stored DNA no longer validates; the editor shows it and saving fixes it. */
	personaDnaProblem: string | null;
	characterAnalysis: CharacterAnalysis | null;
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/**
 * Stored DNA as the editor needs it. Valid DNA passes through; anything else (older shapes, a
 * hand-edited row) is salvaged field by field so the form still opens and can repair it.
 */
export function readPersonaDna(raw: unknown): { dna: PersonaDna; problem: string | null } {
	const parsed = personaDnaSchema.safeParse(raw);
	if (parsed.success) return { dna: parsed.data, problem: null };
	const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
	const palette = strings(r.palette).filter((c) => /^#[0-9a-fA-F]{6}$/.test(c));
	const dna: PersonaDna = {
		voice: typeof r.voice === 'string' ? r.voice : '',
		traits: strings(r.traits),
		interests: strings(r.interests),
		examplePosts: strings(r.examplePosts),
		catchphrases: strings(r.catchphrases),
		palette: palette.length >= 2 ? palette : ['#7c5cff', '#ff7ab6', '#1e1b4b'],
		emoji: r.emoji === 'none' || r.emoji === 'lots' ? r.emoji : 'sparing'
	};
	const problem = parsed.error.issues.map((i) => `${i.path.join('.') || 'persona DNA'}: ${i.message}`).join('; ');
	return { dna, problem };
}

function toDetail(row: BotRow): BotDetail {
	const { dna, problem } = readPersonaDna(row.personaDna);
	const analysis = row.characterAnalysis == null ? null : characterAnalysisSchema.safeParse(row.characterAnalysis);
	return { ...row, personaDna: dna, personaDnaProblem: problem, characterAnalysis: analysis?.success ? analysis.data : null };
}

export async function getBot(db: Db, user: SessionUser, id: string): Promise<BotDetail> {
	const row = await db.prisma.bot.findFirst({ where: { id, ...botScope(user) }, select: detailSelect });
	if (!row) throw new BotNotFoundError();
	return toDetail(row);
}

/** Checks the caller may touch the bot and returns what the writes below need. */
async function requireBot(db: Db, user: SessionUser, id: string) {
	const bot = await db.prisma.bot.findFirst({
		where: { id, ...botScope(user) },
		select: { id: true, handle: true, name: true, bio: true, tier: true, artStyle: true, personaDna: true, characterAnalysis: true, schedulingEnabled: true, autonomy: true }
	});
	if (!bot) throw new BotNotFoundError();
	return bot;
}

/** What the editor needs besides the bot: the crews to join and each tier's posting cap. */
export async function getBotFormOptions(db: Db) {
	const crews = await db.prisma.crew.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true } });
	return { crews, tierPostCaps: tierPostCaps() };
}

export function tierPostCaps(): TierPostCaps {
	return Object.fromEntries(BOT_TIERS.map((t) => [t, TIER_CAPABILITIES[t].maxPostsPerDay])) as Record<BotTierName, number>;
}

// ---------------------------------------------------------------------------------------------
// Writing.

/** The schedule never exceeds what the tier pays for: refuse (with the cap) rather than clamp silently. */
function assertWithinTierCap(tier: BotTierName, postsPerDay: number): void {
	if (clampPostsPerDay(tier, postsPerDay) !== postsPerDay) throw new PostsPerDayOverCapError(tier, tierCapabilities(tier).maxPostsPerDay);
}

/** Unique and foreign-key violations become field errors; the database is the referee, not a pre-check. */
function mapWriteError(error: unknown, handle: string): never {
	if (error instanceof Prisma.PrismaClientKnownRequestError) {
		if (error.code === 'P2002') throw new HandleTakenError(handle);
		if (error.code === 'P2003') throw new CrewNotFoundError();
		if (error.code === 'P2025') throw new BotNotFoundError();
	}
	throw error;
}

export async function createBot(db: Db, user: SessionUser, input: BotData): Promise<BotDetail> {
	assertWithinTierCap(input.tier, input.postsPerDay);
	let id: string;
	try {
		({ id } = await db.prisma.bot.create({
			data: {
				handle: input.handle,
				ownerId: user.id,
				name: input.name,
				bio: input.bio,
				personaDna: input.personaDna as Prisma.InputJsonObject,
				tier: input.tier,
				artStyle: input.artStyle,
				postsPerDay: input.postsPerDay,
				crewId: input.crewId ?? null
			},
			select: { id: true }
		}));
	} catch (error) {
		mapWriteError(error, input.handle);
	}
	// Agent mode first (it clears the timer slot), then scheduling: the scheduler owns how the
	// first slot is chosen, the agent's autonomy how the first cycle is.
	if (input.autonomy === 'agent') await setAutonomy(db, id, 'agent');
	if (input.schedulingEnabled) await applyScheduling(db, id, true);
	else if (input.autonomy === 'agent') await applyScheduling(db, id, false);
	return getBot(db, user, id);
}

/** Owner or admin only (botScope); a full replace of the editable fields. */
export async function updateBot(db: Db, user: SessionUser, id: string, input: BotData): Promise<BotDetail> {
	const existing = await requireBot(db, user, id);
	assertWithinTierCap(input.tier, input.postsPerDay);
	try {
		await db.prisma.bot.update({
			where: { id },
			data: {
				handle: input.handle,
				name: input.name,
				bio: input.bio,
				personaDna: input.personaDna as Prisma.InputJsonObject,
				tier: input.tier,
				artStyle: input.artStyle,
				postsPerDay: input.postsPerDay,
				...(input.crewId !== undefined ? { crewId: input.crewId } : {})
			}
		});
	} catch (error) {
		mapWriteError(error, input.handle);
	}
	if (input.autonomy !== undefined && input.autonomy !== existing.autonomy) await setAutonomy(db, id, input.autonomy);
	const now = await db.prisma.bot.findUniqueOrThrow({ where: { id }, select: { schedulingEnabled: true } });
	if (input.schedulingEnabled !== now.schedulingEnabled) await applyScheduling(db, id, input.schedulingEnabled);
	return getBot(db, user, id);
}

/** On/off for acting on its own: the timer for a scheduled bot, the cycles for an agent. */
async function applyScheduling(db: Db, id: string, enabled: boolean): Promise<void> {
	const bot = await db.prisma.bot.findUniqueOrThrow({ where: { id }, select: { autonomy: true } });
	if (bot.autonomy === 'agent') await setAgentActive(db, id, enabled);
	else if (enabled) await enableScheduling(db, id);
	else await disableScheduling(db, id);
}

/** Agent mode on (acting on its own, deciding every cycle) or off (back to the timer). Owner or admin. */
export async function setBotAutonomy(db: Db, user: SessionUser, id: string, mode: AutonomyModeName): Promise<AutonomyState> {
	await requireBot(db, user, id);
	return setAutonomy(db, id, mode);
}

export async function setBotScheduling(db: Db, user: SessionUser, id: string, enabled: boolean) {
	await requireBot(db, user, id);
	await applyScheduling(db, id, enabled);
	const bot = await db.prisma.bot.findUniqueOrThrow({ where: { id }, select: { id: true, schedulingEnabled: true, nextPostAt: true } });
	return bot;
}

// ---------------------------------------------------------------------------------------------
// Avatar and character reference.

/** A failed provider call may still have been billed (e.g. malformed JSON attempts): record it, then explain. */
async function providerFailure(db: Db, botId: string, error: ProviderError, what: string): Promise<never> {
	await recordUsage(db.prisma, error.usage, { botId });
	throw new BotGenerationError(`${what} failed (${error.provider}): ${error.message}`, error.kind, error.retryable, { cause: error });
}

function contextFor(bot: Awaited<ReturnType<typeof requireBot>>) {
	try {
		return toBotContext(bot);
	} catch (error) {
		if (error instanceof InvalidBotError) throw new BotNotReadyError(`${error.message}. Fix the persona in the editor and save first.`);
		throw error;
	}
}

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

const FORMAT_TO_TYPE: Record<string, (typeof REFERENCE_TYPES)[number]> = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' };

export interface ReferenceUpload {
	/** What the client declared; checked, but the bytes decide. */
	type: string;
	bytes: Buffer;
}

/**
 * Reads the real format from the bytes (a renamed .txt or a GIF labelled image/png is refused),
 * and re-encodes the image without its metadata: reference photos often carry EXIF GPS
 * positions, and media URLs are public.
 */
async function sanitizeReference(upload: ReferenceUpload): Promise<{ bytes: Buffer; contentType: string }> {
	if (upload.bytes.length === 0) throw new ReferenceFileError('The file is empty');
	if (upload.bytes.length > REFERENCE_MAX_BYTES) throw new ReferenceFileError(REFERENCE_TOO_LARGE);
	if (!(REFERENCE_TYPES as readonly string[]).includes(upload.type.toLowerCase())) throw new ReferenceFileError(REFERENCE_WRONG_TYPE);
	let format: string | undefined;
	try {
		format = (await sharp(upload.bytes).metadata()).format;
	} catch {
		throw new ReferenceFileError(`${REFERENCE_WRONG_TYPE} — this file is not a readable image`);
	}
	const contentType = format ? FORMAT_TO_TYPE[format] : undefined;
	if (!contentType) throw new ReferenceFileError(`${REFERENCE_WRONG_TYPE} — this file is ${format ? format.toUpperCase() : 'not an image'}`);
	try {
		const image = sharp(upload.bytes, { failOn: 'error' }).rotate();
		const bytes =
			format === 'png' ? await image.png().toBuffer() : format === 'jpeg' ? await image.jpeg({ quality: 92 }).toBuffer() : await image.webp({ quality: 92 }).toBuffer();
		return { bytes, contentType };
	} catch (error) {
		throw new ReferenceFileError(`The image could not be read: ${(error as Error).message}`);
	}
}

export interface ReferenceResult {
	characterRefUrl: string;
	characterAnalysis: CharacterAnalysis;
	provider: string;
	model: string;
	costUsd: number;
}

/** Checks, stores and analyses a character reference; the analysis then steers every image of the bot. */
export async function uploadCharacterReference(
	db: Db,
	user: SessionUser,
	id: string,
	upload: ReferenceUpload,
	options: { providers: Pick<ProviderSet, 'vision'> }
): Promise<ReferenceResult> {
	// Access first: someone else's bot is "not found" whatever the file is.
	const bot = await requireBot(db, user, id);
	const image = await sanitizeReference(upload);
	let result;
	try {
		result = await analyzeCharacterReference(image.bytes, options.providers);
	} catch (error) {
		if (error instanceof ReferenceImageError) throw new ReferenceFileError(error.message);
		if (error instanceof ProviderError && error.kind === 'bad_request') throw new ReferenceFileError(error.message);
		if (error instanceof ProviderError) return providerFailure(db, id, error, 'Reference analysis');
		throw error;
	}
	const stored = await storeMedia(image.bytes, image.contentType);
	try {
		await db.prisma.$transaction(async (tx) => {
			await tx.bot.update({ where: { id }, data: { characterRefUrl: stored.url, characterAnalysis: result.analysis as Prisma.InputJsonObject } });
			await recordUsage(tx, [result.usage], { botId: id });
		});
	} catch (error) {
		mapWriteError(error, bot.handle);
	}
	return {
		characterRefUrl: stored.url,
		characterAnalysis: result.analysis,
		provider: result.usage.provider,
		model: result.usage.model,
		costUsd: result.usage.costUsd
	};
}
