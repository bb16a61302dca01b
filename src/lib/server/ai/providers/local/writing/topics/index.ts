// Looking things up in the topic families (families.ts): which families an interest belongs to,
// which known things a text mentions, and what to draw for a thing.
import { TOPICS } from './families.ts';
import type { MotifId, Topic } from './types.ts';

export { GENERIC_TOPIC, TOPICS } from './families.ts';
export type { MotifId, Topic } from './types.ts';

/** Things whose own drawing beats the topic default (a cat at the market is a cat). */
export const THING_MOTIFS: Array<[RegExp, MotifId]> = [
	[/\b(cat|tabby|kitten|strays?)\b/, 'cat'],
	[/\b(bird|sparrow|wren|robin|blackbird|feather|nest)\b/, 'bird'],
	[/\b(peon|rose|flower|blossom)/, 'flower'],
	[/\b(seedling|basil|mint|plant|vine|herb)/, 'plant'],
	[/\b(tea|teacup|teapot|kettle|mug|espresso|coffee)\b/, 'cup'],
	[/\b(bowl|noodle|dumpling|broth|ramen|soup)\b/, 'bowl'],
	[/\b(jar|brine|crock|ferment|kimchi|hot sauce)\b/, 'jar'],
	[/\b(plate|plating|microgreens|garnish)\b/, 'plate'],
	[/\b(stall|market|basket|stand|crate)\b/, 'stall'],
	[/\b(pot|stew|jollof|soup|egusi)\b/, 'pot'],
	[/\b(lantern|lamp|candle)\b/, 'lantern'],
	[/\b(neon|skyline|city|rooftop|billboard|overpass|taxi|street)\b/, 'skyline'],
	[/\b(payphone|phone|dial)\b/, 'phone'],
	[/\b(tv|television|crt|vhs)\b/, 'tv'],
	[/\b(cassette|tape|walkman|mixtape)\b/, 'cassette'],
	[/\b(fountain|mall|food court|escalator)\b/, 'fountain'],
	[/\b(controller|cartridge|console|boss|level|arcade)\b/, 'controller'],
	[/\b(headphones|record|vinyl|bassline|playlist)\b/, 'headphones'],
	[/\b(synth|keyboard|piano|arpeggio|square wave|tracker)\b/, 'keyboard'],
	[/\b(skate|skateboard|kickflip|half-pipe|ollie|deck)\b/, 'skateboard'],
	[/\b(cape|mask|hero|superhero|villain)\b/, 'mask'],
	[/\b(panel|comic|speech bubble|splash page|kapow)\b/, 'burst'],
	[/\b(brush|ink|calligraph|stroke|enso)\b/, 'brush'],
	[/\b(book|poem|poetry|notebook|paperback|page|stanza)\b/, 'book'],
	[/\b(moon|star|planet|telescope|comet)\b/, 'moon'],
	[/\b(loaf|bread|dough|croissant)\b/, 'bread'],
	[/\b(yarn|knit|stitch|wool|sweater)\b/, 'yarn'],
	[/\b(dog|puppy|leash)\b/, 'dog'],
	[/\b(wave|tide|surf|shore|sea|ocean)\b/, 'wave'],
	[/\b(mountain|ridge|summit|trail)\b/, 'mountain'],
	[/\b(camera|film roll|polaroid|lens)\b/, 'camera'],
	[/\b(guitar|bass guitar)\b/, 'guitar']
];

/** Families that match many interests loosely ("tech", "music", "city"): used only when no specific one does. */
const BROAD = new Set(['cooking', 'synth-music', 'city-night', 'science', 'sport', 'travel', 'art']);

/** The families an interest belongs to, most specific first (order of TOPICS). */
export function topicsFor(text: string): Topic[] {
	const lower = text.toLowerCase();
	const all = TOPICS.filter((t) => t.match.test(lower));
	const specific = all.filter((t) => !BROAD.has(t.id));
	return specific.length > 0 ? specific : all;
}

/** Every thing and place the topics name, mapped to its topic's drawing ("fried egg" → bowl). */
let thingIndex: Map<string, { motif: MotifId; place: boolean }> | null = null;
function indexOfThings(): Map<string, { motif: MotifId; place: boolean }> {
	if (!thingIndex) {
		thingIndex = new Map();
		for (const t of TOPICS) {
			for (const [list, place] of [[t.things, false], [t.places, true]] as const) {
				for (const raw of list) {
					const key = raw.replace(/^~/, '').replace(/^(the|this|a) /, '').toLowerCase();
					if (!thingIndex.has(key)) thingIndex.set(key, { motif: motifOfKnown(key, t.motif), place });
				}
			}
		}
	}
	return thingIndex;
}

const motifOfKnown = (key: string, topicMotif: MotifId) => THING_MOTIFS.find(([re]) => re.test(key))?.[1] ?? topicMotif;

let knownRe: RegExp | null = null;
/**
 * The things and places of the topic lexicon that a text names, in order, each with its drawing;
 * a longer name wins over a shorter one inside it ("noodle stall" over "stall").
 */
export function knownThingsIn(text: string): Array<{ text: string; motif: MotifId; place: boolean; at: number }> {
	const index = indexOfThings();
	if (!knownRe) {
		const keys = [...index.keys()].filter((k) => k.length >= 3).sort((a, b) => b.length - a.length);
		knownRe = new RegExp(`(?<![\\p{L}])(${keys.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?:s|es)?(?![\\p{L}])`, 'gu');
	}
	const out: Array<{ text: string; motif: MotifId; place: boolean; at: number }> = [];
	for (const m of text.toLowerCase().matchAll(knownRe)) {
		const entry = index.get(m[1]);
		if (entry) out.push({ text: m[1], motif: entry.motif, place: entry.place, at: m.index ?? 0 });
	}
	return out;
}

/**
 * The drawing for a thing: its own when it has one ("stray cat" → cat), else the drawing of the
 * topic that names it ("rusted door" → urban exploration → building), else `fallback`.
 */
export function motifFor(thing: string, fallback: MotifId): MotifId {
	const lower = thing.toLowerCase().trim();
	const own = THING_MOTIFS.find(([re]) => re.test(lower))?.[1];
	if (own) return own;
	const index = indexOfThings();
	const singular = lower.replace(/ies$/, 'y').replace(/(?<=[^s])s$/, '');
	return index.get(lower)?.motif ?? index.get(singular)?.motif ?? index.get(`${lower}s`)?.motif ?? fallback;
}

/** Mass nouns take "some", never "a". */
export function parseThing(raw: string): { text: string; mass: boolean } {
	return raw.startsWith('~') ? { text: raw.slice(1), mass: true } : { text: raw, mass: false };
}
