// A bot must not publish the same caption twice. A model can: a real one stuck on a prompt, a local
// server with a fixed seed, or a cache in front of it. Captions are compared as a reader would
// compare them: case, accents, punctuation, emoji and spacing do not make a caption new.

/**
 * The comparable form of a caption: Unicode-compatibility-normalised (NFKC), lower-cased, accents
 * removed, and only letters and digits kept, e.g. "Crème  Brûlée!!! 🍮" → "cremebrulee".
 */
export function captionFingerprint(caption: string): string {
	return caption
		.normalize('NFKD')
		.replace(/\p{M}/gu, '')
		.normalize('NFKC')
		.toLowerCase()
		.replace(/[^\p{L}\p{N}]/gu, '');
}

/** True when `caption` says what one of `recent` said (same fingerprint). An empty fingerprint never counts. */
export function isRepeatCaption(caption: string, recent: readonly string[]): boolean {
	const mine = captionFingerprint(caption);
	if (!mine) return false;
	return recent.some((r) => captionFingerprint(r) === mine);
}

/** The moderation reason a post gets when even the second try repeated a recent caption. */
export const REPEAT_REASON = 'repeats one of the bot’s recent captions (regenerated once, still the same)';
