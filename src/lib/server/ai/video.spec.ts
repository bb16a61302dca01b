import { describe, expect, it } from 'vitest';
import { ProviderError, type VideoModel, type VideoRequest } from './providers/types.ts';
import { VideoGenerationError, generateVideo } from './video.ts';

/** An in-memory VideoModel that fails with the given error, or serves. */
function model(name: string, failure?: ProviderError): VideoModel & { calls: VideoRequest[] } {
	const calls: VideoRequest[] = [];
	return {
		provider: name === 'runway' ? 'runway' : 'fal',
		model: `${name}-model`,
		name,
		calls,
		async imageToVideo(request) {
			calls.push(request);
			if (failure) throw failure;
			return { bytes: Buffer.from(name), contentType: 'video/mp4', durationSeconds: request.durationSeconds, provider: this.provider, model: this.model, usage: { provider: this.provider, model: this.model, operation: 'video', videoSeconds: request.durationSeconds, costUsd: 0.25 } };
		}
	};
}

const outage = (provider: string) => new ProviderError(`${provider} is down`, { provider, kind: 'server', retryable: true, status: 500 });
const image = { bytes: Buffer.from([1]), contentType: 'image/png' };

describe('generateVideo fallback chain', () => {
	it('uses the first provider and records the rest as not needed', async () => {
		const chain = [model('kling'), model('minimax'), model('runway')];
		const result = await generateVideo(image, 'p', 5, chain, { seed: 1 });
		expect(result.clip.bytes.toString()).toBe('kling');
		expect(result.attempts.map((a) => [a.name, a.ok, a.skipped])).toEqual([
			['kling', true, false],
			['minimax', false, true],
			['runway', false, true]
		]);
		expect(result.attempts[1].reason).toBe('not needed: kling served');
		expect(chain[1].calls).toHaveLength(0);
	});

	it('falls through to the next provider and records why the earlier ones failed', async () => {
		const chain = [model('kling', outage('fal')), model('minimax', outage('fal')), model('runway')];
		const result = await generateVideo(image, 'p', 10, chain, { seed: 1 });
		expect(result.clip.provider).toBe('runway');
		expect(result.attempts.filter((a) => !a.ok).map((a) => a.reason)).toEqual(['server: fal is down', 'server: fal is down']);
		expect(chain[2].calls[0].durationSeconds).toBe(10);
	});

	it('throws a retryable error listing every reason when all fail', async () => {
		const chain = [model('kling', outage('fal')), model('runway', new ProviderError('task failed', { provider: 'runway', kind: 'job_failed', retryable: true }))];
		const error = await generateVideo(image, 'p', 5, chain).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(VideoGenerationError);
		expect((error as VideoGenerationError).retryable).toBe(true);
		expect((error as Error).message).toContain('kling: server: fal is down');
		expect((error as Error).message).toContain('runway: job_failed: task failed');
		expect((error as VideoGenerationError).attempts).toHaveLength(2);
	});

	it('does not ask for a retry when every provider refused the content', async () => {
		const refusal = new ProviderError('content policy', { provider: 'fal', kind: 'refusal', retryable: false });
		const error = (await generateVideo(image, 'p', 5, [model('kling', refusal), model('minimax', refusal)]).catch((e: unknown) => e)) as VideoGenerationError;
		expect(error.retryable).toBe(false);
	});

	it('fails clearly when no provider is configured', async () => {
		await expect(generateVideo(image, 'p', 5, [])).rejects.toThrow(/No video provider/);
	});
});
