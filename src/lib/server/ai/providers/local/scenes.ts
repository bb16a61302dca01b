// The backgrounds of the local renderer: one SVG scene per art style on a 1000×1000 canvas, in the
// bot's palette, plus the generic head-and-shoulders avatar used when a bot has no character
// reference. image.ts puts the post's subject and the character in front of them.
import { chance, intBetween, pick, type Rng } from '../../random.ts';
import type { ArtStyle } from '../../types.ts';
import { darken, lighten, mix, paletteRoles } from './colour.ts';

export type Pal = ReturnType<typeof paletteRoles>;
const f = (n: number) => Math.round(n * 10) / 10;

function ridge(rng: Rng, baseY: number, amplitude: number, step = 50): string {
	let y = baseY;
	let d = `M0 1000 L0 ${f(y)}`;
	for (let x = step; x <= 1000 + step; x += step) {
		y = Math.max(baseY - amplitude, Math.min(baseY + amplitude, y + (rng() - 0.5) * amplitude));
		d += ` Q${f(x - step / 2)} ${f(y + (rng() - 0.5) * amplitude * 0.6)} ${x} ${f(y)}`;
	}
	return `${d} L1000 1000 Z`;
}

function star(cx: number, cy: number, outer: number, inner: number, points: number, rotation = 0): string {
	const coords: string[] = [];
	for (let i = 0; i < points * 2; i++) {
		const r = i % 2 === 0 ? outer : inner;
		const a = rotation + (Math.PI * i) / points;
		coords.push(`${f(cx + r * Math.sin(a))},${f(cy - r * Math.cos(a))}`);
	}
	return coords.join(' ');
}

function perspectiveGrid(horizon: number, colour: string, rng: Rng, width = 3): string {
	const lines: string[] = [];
	const vanishX = 500 + (rng() - 0.5) * 120;
	for (let i = -10; i <= 10; i++) lines.push(`<line x1="${f(vanishX)}" y1="${horizon}" x2="${f(500 + i * 140)}" y2="1000"/>`);
	for (let i = 1; i <= 9; i++) {
		const y = horizon + (1000 - horizon) * Math.pow(i / 9, 2);
		lines.push(`<line x1="0" y1="${f(y)}" x2="1000" y2="${f(y)}"/>`);
	}
	return `<g stroke="${colour}" stroke-width="${width}" opacity="0.85">${lines.join('')}</g>`;
}

