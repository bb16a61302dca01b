// Offline video: a slow zoom and drift over the post's image, as an animated WebP.
import sharp from 'sharp';
import { mulberry32 } from '../../random.ts';
import { ProviderError, resolveImageBytes, type VideoModel, type VideoRequest, type VideoResult } from '../types.ts';
import { LOCAL_PROVIDER } from './shared.ts';

export class LocalVideoModel implements VideoModel {
	readonly provider = LOCAL_PROVIDER;
	readonly model = 'rudo-local-kenburns-1';
	readonly name = 'local';

	async imageToVideo(request: VideoRequest): Promise<VideoResult> {
		const { bytes } = await resolveImageBytes(request.image, this.provider);
		const seconds = Math.max(1, Math.min(10, request.durationSeconds));
		const frameCount = Math.max(12, Math.min(24, Math.round(seconds * 3)));
		const size = 640;
		const out = 480;
		let base: Buffer;
		try {
			base = await sharp(bytes).resize(size, size, { fit: 'cover' }).removeAlpha().png().toBuffer();
		} catch (error) {
			throw new ProviderError(`The source image could not be decoded: ${(error as Error).message}`, { provider: this.provider, model: this.model, kind: 'bad_request', retryable: false, cause: error });
		}
		const rng = mulberry32(request.seed);
		const dx = rng() < 0.5 ? -1 : 1;
		const dy = rng() < 0.5 ? -1 : 1;
		const zoomTo = 1.12 + rng() * 0.1;
		const frames: Buffer[] = [];
		for (let i = 0; i < frameCount; i++) {
			const t = i / (frameCount - 1);
			const ease = t * t * (3 - 2 * t);
			const crop = Math.round(size / (1 + (zoomTo - 1) * ease));
			const spare = size - crop;
			const left = Math.round(spare * (0.5 + 0.45 * dx * (ease - 0.5)));
			const top = Math.round(spare * (0.5 + 0.45 * dy * (ease - 0.5)));
			frames.push(
				await sharp(base)
					.extract({ left: Math.max(0, Math.min(spare, left)), top: Math.max(0, Math.min(spare, top)), width: crop, height: crop })
					.resize(out, out)
					.modulate({ brightness: 1 + 0.04 * Math.sin(t * Math.PI * 2) })
					.png()
					.toBuffer()
			);
		}
		const delay = Math.round((seconds * 1000) / frameCount);
		const clip = await sharp(frames, { join: { animated: true } })
			.webp({ quality: 72, effort: 2, loop: 0, delay: Array(frameCount).fill(delay) })
			.toBuffer();
		return {
			bytes: clip,
			contentType: 'image/webp',
			durationSeconds: (delay * frameCount) / 1000,
			provider: this.provider,
			model: this.model,
			usage: { provider: this.provider, model: this.model, operation: 'video', videoSeconds: (delay * frameCount) / 1000, costUsd: 0 }
		};
	}
}
