// Offline images: the art style's scene (scenes.ts) with the post's subject drawn in front of it
// (motifs.ts: the caption's hook, "dumpling at the noodle stall", becomes a bowl), the bot's
// character from its reference (figure.ts: the teal scarf, the cracked visor) beside it, and the
// light of the time the caption names. Rasterised with sharp. The layout, the side the subject
// stands on and the mirror image of the scene vary with the seed, so a bot's consecutive posts
// never look alike. The result says what was drawn (`depicts`).
import sharp from 'sharp';
import { mulberry32, pick, type Rng } from '../../random.ts';
import type { ArtStyle } from '../../types.ts';
import type { ImageDepiction, ImageModel, ImageRequest, ImageResult } from '../types.ts';
import { darken, lighten, paletteRoles } from './colour.ts';
import { drawCharacter, drawnFeatures, readCharacter } from './figure.ts';
import { MOTIFS, strokeFor } from './motifs.ts';
import { SCENES, avatarFigure } from './scenes.ts';
import { LOCAL_PROVIDER } from './shared.ts';
import { pickSubject } from './writing/subject.ts';
import { motifFor, topicsFor, type MotifId } from './writing/topics/index.ts';

const f = (n: number) => Math.round(n * 10) / 10;

/**
 * What a post image shows: the hook's subject (the words before " at "), else the subject the
 * caption names; null when the request carries neither (then only the scene is drawn).
 */
export function imageSubject(request: Pick<ImageRequest, 'scene' | 'caption'>): { text: string; motif: MotifId } | null {
	const fromScene = request.scene?.split(/\s+at\s+/)[0]?.trim();
	if (fromScene) {
		const motif = motifFor(fromScene, topicsFor(fromScene)[0]?.motif ?? pickSubject(request.scene ?? '')?.motif ?? 'lantern');
		return { text: fromScene, motif };
	}
	const picked = request.caption ? pickSubject(request.caption) : null;
	return picked ? { text: picked.text, motif: picked.motif ?? 'lantern' } : null;
}

/** Where the subject and the character stand, in canvas units; a post picks one per seed. */
interface Layout {
	motif: { x: number; y: number; size: number };
	figure: { x: number; y: number; size: number } | null;
}
const LAYOUTS: Layout[] = [
	{ motif: { x: 330, y: 600, size: 480 }, figure: { x: 720, y: 600, size: 560 } },
	{ motif: { x: 670, y: 600, size: 480 }, figure: { x: 270, y: 600, size: 560 } },
	{ motif: { x: 500, y: 560, size: 660 }, figure: { x: 160, y: 760, size: 380 } },
	{ motif: { x: 500, y: 560, size: 660 }, figure: { x: 840, y: 760, size: 380 } },
	{ motif: { x: 300, y: 720, size: 380 }, figure: { x: 650, y: 520, size: 760 } },
	{ motif: { x: 700, y: 720, size: 380 }, figure: { x: 340, y: 520, size: 760 } },
	{ motif: { x: 500, y: 520, size: 760 }, figure: null }
];

/** The light of the time a caption names: night darkens, dawn and sunset warm the scene. */
function timeLight(text: string): string {
	const t = text.toLowerCase();
	if (/\b([1-4](:\d\d)?am|midnight|after dark|night|tonight|late)\b/.test(t)) return '<rect width="1000" height="1000" fill="#0a0a30" opacity="0.35"/>';
	if (/\b(sunset|dusk|golden hour|evening)\b/.test(t)) return '<rect width="1000" height="1000" fill="#ff8a3d" opacity="0.18"/>';
	if (/\b(dawn|morning|first light|sunrise|before coffee)\b/.test(t)) return '<rect width="1000" height="1000" fill="#fff1c1" opacity="0.18"/>';
	return '';
}