export const SCENES: Record<ArtStyle, (rng: Rng, pal: Pal) => string> = {
	REALISTIC(rng, pal) {
		const sunX = 200 + rng() * 600;
		const sunY = 220 + rng() * 180;
		const layers = [0.15, 0.35, 0.6, 0.85].map((t, i) => `<path d="${ridge(rng, 470 + i * 120, 90 - i * 10)}" fill="${mix(lighten(pal.second, 0.5), darken(pal.dark, 0.3), t)}"/>`);
		return `<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${darken(pal.accent, 0.25)}"/><stop offset="0.7" stop-color="${lighten(pal.second, 0.45)}"/></linearGradient>
<radialGradient id="glow"><stop offset="0" stop-color="#fff8e0" stop-opacity="0.95"/><stop offset="1" stop-color="#fff8e0" stop-opacity="0"/></radialGradient>
<filter id="grain"><feTurbulence type="fractalNoise" baseFrequency="0.9" numOctaves="2" seed="${intBetween(rng, 1, 999)}"/><feColorMatrix type="saturate" values="0"/><feComponentTransfer><feFuncA type="linear" slope="0.08"/></feComponentTransfer></filter></defs>
<rect width="1000" height="1000" fill="url(#sky)"/><circle cx="${f(sunX)}" cy="${f(sunY)}" r="260" fill="url(#glow)"/><circle cx="${f(sunX)}" cy="${f(sunY)}" r="${intBetween(rng, 45, 80)}" fill="#fffbea"/>
${layers.join('')}<rect width="1000" height="1000" filter="url(#grain)"/>`;
	},
	ANIME(rng, pal) {
		const clouds = Array.from({ length: 3 }, () => {
			const cx = rng() * 1000;
			const cy = 150 + rng() * 250;
			return Array.from({ length: 5 }, (_, i) => `<circle cx="${f(cx + (i - 2) * 55)}" cy="${f(cy - (i % 2) * 35)}" r="${f(50 + rng() * 35)}"/>`).join('');
		});
		const sparkles = Array.from({ length: 14 }, () => `<polygon points="${star(rng() * 1000, rng() * 600, 14 + rng() * 12, 4, 4)}" fill="#ffffff" opacity="${f(0.5 + rng() * 0.5)}"/>`);
		const petals = Array.from({ length: 24 }, () => `<ellipse cx="${f(rng() * 1000)}" cy="${f(rng() * 1000)}" rx="12" ry="6" transform="rotate(${intBetween(rng, 0, 180)})" fill="${lighten(pal.accent, 0.55)}" opacity="0.85"/>`);
		return `<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${lighten(pal.second, 0.1)}"/><stop offset="1" stop-color="${lighten(pal.accent, 0.65)}"/></linearGradient></defs>
<rect width="1000" height="1000" fill="url(#sky)"/><g fill="#ffffff" opacity="0.92">${clouds.join('')}</g>
<path d="${ridge(rng, 700, 60, 100)}" fill="${mix(pal.accent, pal.second, 0.5)}"/><path d="${ridge(rng, 780, 40, 125)}" fill="${darken(mix(pal.accent, pal.second, 0.5), 0.25)}"/>
${sparkles.join('')}${petals.join('')}`;
	},
	CARTOON(rng, pal) {
		const sunX = 180 + rng() * 640;
		const rays = Array.from({ length: 12 }, (_, i) => {
			const a = (Math.PI * 2 * i) / 12;
			return `<polygon points="${f(sunX + 110 * Math.cos(a - 0.12))},${f(230 + 110 * Math.sin(a - 0.12))} ${f(sunX + 170 * Math.cos(a))},${f(230 + 170 * Math.sin(a))} ${f(sunX + 110 * Math.cos(a + 0.12))},${f(230 + 110 * Math.sin(a + 0.12))}"/>`;
		});
		const hills = Array.from({ length: 3 }, (_, i) => `<circle cx="${f(150 + i * 350 + rng() * 80)}" cy="${f(1050 + rng() * 60)}" r="${f(330 + rng() * 80)}" fill="${i % 2 ? pal.second : lighten(pal.accent, 0.2)}"/>`);
		const cloudX = rng() * 600 + 100;
		return `<rect width="1000" height="1000" fill="${lighten(pal.second, 0.6)}"/><g stroke="#1b1b1b" stroke-width="10" stroke-linejoin="round">
<g fill="#ffd23f">${rays.join('')}</g><circle cx="${f(sunX)}" cy="230" r="100" fill="#ffd23f"/>
<path d="M${f(cloudX)} 420 a50 50 0 0 1 80 -40 a60 60 0 0 1 110 10 a45 45 0 0 1 30 80 h-220 a40 40 0 0 1 0 -50z" fill="#ffffff"/>
${hills.join('')}</g><g fill="#1b1b1b"><circle cx="${f(sunX - 32)}" cy="215" r="10"/><circle cx="${f(sunX + 32)}" cy="215" r="10"/></g>
<path d="M${f(sunX - 40)} 255 q40 35 80 0" stroke="#1b1b1b" stroke-width="9" fill="none" stroke-linecap="round"/>`;
	},
	WATERCOLOR(rng, pal) {
		const blobs = Array.from({ length: 18 }, () => {
			const colour = pick(rng, pal.all);
			return `<ellipse cx="${f(rng() * 1000)}" cy="${f(rng() * 1000)}" rx="${f(90 + rng() * 220)}" ry="${f(70 + rng() * 170)}" transform="rotate(${intBetween(rng, -40, 40)} 500 500)" fill="${colour}" opacity="${f(0.3 + rng() * 0.35)}"/>`;
		});
		return `<defs><filter id="bleed" x="-20%" y="-20%" width="140%" height="140%"><feTurbulence type="fractalNoise" baseFrequency="0.012" numOctaves="3" seed="${intBetween(rng, 1, 999)}"/><feDisplacementMap in="SourceGraphic" scale="70"/><feGaussianBlur stdDeviation="9"/></filter>
<filter id="paper"><feTurbulence type="fractalNoise" baseFrequency="0.6" numOctaves="3" seed="7"/><feColorMatrix type="saturate" values="0"/><feComponentTransfer><feFuncA type="linear" slope="0.12"/></feComponentTransfer></filter></defs>
<rect width="1000" height="1000" fill="${mix('#fbf7ef', pal.light, 0.15)}"/><g filter="url(#bleed)">${blobs.join('')}</g><rect width="1000" height="1000" filter="url(#paper)"/>`;
	},
	PIXEL_ART(rng, pal) {
		// Drawn plainly here; renderSvg() shrinks it to a 48-pixel grid with a few colours and
		// scales it back up with nearest-neighbour sampling, which is what makes it pixel art.
		const stars = Array.from({ length: 20 }, () => `<rect x="${f(rng() * 1000)}" y="${f(rng() * 450)}" width="20" height="20" fill="#ffffff"/>`);
		const trees = Array.from({ length: 4 }, () => {
			const x = rng() * 900 + 50;
			return `<rect x="${f(x)}" y="760" width="40" height="90" fill="${darken(pal.dark, 0.3)}"/><polygon points="${f(x - 60)},780 ${f(x + 20)},600 ${f(x + 100)},780" fill="${mix(pal.second, '#2d6a4f', 0.6)}"/>`;
		});
		return `<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${darken(pal.dark, 0.2)}"/><stop offset="1" stop-color="${pal.accent}"/></linearGradient></defs>
<rect width="1000" height="1000" fill="url(#sky)"/>${stars.join('')}<rect x="${f(600 + rng() * 250)}" y="140" width="120" height="120" fill="${lighten(pal.light, 0.3)}"/>
<path d="${ridge(rng, 600, 120, 100)}" fill="${pal.second}"/><rect y="820" width="1000" height="180" fill="${darken(pal.second, 0.4)}"/>${trees.join('')}`;
	},
	CYBERPUNK(rng, pal) {
		const buildings: string[] = [];
		const windows: string[] = [];
		let x = -20;
		while (x < 1000) {
			const w = 60 + rng() * 90;
			const h = 250 + rng() * 380;
			buildings.push(`<rect x="${f(x)}" y="${f(640 - h)}" width="${f(w)}" height="${f(h)}" fill="${darken(pal.dark, 0.5)}"/>`);
			for (let wy = 640 - h + 20; wy < 620; wy += 34) {
				for (let wx = x + 10; wx < x + w - 14; wx += 22) {
					if (chance(rng, 0.3)) windows.push(`<rect x="${f(wx)}" y="${f(wy)}" width="10" height="14" fill="${chance(rng, 0.5) ? pal.accent : pal.second}"/>`);
				}
			}
			x += w + 6;
		}
		const signs = Array.from({ length: 3 }, () => `<rect x="${f(rng() * 800 + 50)}" y="${f(150 + rng() * 300)}" width="${f(80 + rng() * 120)}" height="${f(30 + rng() * 40)}" rx="8" fill="none" stroke="${pick(rng, [pal.accent, pal.second])}" stroke-width="8"/>`);
		const rain = Array.from({ length: 90 }, () => {
			const rx = rng() * 1100;
			const ry = rng() * 1000;
			return `<line x1="${f(rx)}" y1="${f(ry)}" x2="${f(rx - 18)}" y2="${f(ry + 60)}"/>`;
		});
		return `<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#05030f"/><stop offset="1" stop-color="${darken(pal.accent, 0.6)}"/></linearGradient>
<filter id="neon" x="-50%" y="-50%" width="200%" height="200%"><feGaussianBlur stdDeviation="7" result="b"/><feMerge><feMergeNode in="b"/><feMergeNode in="SourceGraphic"/></feMerge></filter></defs>
<rect width="1000" height="1000" fill="url(#sky)"/>${buildings.join('')}<g filter="url(#neon)">${windows.join('')}${signs.join('')}</g>
<rect y="640" width="1000" height="360" fill="#07040f"/><g filter="url(#neon)">${perspectiveGrid(640, pal.second, rng)}</g><g stroke="#9fb4ff" stroke-width="2" opacity="0.25">${rain.join('')}</g>`;
	},
	OIL_PAINTING(rng, pal) {
		const strokes: string[] = [];
		for (let i = 0; i < 260; i++) {
			const y = rng() * 1000;
			const sky = y < 520;
			const base = sky ? mix(pal.light, pal.second, rng() * 0.6) : mix(pal.accent, pal.dark, rng() * 0.7);
			const colour = rng() < 0.5 ? lighten(base, rng() * 0.2) : darken(base, rng() * 0.2);
			const angle = sky ? intBetween(rng, -12, 12) : intBetween(rng, -60, 60);
			strokes.push(`<rect x="${f(rng() * 1000 - 60)}" y="${f(y)}" width="${f(70 + rng() * 110)}" height="${f(16 + rng() * 22)}" rx="10" fill="${colour}" opacity="${f(0.7 + rng() * 0.3)}" transform="rotate(${angle} ${f(rng() * 1000)} ${f(y)})"/>`);
		}
		const vaseX = 380 + rng() * 240;
		return `<defs><filter id="impasto"><feTurbulence type="fractalNoise" baseFrequency="0.05" numOctaves="2" seed="${intBetween(rng, 1, 999)}"/><feDisplacementMap in="SourceGraphic" scale="18"/></filter>
<filter id="canvas"><feTurbulence type="turbulence" baseFrequency="0.5 0.02" numOctaves="1" seed="3"/><feColorMatrix type="saturate" values="0"/><feComponentTransfer><feFuncA type="linear" slope="0.1"/></feComponentTransfer></filter></defs>
<rect width="1000" height="1000" fill="${mix(pal.dark, pal.light, 0.45)}"/><g filter="url(#impasto)">${strokes.join('')}
<ellipse cx="${f(vaseX)}" cy="640" rx="120" ry="170" fill="${darken(pal.accent, 0.15)}"/><ellipse cx="${f(vaseX - 35)}" cy="590" rx="30" ry="70" fill="${lighten(pal.accent, 0.35)}" opacity="0.7"/></g><rect width="1000" height="1000" filter="url(#canvas)"/>`;
	},
	MINIMALIST(rng, pal) {
		const y = 380 + rng() * 240;
		const c1 = 200 + rng() * 200;
		const c2 = 600 + rng() * 200;
		const dot = pick(rng, [200, 780]) + (rng() - 0.5) * 80;
		return `<rect width="1000" height="1000" fill="${lighten(pal.light, 0.75)}"/><path d="M120 ${f(y)} C ${f(c1)} ${f(y - 260 + rng() * 80)}, ${f(c2)} ${f(y + 260 - rng() * 80)}, 880 ${f(y)}" stroke="${pal.dark}" stroke-width="6" fill="none" stroke-linecap="round"/>
<circle cx="${f(dot)}" cy="${f(y - 180 + rng() * 60)}" r="${intBetween(rng, 18, 34)}" fill="${pal.accent}"/>`;
	},
	VAPORWAVE(rng, pal) {
		const sunY = 420;
		const gaps = Array.from({ length: 6 }, (_, i) => `<rect x="0" y="${f(sunY + 10 + i * 28)}" width="1000" height="${f(4 + i * 2.5)}" fill="black"/>`);
		const columnX = pick(rng, [120, 760]) + rng() * 60;
		const flutes = Array.from({ length: 4 }, (_, i) => `<line x1="${f(columnX + 18 + i * 22)}" y1="420" x2="${f(columnX + 18 + i * 22)}" y2="720"/>`);
		return `<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${darken(pal.dark, 0.3)}"/><stop offset="0.65" stop-color="${pal.accent}"/></linearGradient>
<linearGradient id="sun" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#fff27a"/><stop offset="1" stop-color="${pal.accent}"/></linearGradient>
<mask id="cut"><rect width="1000" height="1000" fill="white"/>${gaps.join('')}</mask>
<pattern id="scan" width="4" height="6" patternUnits="userSpaceOnUse"><rect width="4" height="2" fill="black" opacity="0.12"/></pattern></defs>
<rect width="1000" height="1000" fill="url(#sky)"/><circle cx="500" cy="${sunY}" r="230" fill="url(#sun)" mask="url(#cut)"/>
<rect y="600" width="1000" height="400" fill="${darken(pal.dark, 0.55)}"/>${perspectiveGrid(600, pal.second, rng, 4)}
<g fill="#e9e4f0" stroke="#b7afc4" stroke-width="3"><rect x="${f(columnX - 10)}" y="395" width="120" height="28"/><rect x="${f(columnX)}" y="420" width="100" height="300"/><rect x="${f(columnX - 10)}" y="716" width="120" height="28"/></g><g stroke="#b7afc4" stroke-width="4">${flutes.join('')}</g>
<rect width="1000" height="1000" fill="url(#scan)"/>`;
	},
	COMIC(rng, pal) {
		const split = 380 + rng() * 240;
		const burstX = 500 + (rng() - 0.5) * 300;
		const burstY = 640 + (rng() - 0.5) * 120;
		const speed = Array.from({ length: 16 }, (_, i) => {
			const a = (Math.PI * 2 * i) / 16 + rng() * 0.1;
			return `<line x1="${f(burstX + 220 * Math.cos(a))}" y1="${f(burstY + 220 * Math.sin(a))}" x2="${f(burstX + 520 * Math.cos(a))}" y2="${f(burstY + 520 * Math.sin(a))}"/>`;
		});
		return `<defs><pattern id="dots" width="22" height="22" patternUnits="userSpaceOnUse"><circle cx="11" cy="11" r="6" fill="${darken(pal.second, 0.2)}" opacity="0.55"/></pattern>
<clipPath id="p1"><rect x="30" y="30" width="${f(split - 45)}" height="390"/></clipPath><clipPath id="p3"><rect x="30" y="450" width="940" height="520"/></clipPath></defs>
<rect width="1000" height="1000" fill="#fdfdf8"/>
<rect x="30" y="30" width="${f(split - 45)}" height="390" fill="${lighten(pal.accent, 0.4)}"/><rect x="30" y="30" width="${f(split - 45)}" height="390" fill="url(#dots)"/>
<circle cx="${f((split - 15) / 2 + 15)}" cy="260" r="90" fill="${pal.second}" stroke="#111" stroke-width="10" clip-path="url(#p1)"/>
<rect x="${f(split + 15)}" y="30" width="${f(955 - split)}" height="390" fill="${lighten(pal.second, 0.5)}"/><rect x="${f(split + 50)}" y="80" width="${f(880 - split)}" height="120" rx="60" fill="#ffffff" stroke="#111" stroke-width="8"/>
<rect x="30" y="450" width="940" height="520" fill="${lighten(pal.light, 0.3)}"/><rect x="30" y="450" width="940" height="520" fill="url(#dots)"/>
<g stroke="#111" stroke-width="6" clip-path="url(#p3)">${speed.join('')}</g>
<polygon points="${star(burstX, burstY, 210, 120, 12, rng())}" fill="${pal.accent}" stroke="#111" stroke-width="12" stroke-linejoin="round"/><polygon points="${star(burstX, burstY, 110, 60, 12, rng())}" fill="#ffe14d" stroke="#111" stroke-width="8"/>
<g fill="none" stroke="#111" stroke-width="12"><rect x="30" y="30" width="${f(split - 45)}" height="390"/><rect x="${f(split + 15)}" y="30" width="${f(955 - split)}" height="390"/><rect x="30" y="450" width="940" height="520"/></g>`;
	}
};

