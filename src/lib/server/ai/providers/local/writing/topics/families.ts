// What the offline writer knows about the world: for families of interests (cooking, gardening,
// retro games…), the concrete things, places, actions and sensations a person into them would
// mention, the emoji they would use and the motif the local image renderer draws for them.
//
// This is vocabulary, not sentence templates: the grammar (grammar.ts) decides how things are said;
// topics only supply what a cook or a gardener talks about. A persona's own words (bio, example
// posts, character reference) come first; a topic fills in when those run short, and interests no
// family knows fall back to the persona's own words and a generic family.
//
// Format (kept compact on purpose): every list is one string split on '|'. Things are singular
// noun phrases without an article; a leading '~' marks a mass noun ("some broth", never "a broth").
// Places are singular and carry their article. Actions are base-form verb phrases ("stir the pot").
// Senses are predicates in the third person singular ("smells like smoke and pepper").
import type { MotifId, Topic } from './types.ts';

const list = (s: string) => s.split('|').map((x) => x.trim()).filter(Boolean);

function topic(id: string, match: RegExp, motif: MotifId, parts: { things: string; places: string; actions: string; senses: string; times: string; emoji: string }): Topic {
	return { id, match, motif, things: list(parts.things), places: list(parts.places), actions: list(parts.actions), senses: list(parts.senses), times: list(parts.times), emoji: list(parts.emoji) };
}

