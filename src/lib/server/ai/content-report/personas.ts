// The personas the content report writes for: the seven demo bots, each given a character
// reference (what a vision model would have said about its reference image), and random personas
// drawn with faker from word lists Rudo's writer has never seen (music genres, dishes, animals,
// book genres…), so the figures also say how the writer copes with interests it has no topic for.
import { Faker, base, en } from '@faker-js/faker';
import { ART_STYLES, BOT_TIERS } from '../../../schemas/enums.ts';
import type { PersonaDna } from '../../../schemas/persona.ts';
import { DEMO_BOTS } from '../../demo/seed.ts';
import { toBotContext, type BotContext, type CharacterAnalysis } from '../types.ts';

/** What a vision model would say about each demo bot's reference image. */
export const DEMO_REFERENCES: Record<string, CharacterAnalysis> = {
	neon_nomad: {
		appearance: 'A lanky courier in a long dark coat with a hood, a cracked visor over the eyes and a teal scarf.',
		palette: ['#0b0820', '#00f0ff', '#ff2bd6', '#1c1a33'],
		distinguishingFeatures: ['cracked visor', 'teal scarf', 'dark hooded coat'],
		styleNotes: 'Hard neon rim light, wet reflections.'
	},
	petal_prose: {
		appearance: 'A small round gardener with a wide straw hat, rosy cheeks and a green apron.',
		palette: ['#f7c8d0', '#9cc5a1', '#e9d8a6'],
		distinguishingFeatures: ['straw hat', 'green apron', 'rosy cheeks'],
		styleNotes: 'Soft edges, pale washes.'
	},
	pixel_pete: {
		appearance: 'A chunky pixel hero with a red cap, big round eyes and blue headphones.',
		palette: ['#ef233c', '#2b2d42', '#8ecae6'],
		distinguishingFeatures: ['red cap', 'blue headphones'],
		styleNotes: 'Hard pixel edges, four-colour shading.'
	},
	chef_orbit: {
		appearance: 'A tall chef with a white chef hat, gold-rimmed glasses and an orange apron.',
		palette: ['#e85d04', '#ffba08', '#370617', '#ffffff'],
		distinguishingFeatures: ['white chef hat', 'gold glasses', 'orange apron'],
		styleNotes: 'Warm kitchen light.'
	},
	zen_ink: {
		appearance: 'A calm figure with a shaved head, a black robe and a red sash.',
		palette: ['#111111', '#f5f5f0', '#c1121f'],
		distinguishingFeatures: ['black robe', 'red sash'],
		styleNotes: 'One brush weight, lots of empty space.'
	},
	comic_kai: {
		appearance: 'A wiry skater with a blue cape, a yellow mask and scuffed boots.',
		palette: ['#003566', '#ffd60a', '#e63946'],
		distinguishingFeatures: ['blue cape', 'yellow mask', 'scuffed boots'],
		styleNotes: 'Bold ink, halftone shadows.'
	},
	vapor_vera: {
		appearance: 'A dreamy girl with pink hair in a bun, heart-shaped sunglasses and a cyan jacket.',
		palette: ['#ff71ce', '#01cdfe', '#b967ff'],
		distinguishingFeatures: ['pink hair', 'heart-shaped sunglasses', 'cyan jacket'],
		styleNotes: 'Pastel gradients, chrome highlights.'
	}
};

export function demoPersonas(withReferences = true): BotContext[] {
	return DEMO_BOTS.map((b) => ({
		...toBotContext({ id: `report_${b.handle}`, handle: b.handle, name: b.name, bio: b.bio, tier: b.tier, artStyle: b.artStyle, personaDna: b.dna }),
		characterAnalysis: withReferences ? (DEMO_REFERENCES[b.handle] ?? null) : null
	}));
}

const VOICES = [
	'lowercase, dry, a little deadpan',
	'warm and chatty, exclamation marks everywhere',
	'gentle, lyrical, short lines',
	'curious, full of questions',
	'confident, a little showy',
	'spare, calm, aphoristic',
	'excitable gamer slang',
	'dreamy, nostalgic',
	'loud, ALL CAPS for emphasis'
];
const WEARABLES = ['scarf', 'cap', 'jacket', 'glasses', 'boots', 'hat', 'hoodie', 'headphones', 'cape', 'apron', 'bandana'];
const EMOJI: PersonaDna['emoji'][] = ['none', 'sparing', 'lots'];

/** A random persona from faker's word lists, deterministic for the seed. */
export function randomPersona(seed: number): BotContext {
	const faker = new Faker({ locale: [en, base], seed });
	const pickOne = <T>(xs: readonly T[]) => xs[faker.number.int({ min: 0, max: xs.length - 1 })];
	const name = faker.person.fullName();
	const interestMakers = [
		() => `${faker.music.genre().toLowerCase()} music`,
		() => faker.food.dish().toLowerCase(),
		() => `${faker.food.ethnicCategory()} cooking`,
		() => `${faker.animal.type()}s`,
		() => `${faker.book.genre().toLowerCase()} novels`,
		() => faker.commerce.department().toLowerCase(),
		() => `${faker.vehicle.type().toLowerCase()}s`
	];
	const interests = [...new Set(faker.helpers.shuffle(interestMakers).slice(0, 3).map((make) => make()))];
	const palette = Array.from({ length: 3 }, () => faker.color.rgb({ format: 'hex', casing: 'lower' }));
	const features = faker.helpers.arrayElements(WEARABLES, 2).map((w) => `${faker.color.human()} ${w}`);
	const dna: PersonaDna = {
		voice: pickOne(VOICES),
		traits: [faker.word.adjective(), faker.word.adjective()],
		interests,
		examplePosts: seed % 3 === 1 ? [] : [faker.food.description()],
		catchphrases: seed % 2 === 0 ? [faker.word.interjection()] : [],
		palette,
		emoji: pickOne(EMOJI)
	};
	const handle = faker.internet.username({ firstName: name.split(' ')[0] }).toLowerCase().replace(/[^a-z0-9_]/g, '_').slice(0, 30);
	return {
		...toBotContext({ id: `random_${seed}`, handle, name, bio: `${faker.person.bio()}. Into ${interests.slice(0, 2).join(' and ')}.`, tier: pickOne(BOT_TIERS), artStyle: pickOne(ART_STYLES), personaDna: dna }),
		characterAnalysis: {
			appearance: `A ${faker.word.adjective()} figure in a ${features.join(' and a ')}.`,
			palette: [...palette, faker.color.rgb({ format: 'hex', casing: 'lower' })],
			distinguishingFeatures: features,
			styleNotes: 'Keep the palette and the clothing.'
		}
	};
}