/** A head-and-shoulders character over the style's scene, outlined the way the style outlines. */
export function avatarFigure(style: ArtStyle, pal: Pal, rng: Rng): string {
	const outline = style === 'COMIC' || style === 'CARTOON' ? 'stroke="#111" stroke-width="12"' : style === 'MINIMALIST' ? `stroke="${pal.dark}" stroke-width="6"` : '';
	const skin = mix(pal.light, '#f1c7a3', 0.6);
	const fill = style === 'MINIMALIST' ? 'none' : skin;
	const eyeY = 420 + rng() * 20;
	const hair = pick(rng, pal.all);
	return `<g ${outline}><rect x="440" y="580" width="120" height="190" fill="${fill}"/><path d="M190 1000 C 200 720, 800 720, 810 1000 Z" fill="${style === 'MINIMALIST' ? 'none' : pal.accent}"/>
<circle cx="500" cy="450" r="190" fill="${fill}"/><path d="M310 430 C 320 230, 680 230, 690 430 C 640 330, 380 330, 310 430 Z" fill="${style === 'MINIMALIST' ? 'none' : hair}"/></g>
<g fill="${darken(pal.dark, 0.4)}"><circle cx="430" cy="${f(eyeY)}" r="${style === 'ANIME' ? 26 : 16}"/><circle cx="570" cy="${f(eyeY)}" r="${style === 'ANIME' ? 26 : 16}"/></g>
${style === 'ANIME' ? `<g fill="#ffffff"><circle cx="438" cy="${f(eyeY - 9)}" r="8"/><circle cx="578" cy="${f(eyeY - 9)}" r="8"/></g>` : ''}
<path d="M450 ${f(eyeY + 90)} q50 ${intBetween(rng, 15, 35)} 100 0" stroke="${darken(pal.dark, 0.4)}" stroke-width="8" fill="none" stroke-linecap="round"/>`;
}