export const TOPICS: Topic[] = [
	topic('west-african-food', /west african|jollof|nigerian|ghanaian|senegal|suya|egusi|plantain/, 'pot', {
		things: 'jollof|plantain|scotch bonnet|~pepper sauce|~suya spice|~egusi|okra|~palm oil|yam|~pepper soup|puff-puff',
		places: 'the stove|the back of the kitchen|the smoke of the grill|the pass',
		actions: 'toast the rice|pound the pepper|fry the plantain|stir the stew|build the base|let the pot catch',
		senses: 'smells like smoke and pepper|smells like somebody’s auntie is visiting|crackles at the bottom of the pot|turns the whole flat orange',
		times: 'before service|on a slow sunday|after the market run|at family-dinner time',
		emoji: '🍲|🌶️|🥘|🔥'
	}),
	topic('street-food', /street food|night market|hawker|food stall|food truck|dumpling|noodle|skewer|bao|taco/, 'bowl', {
		things: 'dumpling|noodle bowl|skewer|bao|~chili oil|~broth|paper lantern|plastic stool|~steam|fried egg',
		places: 'the noodle stall|the dumpling cart|the back of the night market|the corner stand|the counter under the awning',
		actions: 'queue for dumplings|burn my tongue on the broth|eat standing up|point at the menu|trade nods with the cook',
		senses: 'smells like charcoal and rain|hisses every time the wok moves|steams up the whole corner|glows under one bare bulb',
		times: 'at 3am|after midnight|between two rain showers|on the last night of the market',
		emoji: '🍜|🥟|🍢|🏮'
	}),
	topic('cooking', /cook|cuisine|recipe|kitchen|chef|flavou?r|dish|stew|curry|spice|food|meal|dinner|grill|bbq|pasta|pizza/, 'pot', {
		things: 'cast-iron pan|~stock|wooden spoon|onion|~garlic|~spice blend|tasting spoon|~sauce|lemon|pot',
		places: 'the stove|the chopping board|the kitchen window|the spice shelf',
		actions: 'taste as I go|burn the first batch|reduce the sauce|salt the water like the sea|plate it up',
		senses: 'smells like garlic and good decisions|sizzles exactly the right way|fogs up the window|fills the whole flat',
		times: 'before dinner|at the end of a long shift|on a slow sunday|while the rice rests',
		emoji: '🍳|🧄|🥘|🍋'
	}),
	topic('fermentation', /ferment|pickl|kimchi|kombucha|sourdough|brine|miso|hot sauce/, 'jar', {
		things: 'jar|~brine|~hot sauce|starter|airlock|~kimchi|crock|~salt|~mash',
		places: 'the top shelf|the dark cupboard|the windowsill|the back of the fridge',
		actions: 'burp the jars|check the bubbles|taste the brine|wait another week|label the jars',
		senses: 'fizzes when I open it|smells sour in the best way|is very much alive|bubbles like it has opinions',
		times: 'on day 12|a week in|overnight|every morning',
		emoji: '🫙|🧂|🌶️'
	}),
	topic('plating', /plating|plate|garnish|fine dining|presentation/, 'plate', {
		things: 'plate|~microgreens|tweezers|swoosh of sauce|edible flower|~foam|ring mould',
		places: 'the pass|the white plate|the edge of the plate|the tasting counter',
		actions: 'place every herb with tweezers|wipe the rim twice|stack it tall|leave room on the plate|drag the sauce in one stroke',
		senses: 'looks like a small planet|catches the light just right|takes longer to plate than to eat',
		times: 'right before service|at the tasting|under the heat lamps',
		emoji: '🍽️|🌿|✨'
	}),
	topic('markets', /market|bazaar|haggl|grocer|produce|farmers/, 'stall', {
		things: 'basket|~produce|melon|crate of tomatoes|paper bag|bunch of herbs|handwritten price tag',
		places: 'the market|the stall at the end|the fish aisle|the fruit stand',
		actions: 'haggle over tomatoes|fill the basket|taste a slice|walk every aisle twice|chat with the spice seller',
		senses: 'smells like ripe fruit and diesel|is loud in the best way|is all colour at this hour',
		times: 'at opening time|early on saturday|just before closing',
		emoji: '🧺|🍅|🍉'
	}),
	topic('gardening', /garden|plant|flower|peon|basil|seed|soil|greenhouse|allotment|roses|herb/, 'plant', {
		things: 'seedling|peony|~basil|trowel|watering can|~soil|tomato vine|rose|~mint|~compost',
		places: 'the garden|the windowsill|the back step|the raised bed|the greenhouse',
		actions: 'water the seedlings|pull the weeds|repot the mint|wait for the peonies|dig my hands into the soil',
		senses: 'smells like rain on warm soil|is greener than yesterday|leans toward the window|hums with bees',
		times: 'at dawn|after the rain|in the first warm week|before the heat',
		emoji: '🌱|🌸|🌿'
	}),
	topic('tea', /\btea\b|matcha|kettle|oolong|chai/, 'cup', {
		things: 'teacup|kettle|~oolong|~mint tea|teapot|~steam|~honey',
		places: 'the kitchen table|the window seat|the back step',
		actions: 'put the kettle on|steep it too long|warm my hands on the cup|pour a second cup',
		senses: 'steams against the window|tastes like a slow morning|goes cold while I read',
		times: 'this morning|before anyone is awake|at four o’clock|on a grey afternoon',
		emoji: '🍵|☕|🫖'
	}),
	topic('coffee', /coffee|espresso|latte|barista|cafe|café/, 'cup', {
		things: 'espresso|mug|~cold brew|~foam|grinder|moka pot',
		places: 'the café window|the kitchen counter|the corner table',
		actions: 'grind the beans|pull a shot|burn my tongue|order the usual',
		senses: 'smells like a fresh start|is already half gone|steams up my glasses',
		times: 'before coffee|at 7am|mid-afternoon',
		emoji: '☕|🥐'
	}),
	topic('birds', /bird|sparrow|wren|finch|owl|crow|pigeon|robin|feeder/, 'bird', {
		things: 'sparrow|wren|robin|feeder|feather|nest|blackbird',
		places: 'the feeder|the hedge|the fence post|the top of the pear tree',
		actions: 'listen for the wrens|refill the feeder|count the sparrows|sit very still',
		senses: 'sounds like an argument about breakfast|goes quiet all at once|sings before the light does',
		times: 'at first light|just after dawn|at dusk',
		emoji: '🐦|🪶|🌳'
	}),
	topic('poetry', /poem|poetry|verse|haiku|writing|words|library|book|read|novel|literature/, 'book', {
		things: 'notebook|line|stanza|paperback|pencil|margin note|~ink',
		places: 'the margin|the last page|the library steps|the window seat',
		actions: 'cross out the second line|read it out loud|fold down a page|write one small poem',
		senses: 'sounds better out loud|refuses to rhyme|stays with me all day',
		times: 'before bed|on the bus|in the quiet hour',
		emoji: '📖|🖋️|📝'
	}),
	topic('retro-games', /retro game|video game|gaming|game|arcade|console|nintendo|pixel|8-bit|16-bit/, 'controller', {
		things: 'cartridge|controller|save file|boss fight|warp pipe|high score|extra life|sprite|hitbox',
		places: 'the water level|world 1-1|the final boss room|the arcade|the title screen',
		actions: 'blow on the cartridge|grind one more level|find the secret room|beat the boss with one heart left',
		senses: 'beeps like 1991|has the best soundtrack ever|has no right to be this hard',
		times: 'at 2am|after school|on a rainy saturday',
		emoji: '🎮|👾|🕹️|⭐'
	}),
	topic('speedrunning', /speedrun|any%|world record|\bpb\b|glitch/, 'controller', {
		things: 'split|wall clip|frame-perfect jump|personal best|reset|timer|route|skip',
		places: 'the first split|the last split|the practice save|the leaderboard',
		actions: 'reset for the tenth time|hit the wall clip|practise the skip|shave off two seconds',
		senses: 'comes down to one frame|is pure muscle memory now|hurts and I love it',
		times: 'on attempt 40|at 3am|after the hundredth reset',
		emoji: '⏱️|🏁|🎮'
	}),
	topic('chiptune', /chiptune|chip music|8-bit music|tracker|game boy music/, 'keyboard', {
		things: 'square wave|arpeggio|tracker pattern|bassline|game boy|drum loop|drum fill',
		places: 'the tracker|the headphones|the loop pedal',
		actions: 'write a new loop|stack the arpeggios|bend the square wave|loop it forty times',
		senses: 'sounds like a boss battle in a good mood|beeps in all the right places|is stuck in my head',
		times: 'at midnight|in the tenth hour|before the level starts',
		emoji: '🎶|🎹|👾'
	}),
	topic('synth-music', /synth|synthwave|electronic|techno|house music|bass|\bdj\b|vinyl|music|\bsongs?\b|playlist|\bband\b|jazz|hip ?hop|rap|rock|punk|pop|indie|metal|classical|country|blues|reggae|soul|folk|opera|funk|disco|k-?pop|ambient/, 'headphones', {
		things: 'bassline|synth pad|vinyl record|headphones|playlist|cassette|drum machine|chorus',
		places: 'the headphones|the record shop|the back of the club|the late bus',
		actions: 'loop the bassline|turn it up one more notch|dig through the crates|play it on repeat',
		senses: 'hums under everything|sounds like neon looks|rattles the windows',
		times: 'at 2am|on the night bus|after the rain',
		emoji: '🎧|🎶|🎹'
	}),
	topic('lofi', /lo-?fi|chillhop|vaporwave|city pop/, 'cassette', {
		things: 'cassette|~tape hiss|warped chord|~vinyl crackle|walkman|mixtape',
		places: 'the tape deck|the rainy window|the back seat',
		actions: 'rewind the tape with a pencil|play the same side again|let the hiss run',
		senses: 'crackles like an old photo|sounds like a memory|loops forever',
		times: 'at dusk|after midnight|on a sunday with nowhere to be',
		emoji: '📼|🎧|🌆'
	}),
	topic('city-night', /night|city|urban|neon|megacit|street|rooftop|subway|metro|alley|cyber/, 'skyline', {
		things: 'neon sign|puddle|rooftop|fire escape|taxi|streetlight|billboard|overpass|last train',
		places: 'the rooftop|the overpass|sector 9|the alley behind the arcade|the empty platform|this street',
		actions: 'walk the long way home|climb the fire escape|follow the neon|wait out the rain under an awning',
		senses: 'hums in B flat|tastes like ozone|reflects in every puddle|never fully sleeps',
		times: 'at 3am|after midnight|in the rain|when the trains stop',
		emoji: '🌃|🌙|🌧️'
	}),
	topic('urban-exploration', /urban explor|abandoned|ruin|derelict|explor/, 'building', {
		things: 'stairwell|broken window|rusted door|torch|map|tunnel|loading dock',
		places: 'the old cinema|the stairwell|the disused platform|the roof of the old mill',
		actions: 'find a door that should be locked|follow the stairs down|map the tunnels|climb one floor higher',
		senses: 'echoes when you breathe|smells like dust and iron|is quieter than it should be',
		times: 'after midnight|at first light|on a grey sunday',
		emoji: '🔦|🏚️|🗺️'
	}),
	topic('cats', /\bcats?\b|kitten|stray/, 'cat', {
		things: 'stray cat|tabby|whisker|cardboard box|paw print',
		places: 'the windowsill|the fire escape|the fish stall|the warm engine',
		actions: 'share my dumplings with a stray|get ignored by a cat|count the strays',
		senses: 'stares like it knows something|purrs like an engine|runs this street',
		times: 'after midnight|at feeding time|in the rain',
		emoji: '🐈|🐾'
	}),
	topic('comics', /comic|manga|graphic novel|panel|\bink(ing|ed)?\b|cartoon/, 'burst', {
		things: 'panel|speech bubble|splash page|cliffhanger|inking pen|sound effect|issue',
		places: 'panel four|the splash page|the last page of the issue|the drawing desk',
		actions: 'ink six panels|letter the sound effects|redraw the hands again|end on a cliffhanger',
		senses: 'reads like a punch|needs one more sound effect|is basically a movie now',
		times: 'at deadline|after midnight|on issue day',
		emoji: '💥|⚡|🗯️'
	}),
	topic('superheroes', /superhero|hero|cape|villain|sidekick/, 'mask', {
		things: 'cape|mask|secret identity|arch-nemesis|sidekick|utility belt|origin story',
		places: 'the rooftop|the secret lair|the laundromat|the scene of the crime',
		actions: 'iron the cape|save the day|strike a pose|keep my identity secret',
		senses: 'flaps heroically in the wind|is not machine washable|has a dramatic backstory',
		times: 'at dawn patrol|in the nick of time|before the credits',
		emoji: '🦸|💥|⚡'
	}),
	topic('skateboarding', /skate|skateboard|ollie|kickflip|half-?pipe/, 'skateboard', {
		things: 'kickflip|deck|half-pipe|grip tape|scraped knee|ollie|rail',
		places: 'the skatepark|the half-pipe|the car park ledge|the bottom of the ramp',
		actions: 'land the kickflip|bail on the rail|wax the ledge|drop in',
		senses: 'roars on the concrete|hurts in a good way|finally lands',
		times: 'at golden hour|after school|until the lights go off',
		emoji: '🛹|🩹'
	}),
	topic('calligraphy', /calligraph|brush|ink|lettering|sumi|stroke/, 'brush', {
		things: 'brush|~ink|stroke|~rice paper|ink stone|line|enso',
		places: 'the desk|the blank page|the edge of the paper',
		actions: 'grind the ink|load the brush|draw one line|leave the page empty',
		senses: 'knows before the hand does|dries faster than I think|says more than the words',
		times: 'before dawn|in the first hour|between breaths',
		emoji: '🖌️|🖋️'
	}),
	topic('meditation', /meditat|mindful|breath|zen|yoga|stillness|calm/, 'lotus', {
		things: 'breath|cushion|bell|~silence|candle|moment|pause',
		places: 'the cushion|the quiet room|the open window',
		actions: 'sit for ten minutes|count the breaths|let the thought pass|start over',
		senses: 'asks for nothing|is enough|settles like dust',
		times: 'before dawn|at the end of the day|between two tasks',
		emoji: '🪷|🕯️'
	}),
	topic('architecture', /architect|building|brutalis|concrete|design|interior|house|bridge/, 'building', {
		things: 'column|arch|stairwell|concrete wall|doorway|window|courtyard|roofline',
		places: 'the courtyard|the stairwell|the empty hall|the corner of the building',
		actions: 'follow the light across the floor|sit in the doorway|look up for once',
		senses: 'holds the light like water|makes room for quiet|frames the sky',
		times: 'at noon|in the late light|on an empty sunday',
		emoji: '🏛️|📐'
	}),
	topic('malls', /\bmalls?\b|food court|arcade|shopping|escalator|fountain/, 'fountain', {
		things: 'fountain|escalator|food court|neon sign|potted palm|shop window|coin',
		places: 'the food court|the mall fountain|the top of the escalator|the empty atrium',
		actions: 'toss a coin in the fountain|ride the escalator twice|wander past the closed shops',
		senses: 'echoes like a cathedral|glows pink at closing time|smells like pretzels and chlorine',
		times: 'at closing time|at dusk|in 1996',
		emoji: '🌴|🛍️|⛲'
	}),
	topic('vintage-tech', /vintage tech|retro tech|payphone|dial|walkman|crt|cassette|vhs|floppy|pager|90s|80s/, 'tv', {
		things: 'payphone|dial tone|crt television|vhs tape|pager|floppy disk|answering machine',
		places: 'the payphone|the thrift store shelf|the old living room',
		actions: 'call the year 1996|rewind the tape|wait for the dial-up tone|blow the dust off',
		senses: 'buzzes like summer 1995|still works somehow|hums when you switch it on',
		times: 'in 1996|after school|on a sunday afternoon',
		emoji: '📼|📟|☎️'
	}),
	topic('photography', /photo|camera|film photography|35mm|polaroid/, 'camera', {
		things: 'camera|roll of film|contact sheet|lens|shutter|polaroid',
		places: 'the darkroom|the street corner|the window light',
		actions: 'wait for the light|shoot the last frame|develop the roll',
		senses: 'catches the light just right|is slightly out of focus and perfect',
		times: 'at golden hour|at blue hour|on the last frame',
		emoji: '📷|🎞️'
	}),
	topic('hiking', /hik|mountain|trail|climb|camping|outdoor|forest|nature|wild/, 'mountain', {
		things: 'trail|ridge|summit|hiking boot|trail map|campfire|pine',
		places: 'the ridge|the trailhead|the summit|the edge of the forest',
		actions: 'take the long trail|reach the ridge|light the stove|watch the fog lift',
		senses: 'smells like pine and rain|goes quiet at the top|is worth the blisters',
		times: 'at first light|before the fog lifts|at dusk',
		emoji: '⛰️|🌲|🥾'
	}),
	topic('ocean', /ocean|\bseas?\b|surf|beach|sail|swim|dive|coast/, 'wave', {
		things: 'wave|tide|surfboard|shell|~salt|~sea glass',
		places: 'the shoreline|the pier|the break|the tide pools',
		actions: 'wait for the set|walk the tide line|paddle out|pocket the sea glass',
		senses: 'sounds like breathing|is colder than it looks|smells like salt',
		times: 'at low tide|at dawn|after the storm',
		emoji: '🌊|🐚'
	}),
	topic('knitting', /knit|crochet|yarn|sew|quilt|embroider|craft|weav/, 'yarn', {
		things: 'ball of yarn|stitch|needle|pattern|sweater|~wool',
		places: 'the armchair|the craft table|the window seat',
		actions: 'drop a stitch|cast on|frog the whole row|finish the sleeve',
		senses: 'is softer than it looks|takes exactly as long as it takes|tangles on purpose',
		times: 'in the evening|on the train|by the radiator',
		emoji: '🧶|🪡'
	}),
	topic('baking', /bak|bread|cake|pastr|croissant|cookie|sourdough/, 'bread', {
		things: 'loaf|~dough|croissant|~flour|proofing basket|crust',
		places: 'the oven door|the floury counter|the cooling rack',
		actions: 'knead the dough|wait for the rise|score the loaf|burn my wrist on the tray',
		senses: 'smells like a bakery at dawn|crackles as it cools|rose beautifully',
		times: 'at 5am|overnight|on a cold morning',
		emoji: '🍞|🥐|🥖'
	}),
	topic('film', /film|cinema|movie|director|screen/, 'film', {
		things: 'film reel|ticket stub|~popcorn|screen|credits|soundtrack',
		places: 'the back row|the cinema|the late screening',
		actions: 'stay for the credits|watch it twice|argue about the ending',
		senses: 'flickers in the dark|looks better on film|stays with me for days',
		times: 'at the late screening|on a rainy sunday|after midnight',
		emoji: '🎬|🍿|🎞️'
	}),
	topic('pets', /\bdogs?\b|puppy|pet|animal|horse|rabbit/, 'dog', {
		things: 'dog|leash|tennis ball|paw|walk|tail',
		places: 'the park|the front door|the end of the leash',
		actions: 'throw the ball again|take the long walk|share the sofa',
		senses: 'wags like a metronome|has no indoor voice|knows when I am sad',
		times: 'at walk time|first thing in the morning|after work',
		emoji: '🐕|🐾'
	}),
	topic('space', /space|astronom|star|planet|galax|cosmos|moon|orbit|rocket/, 'moon', {
		things: 'moon|telescope|comet|star chart|planet|orbit',
		places: 'the rooftop|the dark field|the edge of town',
		actions: 'find Saturn|wait for the clouds to clear|track the meteor shower',
		senses: 'looks close enough to touch|makes everything feel small|hangs there like a coin',
		times: 'after midnight|on a clear night|at the new moon',
		emoji: '🌙|🔭|✨'
	}),
	topic('science', /science|physics|chemistry|biology|lab|experiment|math|code|coding|program|robot|engineer|tech/, 'flask', {
		things: 'notebook|hypothesis|prototype|circuit|graph|experiment|bug',
		places: 'the lab bench|the whiteboard|the workbench',
		actions: 'run it one more time|rewrite the hypothesis|fix the bug|test the prototype',
		senses: 'almost works|is weirder than expected|finally makes sense',
		times: 'at 2am|on a friday afternoon|after the third coffee',
		emoji: '🧪|🔬|💡'
	}),
	topic('sport', /\brun(ning)?\b|jogging|fitness|\bgym\b|football|soccer|basketball|tennis|cycling|\bsports?\b|marathon|swimming/, 'ball', {
		things: 'ball|trainers|finish line|personal best|water bottle|warm-up',
		places: 'the track|the court|the last mile|the starting line',
		actions: 'run the last mile|stretch properly for once|beat my time|show up in the rain',
		senses: 'burns in a good way|goes faster than I thought|is mostly a mind game',
		times: 'at 6am|after work|on race day',
		emoji: '🏃|⚽|🏀'
	}),
	topic('travel', /travel|wander|journey|trip|abroad|train|road trip|backpack|adventur|nomad/, 'suitcase', {
		things: 'suitcase|ticket|window seat|postcard|map|passport stamp',
		places: 'the window seat|the platform|a new city|the last stop',
		actions: 'miss the last train|take the long way|get lost on purpose',
		senses: 'smells like somewhere new|feels like the first day|never goes to plan',
		times: 'on the night train|at the border|on the first morning',
		emoji: '🧳|🗺️|🚆'
	}),
	topic('art', /\bart\b|painting|drawing|sketch|illustrat|watercolou?r|canvas|gallery/, 'brush', {
		things: 'sketchbook|brush|~paint|canvas|pencil|palette',
		places: 'the easel|the sketchbook|the gallery bench',
		actions: 'finish the sketch|mix one more colour|leave the corner unfinished',
		senses: 'looks better from across the room|dried a shade darker|finally works',
		times: 'in the morning light|late at night|between two coffees',
		emoji: '🎨|🖌️|✏️'
	})
];

/** A last resort for interests no family knows: things anyone could mention. */
export const GENERIC_TOPIC: Topic = topic('everyday', /.^/, 'lantern', {
	things: 'notebook|window|cup of tea|playlist|walk|photo|note to self',
	places: 'the window|the kitchen table|the walk home|the corner shop',
	actions: 'take the long way|write it down|go back for another look|tell someone about it',
	senses: 'stays with me all day|is better than it sounds|feels like a small win',
	times: 'this morning|tonight|on a slow sunday|after the rain',
	emoji: '✨|💫|🌈'
});
