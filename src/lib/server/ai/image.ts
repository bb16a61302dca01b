// Images in the bot's art style and character: post images, avatars, and the one-off analysis of a
// character reference image whose result is stored on the bot and folded into every later prompt.
import sharp from 'sharp';
import { readMedia } from '../media/index.ts';
import { buildCharacterContext, stripEmoji } from './caption.ts';
import { numericSeed } from './random.ts';
import { artStyleProfile, characterAnalysisJsonSchema, characterAnalysisSchema, tierCapabilities, type BotContext, type CharacterAnalysis } from './types.ts';
import { ProviderError, toDataUrl, type ImageDepiction, type ImageRequest, type ProviderSet, type UsageRecord } from './providers/types.ts';
import { truncateText } from '../../text/safe-text.ts';

const NO_TEXT = 'No text, letters, captions, watermarks or logos in the image.';

function describePalette(palette: readonly string[]): string {
	return palette.join(', ');
}

/** Style first (models weigh the start of a prompt most), then the scene, character and palette. */
export function buildImagePrompt(ctx: BotContext, caption: string, options: { hook?: string; mood?: string } = {}): string {
	const style = artStyleProfile(ctx.artStyle);
	const post = truncateText(stripEmoji(caption).replace(/\s+/g, ' '), 240);
	const parts = [
		`${style.prompt}.`,
		options.hook ? `Scene: ${stripEmoji(options.hook)}.` : '',
		`Inspired by the post: "${post}".`,
		options.mood ? `Mood: ${options.mood}.` : '',
		buildCharacterContext(ctx.characterAnalysis),
		`Colour palette: ${describePalette(ctx.personaDna.palette)}.`,
		NO_TEXT
	];
	return parts.filter(Boolean).join(' ');
}

export function buildAvatarPrompt(ctx: BotContext): string {
	const style = artStyleProfile(ctx.artStyle);
	const dna = ctx.personaDna;
	return [
		`${style.prompt}.`,
		`Profile picture: a head-and-shoulders portrait of ${ctx.name}, centred, facing the viewer, simple background.`,
		`Personality: ${dna.traits.join(', ')}. Into ${dna.interests.slice(0, 3).join(', ')}.`,
		buildCharacterContext(ctx.characterAnalysis),
		`Colour palette: ${describePalette(dna.palette)}.`,
		NO_TEXT
	]
		.filter(Boolean)
		.join(' ');
}

export interface GeneratedImage {
	bytes: Buffer;
	contentType: string;
	width: number;
	height: number;
	prompt: string;
	seed: number;
	provider: string;
	model: string;
	usage: UsageRecord;
	/** What the renderer says it drew, when it can say (the local renderer). */
	depicts?: ImageDepiction;
}

/**
 * The image request for a post: the tier's size and quality, a per-bot seed, the prompt, and the
 * structured parts a renderer can draw from directly (the hook as the scene, the caption, the
 * character reference's palette and features). `size` overrides the tier's edge (the content
 * report renders small).
 */
export function postImageRequest(ctx: BotContext, caption: string, options: { seed: string; hook?: string; mood?: string; size?: number; signal?: AbortSignal }): ImageRequest {
	const caps = tierCapabilities(ctx.tier);
	const size = options.size ?? caps.imageSize;
	return {
		prompt: buildImagePrompt(ctx, caption, options),
		style: ctx.artStyle,
		palette: ctx.personaDna.palette,
		seed: numericSeed(ctx.id, options.seed, 'image'),
		width: size,
		height: size,
		steps: caps.imageSteps,
		subject: 'post',
		scene: options.hook ? stripEmoji(options.hook) : undefined,
		caption: stripEmoji(caption),
		character: ctx.characterAnalysis ? { palette: ctx.characterAnalysis.palette, features: ctx.characterAnalysis.distinguishingFeatures } : undefined,
		signal: options.signal
	};
}

export async function generatePostImage(
	ctx: BotContext,
	caption: string,
	providers: Pick<ProviderSet, 'image'>,
	options: { seed: string; hook?: string; mood?: string; signal?: AbortSignal }
): Promise<GeneratedImage> {
	const request = postImageRequest(ctx, caption, options);
	const result = await providers.image.generateImage(request);
	return { ...result, prompt: request.prompt, seed: request.seed, provider: providers.image.provider, model: providers.image.model };
}

