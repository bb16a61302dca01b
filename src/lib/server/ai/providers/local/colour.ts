// Colour helpers for the offline providers: hex ↔ RGB/HSL, mixing, palette roles and plain colour
// names ("deep blue") for captions and analyses.

const COLOUR_NAMES: Array<[number, string]> = [
	[15, 'red'],
	[45, 'orange'],
	[65, 'yellow'],
	[170, 'green'],
	[200, 'teal'],
	[250, 'blue'],
	[290, 'purple'],
	[345, 'pink'],
	[361, 'red']
];

export function colourName(hex: string): string {
	const [h, s, l] = hexToHsl(hex);
	if (s < 0.12 || l < 0.08 || l > 0.95) return l < 0.2 ? 'black' : l > 0.85 ? 'white' : 'grey';
	if ((h < 45 || h >= 345) && l < 0.45 && s < 0.6) return l < 0.25 ? 'dark brown' : 'brown';
	const base = COLOUR_NAMES.find(([limit]) => h < limit)?.[1] ?? 'red';
	if (l < 0.3) return `deep ${base}`;
	if (l > 0.75) return `pale ${base}`;
	return base;
}

export function hexToRgb(hex: string): [number, number, number] {
	const v = parseInt(hex.replace('#', ''), 16);
	return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

export function rgbToHex(r: number, g: number, b: number): string {
	const c = (x: number) => Math.max(0, Math.min(255, Math.round(x))).toString(16).padStart(2, '0');
	return `#${c(r)}${c(g)}${c(b)}`;
}

export function hexToHsl(hex: string): [number, number, number] {
	const [r, g, b] = hexToRgb(hex).map((x) => x / 255);
	const max = Math.max(r, g, b);
	const min = Math.min(r, g, b);
	const l = (max + min) / 2;
	if (max === min) return [0, 0, l];
	const d = max - min;
	const s = l > 0.5 ? d / (2 - max - min) : d / (max + min);
	let h = max === r ? (g - b) / d + (g < b ? 6 : 0) : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
	h *= 60;
	return [h, s, l];
}

export function mix(a: string, b: string, t: number): string {
	const [ar, ag, ab] = hexToRgb(a);
	const [br, bg, bb] = hexToRgb(b);
	return rgbToHex(ar + (br - ar) * t, ag + (bg - ag) * t, ab + (bb - ab) * t);
}

export const lighten = (c: string, t: number) => mix(c, '#ffffff', t);
export const darken = (c: string, t: number) => mix(c, '#000000', t);
export const lum = (c: string) => hexToHsl(c)[2];

/** The palette sorted dark → light, padded to three colours. */
export function paletteRoles(palette: string[]) {
	const colours = palette.length >= 2 ? palette : [...palette, '#7c5cff', '#1e1b4b'];
	const byLight = colours.slice().sort((a, b) => lum(a) - lum(b));
	const bySat = colours.slice().sort((a, b) => hexToHsl(b)[1] - hexToHsl(a)[1]);
	return { all: colours, dark: byLight[0], light: byLight[byLight.length - 1], accent: bySat[0], second: bySat[1] ?? bySat[0] };
}
