// Chooses a client per capability from the keys that are set; anything without a key runs locally.
//   text, vision, moderation: OpenAI (or an OpenAI-compatible server) when OPENAI_API_KEY is set
//   image:                    fal.ai Flux when FAL_KEY is set
//   video chain:              Kling → Minimax (FAL_KEY) → Runway (RUNWAYML_API_SECRET); local if none
import { z } from 'zod';
import { FalImageModel, FalVideoModel, FAL_MODELS, createFalClientFor, type FalOptions } from './providers/fal.ts';
import { LocalEmbeddingModel, LocalImageModel, LocalModerator, LocalTextModel, LocalVideoModel } from './providers/local/index.ts';
import { OpenAiEmbeddingModel, OpenAiModerator, OpenAiTextModel, createOpenAiClient } from './providers/openai/index.ts';
import { RunwayVideoModel } from './providers/runway.ts';
import type { EmbeddingModel, ImageModel, Moderator, ProviderSet, TextModel, VideoModel } from './providers/types.ts';

const optionalText = z
	.string()
	.optional()
	.transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const optionalUrl = optionalText.pipe(z.url().optional());

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export const ProviderEnvSchema = z.object({
	OPENAI_API_KEY: optionalText,
	/** OpenAI-compatible server, e.g. http://localhost:11434/v1 for Ollama. */
	OPENAI_BASE_URL: optionalUrl,
	OPENAI_MODEL: z.string().trim().min(1).default('gpt-4o-mini'),
	/** Model for reference-image analysis; defaults to OPENAI_MODEL (which must then accept images). */
	OPENAI_VISION_MODEL: optionalText,
	OPENAI_MODERATION_MODEL: z.string().trim().min(1).default('omni-moderation-latest'),
	/** `local` keeps moderation offline, e.g. for servers without /moderations such as Ollama. */
	RUDO_MODERATION_PROVIDER: z.enum(['auto', 'openai', 'local']).default('auto'),
	/** Embeddings for the agent's memory retrieval. */
	OPENAI_EMBEDDING_MODEL: z.string().trim().min(1).default('text-embedding-3-small'),
	/** Vector length asked of text-embedding-3 models (they shorten on the server). */
	OPENAI_EMBEDDING_DIMENSIONS: z.coerce.number().int().min(16).max(3072).default(256),
	/** `local` keeps embeddings offline, e.g. for a compatible server without /embeddings. */
	RUDO_EMBEDDING_PROVIDER: z.enum(['auto', 'openai', 'local']).default('auto'),
	FAL_KEY: optionalText,
	FAL_BASE_URL: optionalUrl,
	FAL_IMAGE_MODEL: z.string().trim().min(1).default(FAL_MODELS.flux),
	FAL_KLING_MODEL: z.string().trim().min(1).default(FAL_MODELS.kling),
	FAL_MINIMAX_MODEL: z.string().trim().min(1).default(FAL_MODELS.minimax),
	FAL_POLL_INTERVAL_MS: positiveInt(1000),
	RUNWAYML_API_SECRET: optionalText,
	RUNWAY_BASE_URL: optionalUrl,
	RUNWAY_MODEL: z.enum(['gen4_turbo', 'gen4.5']).default('gen4_turbo'),
	RUNWAY_POLL_INTERVAL_MS: positiveInt(5000),
	/** Each HTTP request to a provider. */
	AI_REQUEST_TIMEOUT_MS: positiveInt(60_000),
	/** A whole video job (queue + generation). */
	AI_VIDEO_TIMEOUT_MS: positiveInt(10 * 60_000),
	/** SDK retries on 429/5xx/connection errors. */
	AI_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2)
});

export type ProviderEnv = z.infer<typeof ProviderEnvSchema>;

export class ProviderConfigError extends Error {
	override name = 'ProviderConfigError';
}

export function readProviderEnv(source: Record<string, string | undefined> = process.env): ProviderEnv {
	const parsed = ProviderEnvSchema.safeParse(source);
	if (!parsed.success) {
		const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
		throw new ProviderConfigError(`Invalid AI provider configuration:\n${lines.join('\n')}`);
	}
	return parsed.data;
}

/**
 * Builds the provider set. `env` defaults to process.env; pass a record (or a parsed ProviderEnv) to
 * configure explicitly, e.g. in tests against the simulator.
 */
