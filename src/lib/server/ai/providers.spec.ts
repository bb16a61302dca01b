import { describe, expect, it } from 'vitest';
import { ProviderConfigError, createProviders, readProviderEnv } from './providers.ts';

describe('createProviders', () => {
	it('runs fully local with no keys', () => {
		const set = createProviders({});
		expect(set.summary).toEqual({
			text: 'local:rudo-local-text-1',
			vision: 'local:rudo-local-text-1',
			image: 'local:rudo-local-svg-1',
			video: 'local:local',
			moderation: 'local:rudo-local-wordlists-1',
			embedding: 'local:rudo-local-embed-1'
		});
	});

	it('chooses each capability by the keys that are set, video in Kling → Minimax → Runway order', () => {
		const set = createProviders({ OPENAI_API_KEY: 'k', FAL_KEY: 'f', RUNWAYML_API_SECRET: 'r', OPENAI_MODEL: 'gpt-4.1-mini' });
		expect(set.summary.text).toBe('openai:gpt-4.1-mini');
		expect(set.summary.moderation).toBe('openai:omni-moderation-latest');
		expect(set.summary.image).toBe('fal:fal-ai/flux/dev');
		expect(set.summary.embedding).toBe('openai:text-embedding-3-small');
		expect(set.videoChain.map((v) => v.name)).toEqual(['kling', 'minimax', 'runway']);
	});

	it('mixes real and local: Runway only, local images and text', () => {
		const set = createProviders({ RUNWAYML_API_SECRET: 'r' });
		expect(set.videoChain.map((v) => v.name)).toEqual(['runway']);
		expect(set.image.provider).toBe('local');
		expect(set.text.provider).toBe('local');
	});

	it('keeps moderation local on request (e.g. Ollama has no /moderations)', () => {
		const set = createProviders({ OPENAI_API_KEY: 'ollama', OPENAI_BASE_URL: 'http://localhost:11434/v1', RUDO_MODERATION_PROVIDER: 'local' });
		expect(set.text.provider).toBe('openai');
		expect(set.moderator.provider).toBe('local');
		// Embeddings too, for servers without /embeddings; and asking for OpenAI ones needs a key.
		expect(createProviders({ OPENAI_API_KEY: 'ollama', OPENAI_BASE_URL: 'http://localhost:11434/v1', RUDO_EMBEDDING_PROVIDER: 'local' }).embedding.provider).toBe('local');
		expect(() => createProviders({ RUDO_EMBEDDING_PROVIDER: 'openai' })).toThrow(/needs OPENAI_API_KEY/);
	});

	it('treats empty keys as unset and rejects malformed settings clearly', () => {
		expect(createProviders({ OPENAI_API_KEY: '  ', FAL_KEY: '' }).summary.text).toBe('local:rudo-local-text-1');
		expect(() => readProviderEnv({ OPENAI_BASE_URL: 'not a url' })).toThrow(ProviderConfigError);
		expect(() => readProviderEnv({ AI_REQUEST_TIMEOUT_MS: '-5' })).toThrow(/AI_REQUEST_TIMEOUT_MS/);
	});
});
