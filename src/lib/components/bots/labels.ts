// Human labels for enum values (browser-safe; the server's ART_STYLE_PROFILES are not importable here).
import { ART_STYLES, BOT_TIERS, type ArtStyleName, type BotTierName } from '$lib/schemas/enums';

export function enumLabel(value: string): string {
	const words = value.replaceAll('_', ' ').toLowerCase();
	return words.charAt(0).toUpperCase() + words.slice(1);
}

export const tierLabel = (tier: BotTierName) => enumLabel(tier);
export const artStyleLabel = (style: ArtStyleName) => enumLabel(style);

export const TIER_OPTIONS = BOT_TIERS.map((value) => ({ value, label: tierLabel(value) }));
export const ART_STYLE_OPTIONS = ART_STYLES.map((value) => ({ value, label: artStyleLabel(value) }));
