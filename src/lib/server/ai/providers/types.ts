// The four small interfaces every provider implements (real, local, or the test simulator through
// the real SDKs). Each call returns exactly one UsageRecord so the caller can write one ledger row.
import type { z } from 'zod';
import type { ArtStyle, BotContext, PostType } from '../types.ts';
import type { DecisionSituation, ImportanceItem, ReflectionMemory } from '../mind-tasks.ts';
import type { UsageOperation, UsageRecord } from './usage.ts';

// One import path for adapters and callers: the usage record, the error class and media helpers
// live in their own files and are re-exported here.
export * from './usage.ts';
export * from './errors.ts';
export * from './media-io.ts';

// ---------------------------------------------------------------------------------------------
// Text (and vision): structured JSON out.

/**
 * What a request is for, in structured form. Real models read the prose prompts; the local model
 * cannot, so it composes its answer from this instead. Both are validated by the same zod schema.
 */
export type TextTask =
	| { kind: 'caption'; bot: BotContext; postType: PostType; seed: string; recentCaptions?: string[]; topic?: string | null }
	| { kind: 'tags'; bot: BotContext; caption: string; trends: string[]; seed: string }
	| { kind: 'comment'; bot: BotContext; targetCaption: string; targetName: string; seed: string }
	| { kind: 'decision'; bot: BotContext; situation: DecisionSituation; seed: string }
	| { kind: 'importance'; bot: BotContext; items: ImportanceItem[] }
	| { kind: 'reflection-questions'; bot: BotContext; memories: ReflectionMemory[] }
	| { kind: 'reflection-insights'; bot: BotContext; question: string; memories: ReflectionMemory[] }
	| { kind: 'character-analysis'; image: { bytes: Buffer; contentType: string } };

export interface JsonRequest<T> {
	operation: UsageOperation;
	system: string;
	user: string;
	/** Name of the response format (a-z, 0-9, _ and -, at most 64 characters). */
	schemaName: string;
	/** JSON Schema in the strict structured-output subset (all properties required, no extras). */
	jsonSchema: Record<string, unknown>;
	/** Validates what comes back; a mismatch counts as malformed output. */
	schema: z.ZodType<T>;
	/** Image inputs (https or data: URLs) for vision requests. */
	images?: string[];
	task: TextTask;
	temperature?: number;
	maxOutputTokens?: number;
	signal?: AbortSignal;
}

export interface JsonResult<T> {
	value: T;
	usage: UsageRecord;
}

export interface TextModel {
	readonly provider: string;
	readonly model: string;
	/** False when the model cannot look at images (then character analysis falls back to local). */
	readonly supportsImages: boolean;
	generateJson<T>(request: JsonRequest<T>): Promise<JsonResult<T>>;
}

// ---------------------------------------------------------------------------------------------
// Embeddings: text → vector, for the agent's memory retrieval (relevance = cosine similarity).

export interface EmbeddingResult {
	/** One L2-normalised vector per input, in order. */
	vectors: Float32Array[];
	usage: UsageRecord;
}

export interface EmbeddingModel {
	readonly provider: string;
	readonly model: string;
	/** Length of every vector this model returns. */
	readonly dimensions: number;
	embed(texts: readonly string[], options?: { signal?: AbortSignal }): Promise<EmbeddingResult>;
}

/** Scales a vector to length 1 (a zero vector stays zero). */
export function normaliseVector(v: Float32Array): Float32Array {
	let sum = 0;
	for (let i = 0; i < v.length; i++) sum += v[i] * v[i];
	const norm = Math.sqrt(sum);
	if (norm > 0) for (let i = 0; i < v.length; i++) v[i] /= norm;
	return v;
}

// ---------------------------------------------------------------------------------------------
// Images.

export interface ImageRequest {
	prompt: string;
	style: ArtStyle;
	palette: string[];
	seed: number;
	width: number;
	height: number;
	/** Diffusion steps (tier quality); providers that have no such knob ignore it. */
	steps?: number;
	/** Public https URL of a reference image to stay close to (image-to-image where supported). */
	referenceImageUrl?: string;
	/** Avatars are framed as a portrait; posts as a scene. */
	subject?: 'post' | 'avatar';
	/**
	 * What the image should show, in a few words ("dumpling at the noodle stall"): the caption's
	 * hook. Real models read it in the prompt; the local renderer draws it.
	 */
	scene?: string;
	/** The caption, for renderers that pick their subject from it when no scene is given. */
	caption?: string;
	/** The bot's character reference, for renderers that draw the character themselves. */
	character?: { palette: string[]; features: string[] };
	signal?: AbortSignal;
}

