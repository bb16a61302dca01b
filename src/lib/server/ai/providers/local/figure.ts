// The bot's character, drawn by the local renderer from its character reference: each
// distinguishing feature ("teal scarf", "cracked visor", "white chef hat") becomes a part of a
// simple standing figure, in the colour the feature names or else one of the reference's palette
// colours. Returns which features it drew, so a caller can check nothing was dropped.
import type { Rng } from '../../random.ts';
import { darken, lighten, mix } from './colour.ts';

/** Colour words a feature may name (CSS names and the ones vision models and faker use). */
const COLOUR_WORDS: Record<string, string> = {
	black: '#151515', white: '#f4f4f4', grey: '#8a8a8a', gray: '#8a8a8a', silver: '#c0c0c0', red: '#d62828', maroon: '#7a1f2b', pink: '#ff7ab6', fuchsia: '#e040c0',
	magenta: '#d0309a', salmon: '#f08070', orange: '#f07818', gold: '#e0b020', golden: '#e0b020', yellow: '#ffd60a', straw: '#e9d8a6', tan: '#d2b48c', brown: '#7a4a26',
	olive: '#7a7a20', lime: '#9fe030', green: '#3a9d4a', mint: '#98e0b0', teal: '#108080', turquoise: '#30d0c0', cyan: '#20d8f0', azure: '#3a90ff', blue: '#2050d0',
	navy: '#1a2a6a', indigo: '#4b3aa0', violet: '#8a4ae0', purple: '#7a30a0', plum: '#8e4585', lavender: '#b8a0e8', orchid: '#c070c8', ivory: '#f6f0dc', sky: '#7ac0f0', rosy: '#f08a9a'
};

type Part = 'hat' | 'cap' | 'hood' | 'visor' | 'glasses' | 'scarf' | 'sash' | 'cape' | 'mask' | 'apron' | 'body' | 'headphones' | 'hair' | 'boots' | 'cheeks' | 'backpack';

const PARTS: Array<[RegExp, Part]> = [
	[/\b(hat|toque|beanie|beret|fedora)\b/, 'hat'],
	[/\b(cap)\b/, 'cap'],
	[/\b(hood|hooded|hoodie)\b/, 'hood'],
	[/\b(visor|goggles|helmet)\b/, 'visor'],
	[/\b(glasses|sunglasses|spectacles|monocle)\b/, 'glasses'],
	[/\b(scarf|bandana|neckerchief|necklace)\b/, 'scarf'],
	[/\b(sash|belt)\b/, 'sash'],
	[/\b(cape|cloak)\b/, 'cape'],
	[/\b(mask)\b/, 'mask'],
	[/\b(apron)\b/, 'apron'],
	[/\b(coat|jacket|robe|shirt|sweater|jumper|dress|kimono|uniform|suit|overalls)\b/, 'body'],
	[/\b(headphones|earphones|headset)\b/, 'headphones'],
	[/\b(hair|bun|braid|ponytail|mohawk|curls)\b/, 'hair'],
	[/\b(boots|shoes|sneakers|trainers)\b/, 'boots'],
	[/\b(cheeks|blush|freckles)\b/, 'cheeks'],
	[/\b(backpack|rucksack|bag)\b/, 'backpack']
];

export interface CharacterSpec {
	parts: Map<Part, { colour: string; feature: string; detail: string }>;
}

function colourIn(text: string): string | null {
	const word = Object.keys(COLOUR_WORDS).find((w) => new RegExp(`\\b${w}\\b`).test(text));
	return word ? COLOUR_WORDS[word] : null;
}

/** Reads features into figure parts; features no part matches are skipped (and not reported). */
export function readCharacter(features: readonly string[], palette: readonly string[]): CharacterSpec {
	const parts = new Map<Part, { colour: string; feature: string; detail: string }>();
	let next = 0;
	const paletteColour = () => palette[next++ % Math.max(1, palette.length)] ?? '#7c5cff';
	for (const feature of features) {
		const lower = feature.toLowerCase();
		const part = PARTS.find(([re]) => re.test(lower))?.[1];
		if (!part || parts.has(part)) continue;
		parts.set(part, { colour: colourIn(lower) ?? paletteColour(), feature, detail: lower });
	}
	return { parts };
}