/** The SVG of a request and what it shows. */
export function composeLocalImage(request: Pick<ImageRequest, 'style' | 'palette' | 'seed' | 'subject' | 'scene' | 'caption' | 'character'>): { svg: string; depicts: ImageDepiction | null } {
	const rng: Rng = mulberry32(request.seed);
	const character = request.character;
	// The character's palette joins the bot's, so the scene carries the reference's colours too.
	const pal = paletteRoles(character?.palette?.length ? [...request.palette, ...character.palette.slice(0, 2)] : request.palette);
	// The scene is mirrored, zoomed and panned per seed: a bot's posts share a world, not a frame.
	const mirror = rng() < 0.5;
	const zoom = 1 + rng() * 0.45;
	const panX = -rng() * 1000 * (zoom - 1);
	const panY = -rng() * 1000 * (zoom - 1);
	let body = SCENES[request.style](rng, pal);
	if (mirror) body = `<g transform="translate(1000 0) scale(-1 1)">${body}</g>`;
	if (request.subject !== 'avatar') body = `<g transform="translate(${f(panX)} ${f(panY)}) scale(${f(zoom * 100) / 100})">${body}</g>`;
	const stroke = strokeFor(request.style, pal.dark);
	const spec = character ? readCharacter(character.features, character.palette) : null;
	const refPalette = character?.palette?.length ? character.palette : [pal.accent, pal.second, pal.dark];

	if (request.subject === 'avatar') {
		if (!spec || spec.parts.size === 0) body += avatarFigure(request.style, pal, rng);
		else body += `<g transform="translate(${f(500 - 200 * 2.4)} 150) scale(2.4)">${drawCharacter(spec, refPalette, stroke, rng)}</g>`;
		return { svg: wrap(body), depicts: spec ? { subject: 'portrait', motif: 'figure', features: drawnFeatures(spec) } : null };
	}

	const subject = imageSubject(request);
	if (!subject) return { svg: wrap(body), depicts: null };
	body += timeLight(`${request.scene ?? ''} ${request.caption ?? ''}`);
	const layout = pick(rng, spec && spec.parts.size > 0 ? LAYOUTS.slice(0, 6) : LAYOUTS.slice(2));
	const jitter = () => (rng() - 0.5) * 60;
	const m = layout.motif;
	const scale = (m.size / 200) * (0.9 + rng() * 0.2);
	const colours = {
		main: refPalette[1 % refPalette.length],
		second: refPalette[2 % refPalette.length],
		dark: darken(pal.dark, 0.2),
		light: lighten(pal.light, 0.2),
		stroke
	};
	const mx = m.x + jitter();
	const my = m.y + jitter();
	body += `<ellipse cx="${f(mx)}" cy="${f(my + scale * 90)}" rx="${f(scale * 85)}" ry="${f(scale * 14)}" fill="#000000" opacity="0.18"/>`;
	body += `<g transform="translate(${f(mx - 100 * scale)} ${f(my - 100 * scale)}) scale(${f(scale * 100) / 100})">${MOTIFS[subject.motif](colours)}</g>`;
	let features: string[] = [];
	if (spec && spec.parts.size > 0 && layout.figure) {
		const g = layout.figure;
		const k = (g.size / 320) * (0.92 + rng() * 0.16);
		// The figure wears the reference's colours: its body in the first, its legs in the fourth.
		const figure = drawCharacter(spec, refPalette, stroke, rng);
		body += `<g transform="translate(${f(g.x + jitter() - 100 * k)} ${f(g.y - 160 * k)}) scale(${f(k * 100) / 100})">${figure}</g>`;
		features = drawnFeatures(spec);
	}
	return { svg: wrap(body), depicts: { subject: subject.text, motif: subject.motif, features } };
}

const wrap = (body: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="1000" viewBox="0 0 1000 1000" preserveAspectRatio="xMidYMid slice">${body}</svg>`;

export function buildLocalSvg(request: Pick<ImageRequest, 'style' | 'palette' | 'seed' | 'subject' | 'scene' | 'caption' | 'character'>): string {
	return composeLocalImage(request).svg;
}

async function renderSvg(svg: string, style: ArtStyle, width: number, height: number): Promise<Buffer> {
	const source = Buffer.from(svg);
	if (style === 'PIXEL_ART') {
		const grid = 48;
		const small = await sharp(source).resize(grid, Math.max(1, Math.round((grid * height) / width)), { fit: 'cover' }).png({ palette: true, colours: 16, dither: 0 }).toBuffer();
		return sharp(small).resize(width, height, { kernel: 'nearest', fit: 'fill' }).png({ compressionLevel: 9 }).toBuffer();
	}
	return sharp(source, { density: 72 * Math.max(1, Math.max(width, height) / 1000) })
		.resize(width, height, { fit: 'cover' })
		.webp({ quality: 86 })
		.toBuffer();
}

export class LocalImageModel implements ImageModel {
	readonly provider = LOCAL_PROVIDER;
	readonly model = 'rudo-local-svg-1';

	async generateImage(request: ImageRequest): Promise<ImageResult> {
		const width = Math.max(64, Math.min(2048, Math.round(request.width)));
		const height = Math.max(64, Math.min(2048, Math.round(request.height)));
		const { svg, depicts } = composeLocalImage(request);
		const bytes = await renderSvg(svg, request.style, width, height);
		return {
			...(depicts ? { depicts } : {}),
			bytes,
			// Pixel art stays lossless: WebP's lossy mode would smear the hard pixel edges.
			contentType: request.style === 'PIXEL_ART' ? 'image/png' : 'image/webp',
			width,
			height,
			usage: { provider: this.provider, model: this.model, operation: 'image', images: 1, costUsd: 0 }
		};
	}
}
