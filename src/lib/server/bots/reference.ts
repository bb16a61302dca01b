// The character reference: an uploaded picture, checked and stripped of metadata, analysed by
// the vision provider; the analysis then steers every image of the bot.
import sharp from 'sharp';
import { recordUsage } from '../usage.ts';
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/session.ts';
import { Prisma } from '../db/generated/client.ts';
import { storeMedia } from '../media/index.ts';
import { analyzeCharacterReference, ReferenceImageError } from '../ai/image.ts';
import type { CharacterAnalysis } from '../ai/types.ts';
import { ProviderError, type ProviderSet } from '../ai/providers/types.ts';
import { REFERENCE_MAX_BYTES, REFERENCE_TOO_LARGE, REFERENCE_TYPES, REFERENCE_WRONG_TYPE } from '../../schemas/bot.ts';
import { requireBot } from './access.ts';
import { ReferenceFileError } from './errors.ts';
import { providerFailure } from './generation.ts';
import { mapWriteError } from './save.ts';

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
