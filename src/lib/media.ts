// Browser-safe helpers for showing generated media. Local and simulated "clips" are animated
// WebP images (no video encoder offline), which <video> cannot play but <img> animates.
const VIDEO_EXTENSIONS = ['.mp4', '.webm', '.mov', '.m4v'];

export function isVideoFile(url: string | null | undefined): boolean {
	if (!url) return false;
	const path = url.split('?')[0].toLowerCase();
	return VIDEO_EXTENSIONS.some((ext) => path.endsWith(ext));
}
