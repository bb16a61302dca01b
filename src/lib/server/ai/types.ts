// The generation engine's vocabulary: who is posting (BotContext), what each tier unlocks, how each
// art style is described to an image model, and the content decisions made before any provider is
// called (post type, video length). Leaf module: no providers, no database.
import { z } from 'zod';
import { personaDnaSchema, type PersonaDna } from '../../schemas/persona.ts';
import { ART_STYLES, BOT_TIERS, POST_TYPES, type ArtStyleName, type BotTierName } from '../../schemas/enums.ts';
import { weightedPick, type Rng } from './random.ts';

export type BotTier = BotTierName;
export type ArtStyle = ArtStyleName;
export type PostType = (typeof POST_TYPES)[number];

// ---------------------------------------------------------------------------------------------
// Character reference analysis: produced once by the vision model from the bot's reference image,
// stored on Bot.characterAnalysis and folded into every caption and image prompt.

export const characterAnalysisSchema = z.object({
	appearance: z.string().trim().min(1).max(600),
	palette: z.array(z.string().regex(/^#[0-9a-fA-F]{6}$/)).min(1).max(8),
	distinguishingFeatures: z.array(z.string().trim().min(1).max(160)).max(8),
	styleNotes: z.string().trim().min(1).max(400)
});
export type CharacterAnalysis = z.infer<typeof characterAnalysisSchema>;

/** The same shape as JSON Schema, in the subset OpenAI's strict structured output accepts. */
export const characterAnalysisJsonSchema = {
	type: 'object',
	additionalProperties: false,
	required: ['appearance', 'palette', 'distinguishingFeatures', 'styleNotes'],
	properties: {
		appearance: { type: 'string', description: 'What the character looks like: body, face, clothing, pose.' },
		palette: { type: 'array', items: { type: 'string', description: 'Hex colour like #aabbcc' }, description: 'Up to 8 dominant colours.' },
		distinguishingFeatures: { type: 'array', items: { type: 'string' }, description: 'Up to 8 features that make the character recognisable.' },
		styleNotes: { type: 'string', description: 'Rendering style to keep consistent across images.' }
	}
} as const;

// ---------------------------------------------------------------------------------------------
// Who is posting.

export interface BotContext {
	id: string;
	handle: string;
	name: string;
	bio: string;
	tier: BotTier;
	artStyle: ArtStyle;
	personaDna: PersonaDna;
	characterAnalysis: CharacterAnalysis | null;
	/** The bot's latest post types, most recent first (drives the mix in decidePostType). */
	recentPostTypes: PostType[];
}

export class InvalidBotError extends Error {
	override name = 'InvalidBotError';
}

/**
 * Builds a BotContext from a stored Bot row. Persona DNA is validated (a bot with unreadable DNA
 * cannot post, and the job should say why); a malformed character analysis is dropped instead,
 * because posting without it is still correct, just less consistent.
 */
export function toBotContext(
	bot: {
		id: string;
		handle: string;
		name: string;
		bio: string;
		tier: BotTier;
		artStyle: ArtStyle;
		personaDna: unknown;
		characterAnalysis?: unknown;
	},
	recentPostTypes: readonly PostType[] = []
): BotContext {
	const dna = personaDnaSchema.safeParse(bot.personaDna);
	if (!dna.success) {
		const problems = dna.error.issues.map((i) => `${i.path.join('.') || 'personaDna'}: ${i.message}`).join('; ');
		throw new InvalidBotError(`Bot @${bot.handle} has invalid persona DNA (${problems})`);
	}
	const analysis = bot.characterAnalysis == null ? null : characterAnalysisSchema.safeParse(bot.characterAnalysis);
	return {
		id: bot.id,
		handle: bot.handle,
		name: bot.name,
		bio: bot.bio,
		tier: bot.tier,
		artStyle: bot.artStyle,
		personaDna: dna.data,
		characterAnalysis: analysis?.success ? analysis.data : null,
		recentPostTypes: [...recentPostTypes]
	};
}

// ---------------------------------------------------------------------------------------------
// Tiers. BOT_TIERS is ordered lowest → highest and every capability is non-decreasing along it.
//
// Video starts at PULSE (the first paid tier), capped at 5-second clips and a small share of posts;
// NOVA and APEX unlock 10-second clips and post video more often. Trend-aware tags also start at
// PULSE. Image quality is the number of diffusion steps and the output size.

export interface TierCapabilities {
	tier: BotTier;
	/** Position in BOT_TIERS; compare ranks, never names. */
	rank: number;
	videoAllowed: boolean;
	trendAwareTags: boolean;
	/** Upper bound for Bot.postsPerDay. */
	maxPostsPerDay: number;
	/** 0 when video is not allowed. */
	maxVideoSeconds: number;
	/** Diffusion steps asked of the image model (Flux dev: 28 is its default). */
	imageSteps: number;
	/** Square image edge in pixels. */
	imageSize: number;
	/** Baseline share of posts that are video (before recent-mix and learned adjustments). */
	videoShare: number;
}

export const TIER_CAPABILITIES: Readonly<Record<BotTier, TierCapabilities>> = {
	SPARK: { tier: 'SPARK', rank: 0, videoAllowed: false, trendAwareTags: false, maxPostsPerDay: 2, maxVideoSeconds: 0, imageSteps: 20, imageSize: 768, videoShare: 0 },
	PULSE: { tier: 'PULSE', rank: 1, videoAllowed: true, trendAwareTags: true, maxPostsPerDay: 4, maxVideoSeconds: 5, imageSteps: 28, imageSize: 768, videoShare: 0.12 },
	NOVA: { tier: 'NOVA', rank: 2, videoAllowed: true, trendAwareTags: true, maxPostsPerDay: 8, maxVideoSeconds: 10, imageSteps: 36, imageSize: 1024, videoShare: 0.22 },
	APEX: { tier: 'APEX', rank: 3, videoAllowed: true, trendAwareTags: true, maxPostsPerDay: 24, maxVideoSeconds: 10, imageSteps: 50, imageSize: 1024, videoShare: 0.32 }
};

export const TIERS_IN_ORDER: readonly BotTier[] = BOT_TIERS;

export function tierCapabilities(tier: BotTier): TierCapabilities {
	const caps = TIER_CAPABILITIES[tier];
	if (!caps) throw new Error(`Unknown bot tier "${tier}"`);
	return caps;
}

export function tierRank(tier: BotTier): number {
	return tierCapabilities(tier).rank;
}

export function tierAtLeast(tier: BotTier, minimum: BotTier): boolean {
	return tierRank(tier) >= tierRank(minimum);
}

/** The schedule never exceeds what the tier pays for, and always posts at least once a day. */
export function clampPostsPerDay(tier: BotTier, requested: number): number {
	const cap = tierCapabilities(tier).maxPostsPerDay;
	if (!Number.isFinite(requested)) return 1;
	return Math.min(cap, Math.max(1, Math.round(requested)));
}

// ---------------------------------------------------------------------------------------------
// Art styles: the prompt fragment for image models, a motion cue for video models, a tag, and how
// much the style leans towards visual and moving posts.

export interface ArtStyleProfile {
	style: ArtStyle;
	label: string;
	/** Fragment placed first in every image prompt. */
	prompt: string;
	/** How things should move in an image-to-video clip. */
	motion: string;
	/** The tag a post in this style may carry. */
	tag: string;
	/** Share of non-video posts that carry an image (the rest are text-only). */
	imageShare: number;
	/** Multiplies the tier's video share: motion-friendly styles post more video. */
	videoAffinity: number;
}

export const ART_STYLE_PROFILES: Readonly<Record<ArtStyle, ArtStyleProfile>> = {
	REALISTIC: { style: 'REALISTIC', label: 'Realistic', prompt: 'photorealistic photograph, natural light, 35mm lens, shallow depth of field, true-to-life detail', motion: 'subtle handheld camera drift, natural movement', tag: 'photography', imageShare: 0.7, videoAffinity: 1 },
	ANIME: { style: 'ANIME', label: 'Anime', prompt: 'anime illustration, clean cel shading, expressive eyes, vibrant sky, key visual composition', motion: 'wind in hair and clothes, drifting petals, gentle parallax', tag: 'anime', imageShare: 0.8, videoAffinity: 1.3 },
	CARTOON: { style: 'CARTOON', label: 'Cartoon', prompt: 'bold cartoon, thick clean outlines, flat bright colours, playful exaggerated shapes', motion: 'bouncy squash-and-stretch animation', tag: 'cartoon', imageShare: 0.75, videoAffinity: 1.2 },
	WATERCOLOR: { style: 'WATERCOLOR', label: 'Watercolor', prompt: 'soft watercolor painting, wet-on-wet washes, visible paper texture, gentle colour bleeds', motion: 'slow drifting washes, light breeze, calm pacing', tag: 'watercolor', imageShare: 0.7, videoAffinity: 0.7 },
	PIXEL_ART: { style: 'PIXEL_ART', label: 'Pixel art', prompt: '16-bit pixel art, limited palette, crisp pixels, retro game scene, no anti-aliasing', motion: 'looping sprite animation, scrolling background', tag: 'pixelart', imageShare: 0.8, videoAffinity: 1.1 },
	CYBERPUNK: { style: 'CYBERPUNK', label: 'Cyberpunk', prompt: 'cyberpunk night scene, neon signs, rain-slick streets, holographic haze, high contrast', motion: 'flickering neon, falling rain, slow dolly forward', tag: 'cyberpunk', imageShare: 0.8, videoAffinity: 1.3 },
	OIL_PAINTING: { style: 'OIL_PAINTING', label: 'Oil painting', prompt: 'oil painting on canvas, thick impasto brush strokes, rich pigments, classical lighting', motion: 'slow push-in, flickering candlelight, painterly shimmer', tag: 'oilpainting', imageShare: 0.7, videoAffinity: 0.7 },
	MINIMALIST: { style: 'MINIMALIST', label: 'Minimalist', prompt: 'minimalist composition, generous negative space, a single subject, one accent colour, clean lines', motion: 'almost still, a single slow movement', tag: 'minimalism', imageShare: 0.55, videoAffinity: 0.6 },
	VAPORWAVE: { style: 'VAPORWAVE', label: 'Vaporwave', prompt: 'vaporwave aesthetic, pastel pink and cyan gradients, retro grid horizon, 90s mall nostalgia, chrome statues', motion: 'slow VHS drift, scanlines, sun sinking behind the grid', tag: 'vaporwave', imageShare: 0.8, videoAffinity: 1.2 },
	COMIC: { style: 'COMIC', label: 'Comic', prompt: 'comic book panel, bold ink lines, halftone shading, dynamic angle, speech-bubble energy', motion: 'punchy panel-to-panel motion, speed lines, impact frames', tag: 'comics', imageShare: 0.8, videoAffinity: 1.1 }
};

export const ALL_ART_STYLES: readonly ArtStyle[] = ART_STYLES;

export function artStyleProfile(style: ArtStyle): ArtStyleProfile {
	const profile = ART_STYLE_PROFILES[style];
	if (!profile) throw new Error(`Unknown art style "${style}"`);
	return profile;
}

// ---------------------------------------------------------------------------------------------
// Content decisions.

/** How many of the latest posts count as "recent" for the mix. */
export const RECENT_WINDOW = 6;

export interface PostTypeOptions {
	/**
	 * Learned multipliers per post type (from the learning loop: >1 = this bot's audience likes it).
	 * Clamped to [0.1, 10] so that no single signal can silence a type entirely (exploration).
	 */
	bias?: Partial<Record<PostType, number>>;
}

/**
 * The probability of each post type for this bot's next post:
 *  1. baseline: the tier's video share × the style's video affinity; the rest split between
 *     image and text by the style's image share;
 *  2. recent mix: each type is nudged towards its baseline share by (expected + k) / (observed + k)
 *     over the last RECENT_WINDOW posts, and a streak of the same type is damped by 0.5 per repeat,
 *     so feeds do not become monotonous;
 *  3. learned bias (optional) multiplies the result;
 *  4. capability gate: types the tier cannot make get zero.
 */
export function postTypeWeights(ctx: Pick<BotContext, 'tier' | 'artStyle' | 'recentPostTypes'>, options: PostTypeOptions = {}): Record<PostType, number> {
	const caps = tierCapabilities(ctx.tier);
	const style = artStyleProfile(ctx.artStyle);
	const video = caps.videoAllowed ? Math.min(0.6, caps.videoShare * style.videoAffinity) : 0;
	const baseline: Record<PostType, number> = {
		VIDEO: video,
		IMAGE: (1 - video) * style.imageShare,
		TEXT: (1 - video) * (1 - style.imageShare)
	};

	const recent = ctx.recentPostTypes.slice(0, RECENT_WINDOW);
	const weights = { ...baseline };
	if (recent.length > 0) {
		const k = 0.15;
		for (const type of POST_TYPES) {
			const observed = recent.filter((t) => t === type).length / recent.length;
			weights[type] *= (baseline[type] + k) / (observed + k);
		}
		let streak = 1;
		while (streak < recent.length && recent[streak] === recent[0]) streak++;
		if (streak >= 2) weights[recent[0]] *= Math.pow(0.5, streak - 1);
	}

	for (const type of POST_TYPES) {
		const factor = options.bias?.[type];
		if (factor !== undefined && Number.isFinite(factor)) weights[type] *= Math.min(10, Math.max(0.1, factor));
	}
	if (!caps.videoAllowed) weights.VIDEO = 0;

	const total = POST_TYPES.reduce((sum, t) => sum + weights[t], 0);
	return { TEXT: weights.TEXT / total, IMAGE: weights.IMAGE / total, VIDEO: weights.VIDEO / total };
}

export function decidePostType(ctx: Pick<BotContext, 'tier' | 'artStyle' | 'recentPostTypes'>, rng: Rng, options: PostTypeOptions = {}): PostType {
	const weights = postTypeWeights(ctx, options);
	return weightedPick(rng, POST_TYPES.map((t) => [t, weights[t]] as const));
}

// ---------------------------------------------------------------------------------------------
// What the caller hands generation from outside the engine. The engine never reads the social
// layer (learning loop, trends, reflections) itself: its caller samples or loads them and passes
// them in, so the dependency arrow points down (ARCHITECTURE.md §7).

/** The learning loop's draw for one post (social/learning-loop.ts `samplePostSteer`). */
export interface PostSteer {
	/** Multipliers per post type for decidePostType, or null when the bot has no history yet. */
	typeBias: Record<PostType, number> | null;
	/** Tags that have worked for this bot, added to the generated ones (at most two). */
	preferredTags: string[];
}

/** What an agent meant a post to be about (agent/decide.ts), carried by its GENERATE_POST job. */
export interface PostIntent {
	/** A subject, usually one of the persona's interests or a trending tag ("street food"). */
	topic: string | null;
	/** Why, in the bot's words ("my food posts do well"); real models read it, the local one ignores it. */
	note: string | null;
	/** Reflections (insights) the bot holds that bear on this post, newest first, at most three. */
	insights: string[];
	/**
	 * The generation seed the deciding cycle chose (agent/cycle.ts), so that a cycle's post can be
	 * replayed and a benchmark reproduced; without one the job id seeds it.
	 */
	seed?: string | null;
}

/** Lengths every video provider in the chain can produce (Kling and Runway take 5 or 10). */
export const VIDEO_DURATIONS = [5, 10] as const;

/** Longer tiers lean towards longer clips. */
const DURATION_WEIGHTS: Record<BotTier, Record<(typeof VIDEO_DURATIONS)[number], number>> = {
	SPARK: { 5: 0, 10: 0 },
	PULSE: { 5: 1, 10: 0 },
	NOVA: { 5: 0.6, 10: 0.4 },
	APEX: { 5: 0.35, 10: 0.65 }
};

export function pickVideoDuration(tier: BotTier, rng: Rng): number {
	const caps = tierCapabilities(tier);
	if (!caps.videoAllowed) throw new Error(`Tier ${tier} cannot post video`);
	const options = VIDEO_DURATIONS.filter((d) => d <= caps.maxVideoSeconds).map((d) => [d, DURATION_WEIGHTS[tier][d]] as const);
	return weightedPick(rng, options);
}
