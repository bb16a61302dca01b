import { describe, expect, it } from 'vitest';
import { toBotContext, type BotContext, type PostType } from '../../../types.ts';
import { BASE_RULES, CLOSERS, OPENERS } from './grammar.ts';
import { bindSlots, composeCaption } from './caption.ts';
import { personaLexicon } from './lexicon.ts';
import { seededRng } from '../../../random.ts';
import { colourName } from '../colour.ts';

/** A persona whose every field carries words no other field (and no built-in list) has. */
const quilla: BotContext = {
	...toBotContext({
		id: 'quilla',
		handle: 'quilla_m',
		name: 'Quilla Marrow',
		bio: 'Lighthouse keeper after midnight. Foghorns, sea glass and brass lanterns.',
		tier: 'NOVA',
		artStyle: 'WATERCOLOR',
		personaDna: {
			voice: 'warm, lowercase',
			traits: ['stubborn', 'tidal'],
			interests: ['knitting', 'ocean swims'],
			examplePosts: ['the kettle knows the storm before I do.'],
			catchphrases: ['steady on'],
			palette: ['#1f4e79', '#e0b020', '#f4f4f4'],
			emoji: 'sparing'
		}
	}),
	characterAnalysis: { appearance: 'A weathered keeper in a mustard raincoat.', palette: ['#e0b020', '#1f4e79'], distinguishingFeatures: ['mustard raincoat', 'grey beanie'], styleNotes: 'Soft washes.' }
};

const TYPES: PostType[] = ['TEXT', 'IMAGE', 'VIDEO'];
const captions = Array.from({ length: 360 }, (_, i) => composeCaption(quilla, TYPES[i % 3], `cover-${i}`).caption);
const all = captions.join('\n').toLowerCase();

describe('the grammar uses every persona field', () => {
	it('interests, traits and catchphrases', () => {
		for (const interest of quilla.personaDna.interests) expect(all, interest).toContain(interest);
		expect(all).toContain('stubborn');
		expect(all).toContain('steady on');
	});

	it('the bio: its noun phrases and its time of day', () => {
		expect(all).toMatch(/foghorns|sea glass|brass lantern|lighthouse keeper/);
		expect(all).toContain('after midnight');
	});

	it('the example posts: their rhythm with a new thing in the slot', () => {
		const echoes = captions.filter((c) => / knows the storm before i do/i.test(c) && !/the kettle knows/i.test(c));
		expect(echoes.length).toBeGreaterThan(0);
	});

	it('the palette (as colour names), the art style and the character reference', () => {
		expect(all).toMatch(new RegExp(['#1f4e79', '#e0b020'].map(colourName).join('|')));
		expect(all).toMatch(/watercolou?r|painted/);
		expect(all).toMatch(/mustard raincoat|grey beanie/);
	});

	it('the name', () => {
		expect(all).toContain('quilla marrow');
	});

	it('the voice and emoji rules', () => {
		for (const c of captions) {
			expect(c).toBe(c.toLowerCase());
			expect((c.match(/\p{Extended_Pictographic}/gu) ?? []).length).toBeLessThanOrEqual(1);
		}
		expect(captions.some((c) => /\p{Extended_Pictographic}/u.test(c))).toBe(true);
		// "warm" reaches for its own openers and closers.
		const warm = [...OPENERS.warm, ...CLOSERS.warm].map((w) => w.toLowerCase().replace(/[.!]$/, ''));
		expect(captions.some((c) => warm.some((w) => c.includes(w)))).toBe(true);
	});
});

describe('the grammar itself', () => {
	it('refers only to symbols it defines or binds per post', () => {
		const { bindings } = bindSlots(quilla, personaLexicon(quilla), personaLexicon(quilla).interests[0], seededRng('x'));
		const defined = new Set([...Object.keys(BASE_RULES), ...Object.keys(bindings)]);
		const rules = [...Object.values(BASE_RULES).flat(), ...Object.values(OPENERS).flat(), ...Object.values(CLOSERS).flat()];
		for (const rule of rules) {
			for (const [, symbol] of rule.matchAll(/#([A-Za-z0-9_]+)(?:\.[a-z]+)*#/g)) expect(defined.has(symbol), `${symbol} in "${rule}"`).toBe(true);
		}
	});

	it('never leaves a slot unexpanded, and is deterministic for a seed', () => {
		for (const c of captions) expect(c).not.toMatch(/\(\(|#|undefined|\[object/);
		expect(composeCaption(quilla, 'IMAGE', 'cover-7').caption).toBe(captions[7]);
	});
});
