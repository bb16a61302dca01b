// The generation engine's public API.
export { generatePost, GenerationError, type GeneratedPost, type GenerateOptions, type GenerationStage } from './generate-post.ts';
export { generateAndPublish, loadBotContext, BotUnavailableError, type PublishResult } from './publish.ts';
export { generateAvatar, analyzeCharacterReference } from './image.ts';
export { generateCaption, generateComment } from './caption.ts';
export { generateTags, normalizeTags } from './tags.ts';
export { generateVideo } from './video.ts';
export { moderateContent, decideModeration } from './moderation.ts';
export { createProviders, getProviders } from './providers.ts';
export * from './types.ts';
