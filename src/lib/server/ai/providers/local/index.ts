// The offline provider set: what Rudo uses when no API keys are configured. Everything here is
// deterministic for a given bot and seed, runs on this machine, and costs nothing. One file per
// capability: text.ts (captions, tags, comments), analysis.ts (reference images), image.ts,
// video.ts, moderation.ts.
import { LocalImageModel } from './image.ts';
import { LocalModerator } from './moderation.ts';
import { LocalTextModel } from './text.ts';
import { LocalVideoModel } from './video.ts';
import { LocalEmbeddingModel } from './embedding.ts';

export { LOCAL_PROVIDER } from './shared.ts';
export { colourName } from './colour.ts';
export { LocalTextModel } from './text.ts';
export { LocalImageModel, buildLocalSvg } from './image.ts';
export { LocalVideoModel } from './video.ts';
export { LocalModerator, normaliseForModeration, scoreText } from './moderation.ts';
export { LocalEmbeddingModel, localEmbedding, LOCAL_EMBEDDING_DIMENSIONS } from './embedding.ts';

/** The whole offline set. */
export function createLocalProviders() {
	return {
		text: new LocalTextModel(),
		image: new LocalImageModel(),
		video: new LocalVideoModel(),
		moderator: new LocalModerator(),
		embedding: new LocalEmbeddingModel()
	};
}