/** What a renderer reports it drew (the local renderer does; real models do not know). */
export interface ImageDepiction {
	/** The subject it drew, as words ("dumpling"). */
	subject: string;
	/** The drawing used for it ("bowl"). */
	motif: string;
	/** Character-reference features it drew ("teal scarf"). */
	features: string[];
}

export interface ImageResult {
	bytes: Buffer;
	contentType: string;
	width: number;
	height: number;
	usage: UsageRecord;
	depicts?: ImageDepiction;
}

export interface ImageModel {
	readonly provider: string;
	readonly model: string;
	generateImage(request: ImageRequest): Promise<ImageResult>;
}

// ---------------------------------------------------------------------------------------------
// Video: image-to-video.

/** The still a clip starts from. Bytes are always usable; an https URL saves an upload. */
export interface VideoImageInput {
	bytes?: Buffer;
	contentType?: string;
	url?: string;
}

export interface VideoRequest {
	image: VideoImageInput;
	prompt: string;
	durationSeconds: number;
	seed: number;
	style?: ArtStyle;
	palette?: string[];
	signal?: AbortSignal;
}

export interface VideoResult {
	/** Always downloaded: provider URLs expire (Runway: 24–48 h). */
	bytes: Buffer;
	contentType: string;
	/** What the provider actually produced (Minimax makes ~6 s whatever was asked). */
	durationSeconds: number;
	provider: string;
	model: string;
	/** Where the provider served it from, for the record. */
	sourceUrl?: string;
	usage: UsageRecord;
}

export interface VideoModel {
	readonly provider: string;
	readonly model: string;
	/** Short name used in attempt logs and errors: "kling", "minimax", "runway", "local". */
	readonly name: string;
	imageToVideo(request: VideoRequest): Promise<VideoResult>;
}

// ---------------------------------------------------------------------------------------------
// Moderation.

/** OpenAI's omni-moderation categories; the local moderator scores the same names. */
export const MODERATION_CATEGORIES = [
	'harassment',
	'harassment/threatening',
	'hate',
	'hate/threatening',
	'illicit',
	'illicit/violent',
	'self-harm',
	'self-harm/intent',
	'self-harm/instructions',
	'sexual',
	'sexual/minors',
	'violence',
	'violence/graphic'
] as const;
export type ModerationCategory = (typeof MODERATION_CATEGORIES)[number];

export interface ModerationRequest {
	text: string;
	/** https or data: URL of an image to check alongside the text. */
	imageUrl?: string;
	signal?: AbortSignal;
}

export interface ModerationResult {
	/** 0..1 per category; categories the model does not report are absent. */
	scores: Partial<Record<ModerationCategory, number>>;
	/** The provider's own verdict (thresholds in moderation.ts decide what Rudo does). */
	flagged: boolean;
	/** Whether the image was actually examined (the local moderator reads text only). */
	imageChecked: boolean;
	usage: UsageRecord;
}

export interface Moderator {
	readonly provider: string;
	readonly model: string;
	moderate(request: ModerationRequest): Promise<ModerationResult>;
}

// ---------------------------------------------------------------------------------------------

/** The clients chosen for this process (see providers.ts). */
export interface ProviderSet {
	text: TextModel;
	vision: TextModel;
	image: ImageModel;
	/** Tried in order; the first to succeed serves the clip. */
	videoChain: VideoModel[];
	moderator: Moderator;
	/** Vectors for memory retrieval (OpenAI embeddings, or the local hashed vectors). */
	embedding: EmbeddingModel;
	/** Which provider serves each capability, e.g. { text: 'openai:gpt-4o-mini', video: 'fal:kling → runway:gen4_turbo' }. */
	summary: Record<'text' | 'vision' | 'image' | 'video' | 'moderation' | 'embedding', string>;
}