export function createProviders(env: Record<string, string | undefined> | ProviderEnv = process.env): ProviderSet {
	const config = readProviderEnv(env as Record<string, string | undefined>);
	const local = { text: new LocalTextModel(), image: new LocalImageModel(), video: new LocalVideoModel(), moderator: new LocalModerator(), embedding: new LocalEmbeddingModel() };

	let text: TextModel = local.text;
	let vision: TextModel = local.text;
	let moderator: Moderator = local.moderator;
	let embedding: EmbeddingModel = local.embedding;
	if (config.OPENAI_API_KEY) {
		const client = createOpenAiClient({ apiKey: config.OPENAI_API_KEY, baseURL: config.OPENAI_BASE_URL, timeoutMs: config.AI_REQUEST_TIMEOUT_MS, maxRetries: config.AI_MAX_RETRIES });
		const base = { apiKey: config.OPENAI_API_KEY, baseURL: config.OPENAI_BASE_URL, timeoutMs: config.AI_REQUEST_TIMEOUT_MS, maxRetries: config.AI_MAX_RETRIES };
		text = new OpenAiTextModel({ ...base, model: config.OPENAI_MODEL }, client);
		vision = new OpenAiTextModel({ ...base, model: config.OPENAI_VISION_MODEL ?? config.OPENAI_MODEL }, client);
		if (config.RUDO_MODERATION_PROVIDER !== 'local') moderator = new OpenAiModerator({ ...base, model: config.OPENAI_MODERATION_MODEL }, client);
		if (config.RUDO_EMBEDDING_PROVIDER !== 'local') embedding = new OpenAiEmbeddingModel({ ...base, model: config.OPENAI_EMBEDDING_MODEL, dimensions: config.OPENAI_EMBEDDING_DIMENSIONS }, client);
	} else if (config.RUDO_MODERATION_PROVIDER === 'openai') {
		throw new ProviderConfigError('RUDO_MODERATION_PROVIDER=openai needs OPENAI_API_KEY');
	} else if (config.RUDO_EMBEDDING_PROVIDER === 'openai') {
		throw new ProviderConfigError('RUDO_EMBEDDING_PROVIDER=openai needs OPENAI_API_KEY');
	}

	let image: ImageModel = local.image;
	const videoChain: VideoModel[] = [];
	if (config.FAL_KEY) {
		const falOptions: FalOptions = {
			credentials: config.FAL_KEY,
			baseUrl: config.FAL_BASE_URL,
			pollIntervalMs: config.FAL_POLL_INTERVAL_MS,
			jobTimeoutMs: config.AI_VIDEO_TIMEOUT_MS,
			requestTimeoutMs: config.AI_REQUEST_TIMEOUT_MS
		};
		const client = createFalClientFor(falOptions);
		image = new FalImageModel({ ...falOptions, model: config.FAL_IMAGE_MODEL }, client);
		videoChain.push(new FalVideoModel('kling', { ...falOptions, model: config.FAL_KLING_MODEL }, client));
		videoChain.push(new FalVideoModel('minimax', { ...falOptions, model: config.FAL_MINIMAX_MODEL }, client));
	}
	if (config.RUNWAYML_API_SECRET) {
		videoChain.push(
			new RunwayVideoModel({
				apiKey: config.RUNWAYML_API_SECRET,
				baseURL: config.RUNWAY_BASE_URL,
				model: config.RUNWAY_MODEL,
				requestTimeoutMs: config.AI_REQUEST_TIMEOUT_MS,
				maxRetries: config.AI_MAX_RETRIES,
				pollIntervalMs: config.RUNWAY_POLL_INTERVAL_MS,
				taskTimeoutMs: config.AI_VIDEO_TIMEOUT_MS
			})
		);
	}
	if (videoChain.length === 0) videoChain.push(local.video);

	const name = (p: { provider: string; model: string }) => `${p.provider}:${p.model}`;
	return {
		text,
		vision,
		image,
		videoChain,
		moderator,
		embedding,
		summary: {
			text: name(text),
			vision: name(vision),
			image: name(image),
			video: videoChain.map((v) => `${v.provider}:${v.name}`).join(' → '),
			moderation: name(moderator),
			embedding: name(embedding)
		}
	};
}

let shared: ProviderSet | undefined;

/** The process-wide provider set, built from process.env on first use. */
export function getProviders(): ProviderSet {
	shared ??= createProviders();
	return shared;
}

/** Tests and launch scripts that change process.env can rebuild the set. */
export function resetProviders(): void {
	shared = undefined;
}