/**
 * A standing figure in a 200×320 box (head at the top), wearing the parts. `skin` and the outline
 * follow the style; every colour not named by a feature comes from the palette.
 */
export function drawCharacter(spec: CharacterSpec, palette: readonly string[], stroke: string, rng: Rng): string {
	const p = spec.parts;
	const colour = (part: Part, fallback: string) => p.get(part)?.colour ?? fallback;
	const body = colour('body', palette[0] ?? '#444444');
	const skin = mix('#f1c7a3', '#8d5a3b', rng() * 0.7);
	const out: string[] = [];
	if (p.has('cape')) out.push(`<path d="M55 115 q-30 120 -25 200 h140 q5 -80 -25 -200z" fill="${colour('cape', '#c00')}" ${stroke}/>`);
	if (p.has('backpack')) out.push(`<rect x="120" y="120" width="45" height="80" rx="12" fill="${colour('backpack', '#555')}" ${stroke}/>`);
	// Legs and feet.
	out.push(`<rect x="72" y="230" width="22" height="70" fill="${darken(body, 0.35)}"/><rect x="106" y="230" width="22" height="70" fill="${darken(body, 0.35)}"/>`);
	out.push(`<g fill="${colour('boots', darken(body, 0.6))}" ${stroke}><rect x="62" y="${p.has('boots') ? 270 : 290}" width="34" height="${p.has('boots') ? 34 : 14}" rx="6"/><rect x="104" y="${p.has('boots') ? 270 : 290}" width="34" height="${p.has('boots') ? 34 : 14}" rx="6"/></g>`);
	// Body: a robe reaches the ankles, anything else the hips.
	const long = /robe|dress|kimono|coat/.test(p.get('body')?.detail ?? '');
	out.push(`<path d="M60 110 h80 l${long ? 22 : 12} ${long ? 180 : 130} h-${long ? 124 : 104}z" fill="${body}" ${stroke}/>`);
	if (p.has('apron')) out.push(`<path d="M72 150 h56 l8 95 h-72z" fill="${colour('apron', '#fff')}" ${stroke}/><path d="M80 150 q20 -40 40 0" stroke="${colour('apron', '#fff')}" stroke-width="5" fill="none"/>`);
	if (p.has('sash')) out.push(`<path d="M62 120 l78 90 l-8 14 l-78 -90z" fill="${colour('sash', '#c1121f')}"/>`);
	// Head.
	out.push(`<rect x="90" y="95" width="20" height="18" fill="${skin}"/><circle cx="100" cy="68" r="38" fill="${skin}" ${stroke}/>`);
	if (p.has('scarf')) out.push(`<path d="M66 106 q34 16 68 0 v14 q-34 16 -68 0z" fill="${colour('scarf', '#108080')}" ${stroke}/><rect x="112" y="116" width="14" height="46" rx="5" fill="${colour('scarf', '#108080')}"/>`);
	const hair = p.get('hair')?.colour ?? darken(palette[palette.length - 1] ?? '#222', 0.4);
	if (!p.has('hood')) out.push(`<path d="M62 66 q2 -44 38 -44 q36 0 38 44 q-14 -22 -38 -24 q-24 2 -38 24z" fill="${hair}"/>`);
	if (/bun/.test(p.get('hair')?.detail ?? '')) out.push(`<circle cx="100" cy="24" r="16" fill="${hair}" ${stroke}/>`);
	if (p.has('hood')) out.push(`<path d="M56 80 q-6 -66 44 -66 q50 0 44 66 l-10 -4 q4 -46 -34 -48 q-38 2 -34 48z" fill="${colour('hood', darken(body, 0.1))}" ${stroke}/>`);
	// Eyes, then what sits over them.
	out.push(`<g fill="#1b1b1b"><circle cx="86" cy="70" r="4.5"/><circle cx="114" cy="70" r="4.5"/></g><path d="M90 86 q10 7 20 0" stroke="#1b1b1b" stroke-width="3" fill="none" stroke-linecap="round"/>`);
	if (p.has('cheeks')) out.push(`<g fill="${colour('cheeks', '#f08a9a')}" opacity="0.8"><circle cx="78" cy="82" r="7"/><circle cx="122" cy="82" r="7"/></g>`);
	if (p.has('visor')) {
		const v = p.get('visor')!;
		out.push(`<rect x="66" y="60" width="68" height="18" rx="8" fill="${v.colour}" opacity="0.9" ${stroke}/>`);
		if (/crack/.test(v.detail)) out.push(`<path d="M96 60 l6 7 l-5 4 l7 7" stroke="#ffffff" stroke-width="2" fill="none"/>`);
	}
	if (p.has('glasses')) {
		const g = p.get('glasses')!;
		const lens = /sun/.test(g.detail) ? g.colour : lighten(g.colour, 0.8);
		const shape = /heart/.test(g.detail)
			? (x: number) => `<path d="M${x} 66 q-8 -10 -14 -2 q-4 8 14 18 q18 -10 14 -18 q-6 -8 -14 2z" fill="${lens}" stroke="${g.colour}" stroke-width="3"/>`
			: (x: number) => `<circle cx="${x}" cy="70" r="11" fill="${lens}" fill-opacity="${/sun/.test(g.detail) ? 1 : 0.3}" stroke="${g.colour}" stroke-width="4"/>`;
		out.push(`${shape(86)}${shape(114)}<line x1="97" y1="70" x2="103" y2="70" stroke="${g.colour}" stroke-width="3"/>`);
	}
	if (p.has('mask')) out.push(`<path d="M64 64 q18 -10 36 0 q18 -10 36 0 q-4 18 -18 16 q-10 -2 -18 -8 q-8 6 -18 8 q-14 2 -18 -16z" fill="${colour('mask', '#ffd60a')}" ${stroke}/><g fill="#1b1b1b"><circle cx="84" cy="68" r="4"/><circle cx="116" cy="68" r="4"/></g>`);
	if (p.has('hat')) {
		const h = p.get('hat')!;
		if (/chef|toque/.test(h.detail)) out.push(`<g fill="${h.colour}" ${stroke}><rect x="72" y="8" width="56" height="30"/><circle cx="78" cy="8" r="16"/><circle cx="100" cy="0" r="18"/><circle cx="122" cy="8" r="16"/></g>`);
		else if (/straw|wide|sun/.test(h.detail)) out.push(`<g fill="${h.colour}" ${stroke}><ellipse cx="100" cy="38" rx="70" ry="14"/><path d="M70 38 q0 -32 30 -32 q30 0 30 32z"/></g><rect x="70" y="30" width="60" height="7" fill="${darken(h.colour, 0.3)}"/>`);
		else out.push(`<g fill="${h.colour}" ${stroke}><path d="M64 44 q0 -38 36 -38 q36 0 36 38z"/><rect x="58" y="40" width="84" height="8" rx="4"/></g>`);
	}
	if (p.has('cap')) out.push(`<g fill="${colour('cap', '#ef233c')}" ${stroke}><path d="M64 46 q0 -36 36 -36 q36 0 36 36z"/><path d="M120 44 h40 q4 8 -4 10 h-36z"/></g>`);
	if (p.has('headphones')) out.push(`<path d="M60 66 q0 -52 40 -52 q40 0 40 52" stroke="${darken(colour('headphones', '#333'), 0.3)}" stroke-width="7" fill="none"/><g fill="${colour('headphones', '#333')}" ${stroke}><rect x="52" y="58" width="18" height="30" rx="7"/><rect x="130" y="58" width="18" height="30" rx="7"/></g>`);
	return out.join('');
}

/** The features a drawing of `spec` shows. */
export function drawnFeatures(spec: CharacterSpec): string[] {
	return [...spec.parts.values()].map((p) => p.feature);
}
