// OpenAI through the official SDK: text and vision (text.ts), embeddings (embedding.ts),
// moderation (moderation.ts), the client and its error mapping (client.ts), prices (prices.ts).
export { OPENAI_PROVIDER, createOpenAiClient, fetchWithoutQuotaRetries, toOpenAiError, type OpenAiOptions } from './client.ts';
export { estimateOpenAiCost, estimateOpenAiEmbeddingCost } from './prices.ts';
export { OpenAiTextModel } from './text.ts';
export { OpenAiEmbeddingModel } from './embedding.ts';
export { OpenAiModerator, moderationScoresProblem } from './moderation.ts';