/** Avatars are always 512×512: they are shown small, and every tier gets the same. */
export async function generateAvatar(ctx: BotContext, providers: Pick<ProviderSet, 'image'>, options: { seed: string; signal?: AbortSignal }): Promise<GeneratedImage> {
	const prompt = buildAvatarPrompt(ctx);
	const seed = numericSeed(ctx.id, options.seed, 'avatar');
	const result = await providers.image.generateImage({
		prompt,
		style: ctx.artStyle,
		palette: ctx.personaDna.palette,
		seed,
		width: 512,
		height: 512,
		steps: tierCapabilities(ctx.tier).imageSteps,
		subject: 'avatar',
		character: ctx.characterAnalysis ? { palette: ctx.characterAnalysis.palette, features: ctx.characterAnalysis.distinguishingFeatures } : undefined,
		signal: options.signal
	});
	return { ...result, prompt, seed, provider: providers.image.provider, model: providers.image.model };
}

// ---------------------------------------------------------------------------------------------
// Character reference analysis.

export class ReferenceImageError extends Error {
	override name = 'ReferenceImageError';
}

const MAX_REFERENCE_BYTES = 15 * 1024 * 1024;

export type ReferenceImage = Buffer | { bytes: Buffer; contentType?: string } | string;

/** Loads a reference from bytes, a data: URL, a stored /media/ URL, or an http(s) URL. */
async function loadReference(image: ReferenceImage, signal?: AbortSignal): Promise<Buffer> {
	if (Buffer.isBuffer(image)) return image;
	if (typeof image !== 'string') return image.bytes;
	if (image.startsWith('data:')) {
		const match = /^data:[^;,]+;base64,(.*)$/s.exec(image);
		if (!match) throw new ReferenceImageError('Only base64 data: URLs are supported for reference images');
		return Buffer.from(match[1], 'base64');
	}
	if (image.startsWith('/media/')) return (await readMedia(image)).bytes;
	if (/^https?:\/\//.test(image)) {
		const timeout = AbortSignal.timeout(20_000);
		const response = await fetch(image, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout }).catch((error: unknown) => {
			throw new ReferenceImageError(`Could not download the reference image: ${(error as Error).message}`);
		});
		if (!response.ok) throw new ReferenceImageError(`Could not download the reference image: HTTP ${response.status}`);
		const declared = Number(response.headers.get('content-length') ?? 0);
		if (declared > MAX_REFERENCE_BYTES) throw new ReferenceImageError('The reference image is larger than 15 MB');
		const bytes = Buffer.from(await response.arrayBuffer());
		if (bytes.length > MAX_REFERENCE_BYTES) throw new ReferenceImageError('The reference image is larger than 15 MB');
		return bytes;
	}
	throw new ReferenceImageError('A reference image must be bytes, a data: URL, a /media/ URL or an http(s) URL');
}

export const CHARACTER_ANALYSIS_SYSTEM = 'You describe characters in reference images for an illustrator, precisely and neutrally. Describe only what is visible.';
export const CHARACTER_ANALYSIS_PROMPT =
	'Describe the character in this image so that an image model can draw it consistently in new scenes. Return JSON with: appearance (body, face, hair, clothing, pose), palette (up to 8 dominant colours as #rrggbb hex), distinguishingFeatures (up to 8 short phrases), styleNotes (how it is rendered).';

/**
 * Runs the vision model over a reference image. The image is validated and downscaled to at most
 * 1024 px first (fewer tokens, and a corrupt upload fails here with a clear message).
 */
export async function analyzeCharacterReference(
	image: ReferenceImage,
	providers: Pick<ProviderSet, 'vision'>,
	options: { signal?: AbortSignal } = {}
): Promise<{ analysis: CharacterAnalysis; usage: UsageRecord }> {
	const original = await loadReference(image, options.signal);
	let prepared: Buffer;
	try {
		prepared = await sharp(original, { failOn: 'error' })
			.rotate()
			.resize(1024, 1024, { fit: 'inside', withoutEnlargement: true })
			.png()
			.toBuffer();
	} catch (error) {
		throw new ReferenceImageError(`The reference is not a readable image: ${(error as Error).message}`);
	}
	if (!providers.vision.supportsImages) {
		throw new ProviderError(`${providers.vision.provider}:${providers.vision.model} cannot read images`, { provider: providers.vision.provider, model: providers.vision.model, kind: 'unsupported', retryable: false });
	}
	const { value, usage } = await providers.vision.generateJson({
		operation: 'vision',
		system: CHARACTER_ANALYSIS_SYSTEM,
		user: CHARACTER_ANALYSIS_PROMPT,
		schemaName: 'rudo_character_analysis',
		jsonSchema: characterAnalysisJsonSchema,
		schema: characterAnalysisSchema,
		images: [toDataUrl(prepared, 'image/png')],
		task: { kind: 'character-analysis', image: { bytes: prepared, contentType: 'image/png' } },
		temperature: 0.2,
		maxOutputTokens: 600,
		signal: options.signal
	});
	return { analysis: { ...value, palette: value.palette.map((c) => c.toLowerCase()) }, usage };
}
