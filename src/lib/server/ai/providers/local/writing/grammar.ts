// The offline writer's generative grammar (tracery). Rules are moves a person makes in a post (a
// scene, a small story, a take, a question, a log entry…), each with alternations inside, so that
// their combinations, not a list of templates, make the sentence shapes. Every slot is filled from
// the persona's own lexicon (lexicon.ts), bound once per post so that a caption keeps talking about
// the same thing:
//
//   S  the interest the post is about     S_be / S_it   "is"/"are", "it"/"they"
//   T  the main concrete thing (singular)  T_a T_the T_pl T_mass   with article / definite / plural / mass-or-plural
//   T2, T3 two more things                 P, P2   places ("the noodle stall")
//   A, A2 actions ("stir the pot")         A_ed A_ing A_s   past / gerund / third person
//   SENSE a predicate ("smells like…")     WHEN, WHEN2 time adverbials   STAMP a clock time
//   MINE, MINE2 the persona's own words (bio, example posts)   TRAIT FEEL ADJ
//   COLOUR COLOURS STYLE STYLE_DID FEATURE NAME N  palette, art style, character reference, name, number
//
// Move symbols are chosen by the composer (caption.ts) with weights from the voice and post type.
import tracery, { type Grammar } from 'tracery-grammar';
import type { Rng } from '../../../random.ts';

export const MOVES = ['scene', 'story', 'story_now', 'take', 'feel', 'ask', 'log', 'plan', 'list', 'saying', 'visual', 'motion', 'self', 'ref', 'echo'] as const;
export type Move = (typeof MOVES)[number];

export const BASE_RULES: Record<string, string[]> = {
	// --- scenes: what is in front of the persona right now (present tense) -------------------
	scene: [
		'#P.cap# #SENSE#.',
		'#STAMP#. #P#. #T_the.cap# #SENSE#.',
		'#T_the.cap# #SENSE#, and #nobody_notices#.',
		'Right now: #T_a#, #P#, #WHEN#.',
		'#P.cap#, #WHEN#. #T_the.cap# #SENSE#.',
		'There is #T_a# at #P# that #SENSE#.',
		'#WHEN.cap#, #P# #SENSE#.',
		'The light at #P# is doing something to #T_the# #WHEN#.',
		'#T_the.cap# and #T2_the#, #WHEN#. #whole_scene#',
		'Small thing: #T_the# at #P# #SENSE#.',
		'I keep noticing how #T_the# #SENSE#.',
		'#WHEN.cap# #P# belongs to #T_pl# and me.',
		'Back at #P#, where #T_the# #SENSE#.',
		'Nothing special: #T_a#, #T2_a#, #P#. #quiet_verdict.cap#.'
	],
	nobody_notices: ['nobody else seems to notice', 'I seem to be the only one looking', 'the rest of the world keeps walking', 'nobody is filming it but me'],
	whole_scene: ["That's the whole scene.", 'Nothing else needed.', 'Enough.', 'That was the evening.', 'Perfect, somehow.'],
	quiet_verdict: ['quietly perfect', 'exactly enough', 'better than any plan', 'the good kind of ordinary'],

	// --- small stories (past tense) -------------------------------------------------------
	story: [
		'#A_ed.cap# #WHEN#. #verdict.cap#.',
		'Went to #P# for #T_a#. Came back with #T2_a# and a story.',
		'Tried to #A#. #outcome#.',
		'#WHEN.cap# I #A_ed#, and honestly #T_the# #SENSE#.',
		'Spent #span# trying to #A#. #worth_it#.',
		'Finally #A_ed#. #relief#',
		'Someone at #P# asked me about #S#. #span.cap# later we were still talking.',
		"Told myself I'd only #A# for five minutes. That was #span# ago.",
		'Today I learned that #T_the# #SENSE#.',
		'#A_ed.cap#, #A2_ed#, forgot the time. #verdict.cap#.',
		'Meant to #A#. Ended up at #P# instead. #no_regrets#',
		'#WHEN.cap# #T_the# and I had a disagreement. #T_the.cap# won.'
	],
	// The same moves told in the present, for voices that ask for it ("noir, present tense").
	story_now: [
		'I #A# #WHEN#. #T_the.cap# #SENSE#.',
		'#A.cap#. #A2.cap#. #P.cap# #SENSE#.',
		'Every night I #A#. Every night #T_the# #SENSE#.',
		'I #A#. #T_the.cap# #SENSE#. #nobody_asks#',
		'#WHEN.cap#. I #A# and #T_the# #SENSE#.',
		'I try to #A#. #T_the.cap# has other plans.',
		'#P.cap#. I #A#, #A2# and wait.'
	],
	nobody_asks: ['Nobody asks why.', 'Nobody minds.', 'No one is watching.', 'Nobody needs to know.'],
	outcome: ['It went about as well as you would think', 'Nailed it on the third try', '#T_the.cap# won', 'Would do it again', 'Learned a lot, mostly about patience', 'Half worked. I am counting it'],
	worth_it: ['Worth it', 'Worth every minute', 'No regrets', 'Would recommend', 'Zero regrets'],
	relief: ['Took long enough.', 'Feels like a small miracle.', "I'm not crying, you are.", 'Time to celebrate, quietly.'],
	no_regrets: ['No regrets.', 'Best detour of the week.', 'Happens every time.', 'Classic me.'],

	// --- takes: opinions, stated with the persona's confidence ---------------------------
	take: [
		'Hot take: #S# #S_be# #opinion#.',
		'#S.cap# #S_be# #opinion#, and I will not be taking questions.',
		'Unpopular opinion: #T_the# is the best part of #S#.',
		"The secret to #S# is #T_a#. That's it. That's the secret.",
		'Nobody talks about how #T_the# #SENSE#.',
		'Ranking the things I love: #T_pl#, then #S#, then everything else.',
		"If you're not into #S# yet, start with #T_a#.",
		'#T_the.cap# is #praise#.',
		'Good #S# #S_be# mostly patience. Great #S# #S_be# #T_a# at the right moment.',
		'Say what you want about #S#, but #T_the# #SENSE#.',
		'#S.cap# #S_be# #opinion#. #T_the.cap# proves it.',
		'Controversial, maybe: #T_pl# beat #T2_pl# every time.'
	],
	opinion: ['a whole personality', 'criminally underrated', 'the best kind of slow', 'worth the mess', 'a way of paying attention', 'louder than it looks', 'better shared', 'never really finished', 'a form of self-care', 'pure joy in disguise'],
	praise: ['criminally underrated', 'the real main character', 'doing the most today', 'carrying this whole week', 'the unsung hero here', 'having a moment'],

	// --- feelings and confessions -----------------------------------------------------------
	feel: [
		"Can't explain it, but #S# makes me feel #FEEL#.",
		'Current status: #FEEL#, surrounded by #T_pl#.',
		"Confession: I #A# #WHEN# and I'd do it again.",
		'#T_the.cap# always makes me feel #FEEL#.',
		"Some days it's just me, #T_a# and #S#. Those are the good days.",
		'Feeling #FEEL#. Probably #T_the# talking.',
		'Weirdly #FEEL# about #T_pl# today.',
		'My #TRAIT# side wants to #A# #WHEN#. My sensible side agrees, for once.',
		'This is your sign to #A#.',
		'Grateful for #T_pl#, #MINE#, and #S#.',
		'Nothing fixes a long day like #T_a# and #S#.',
		"I didn't expect #T_the# to make me this #FEEL#."
	],

	// --- questions to the followers ----------------------------------------------------------
	ask: [
		"What's your #S# ritual? Mine involves #T_a#.",
		'Anyone else #A# #WHEN#, or is it just me?',
		'Is it just me, or has #T_the# been extra good lately?',
		'Real question: #T_a# or #T2_a#?',
		'How do you feel about #T_pl#? Asking for #S# reasons.',
		'What should I try next: #A# or #A2#?',
		"Tell me your favourite thing about #S#. Mine's #T_the#.",
		'Who else is into #S#? I need more people to talk #T_pl# with.',
		'Which is better #WHEN#: #T_the# or #T2_the#?',
		'Be honest: #T_howmany#?',
		'When did you last #A#? Be honest.',
		'What would you add to #P#? I say #T_a#.'
	],

	// --- progress logs ----------------------------------------------------------------------------
	log: [
		'Day #N# of #S#: #T_the# #SENSE#.',
		'Update: #T_the# #SENSE#.',
		'#S.cap# log, entry #N#. #A_ed.cap#. #verdict.cap#.',
		'Attempt #N#. #T_the.cap# #SENSE#. Going again.',
		'Progress report: #A_ed#, #A2_ed#, still #FEEL#.',
		'Week #N#. #T_the.cap# is starting to behave.',
		'Still at it: #A_ing#, #WHEN#, #N# hours in.',
		'Note to self: #A# before you #A2#.',
		'Field notes from #P#: #T_pl#, #T2_pl#, #verdict#.',
		'Lesson #N#: never #A# without #T_a# nearby.'
	],

	// --- plans ------------------------------------------------------------------------------------------
	plan: [
		"Tonight's plan: #A#, then #A2#.",
		'Tomorrow I #A#. Today I think about it.',
		'Weekend plans: #P#, #T_a#, no phone.',
		'Going to #A# #WHEN#. Wish me luck.',
		'Plan for today: #A#, #A2#, and absolutely nothing else.',
		'Headed to #P#. Will report back.',
		'The plan was to #A#. The plan has changed. The new plan is #T_pl#.',
		'Blocking out the whole evening for #S#. Do not disturb.'
	],

	// --- lists ----------------------------------------------------------------------------------------
	list: [
		'Three things keeping me going: #T_pl#, #MINE#, and #S#.',
		'#T_pl.cap#. #T2_pl.cap#. #S.cap#. In that order.',
		"Today's inventory: #T_a#, #T2_a#, one #TRAIT# mood.",
		'Things I loved this week: #T_the#, #P#, #A_ing#.',
		'Recipe for a good day: #T_a#, #MINE#, and #P#.',
		'#S.cap#, #MINE#, #T_pl#. That was the whole week.',
		'Packed for #P#: #T_a#, #T2_a#, #T3_a#. Priorities.',
		'Rules for #S#: one, #A#. Two, #A2#. Three, see rule one.'
	],

	// --- sayings, for aphoristic voices -------------------------------------------------------------
	saying: [
		'#S.cap# #S_be# not a hobby. #S_it.cap# #S_be# a way of paying attention.',
		'The best part of #S# is the waiting.',
		'Less noise. More #S#.',
		'#T_the.cap# teaches patience, whether you asked or not.',
		"You can't rush #T_a#. You can only #A#.",
		'Every #TC# is a small #lesson#.',
		'#S.cap# rewards those who #A#.',
		'Slow #S# is still #S#.',
		'Begin with #T_the#. The rest follows.',
		'What you practise grows. Today: #A_ing#.',
		'Empty #P# is not nothing. It is room.',
		'The #T# does not hurry. Neither do I.'
	],
	lesson: ['lesson', 'promise', 'argument with time', 'act of faith', 'beginning'],

	// --- image captions -------------------------------------------------------------------------------
	visual: [
		'A small study of #T_the#, in #MEDIUM# and #COLOURS#.',
		'Tried to capture how #T_the# #SENSE#.',
		'#T_the.cap# at #P#, #WHEN#. #STYLE_DID.cap# it before it could change.',
		'#STYLE.cap# mood: #T_a#, #P#, #COLOUR# everywhere.',
		'Caught #T_the# #WHEN#, in its natural habitat.',
		'#STYLE_DID.cap# #P# the way it looks #WHEN#.',
		'#STYLE_DID.cap# #T_the# #WHEN#. #verdict.cap#.',
		'Proof that #T_pl# look better in #COLOURS#.',
		'#T_the.cap#, #P#, and a lot of #COLOUR#.',
		"Here's #T_the# from #P#, #WHEN#.",
		'Sketch of the day: #T_a# at #P#.',
		'#T_a.cap#, #P#, mostly #COLOUR#. #STYLE_DID.cap# it from memory.',
		'For the record, this is what #T_a# looks like #WHEN#.',
		'Did #T_the# justice? #STYLE_DID.cap# it anyway.'
	],

	// --- video captions -------------------------------------------------------------------------------
	motion: [
		'Ten seconds of #T_the# at #P#.',
		'Watch closely: #T_the# #SENSE#.',
		'Press play: #P#, #WHEN#.',
		'On loop: #T_the# at #P#, #WHEN#.',
		'A few seconds of #S#, on repeat in my head since #STAMP#.',
		'Sound on. #P.cap# #SENSE#.',
		'Moving picture: #T_a#, #P#, #WHEN#.',
		"Couldn't sit still, so here's #T_the# in motion.",
		'Let it loop. #T_the.cap# never gets old.',
		'Five seconds at #P#, #WHEN#. Watch it twice.'
	],

	// --- the persona itself: traits, bio, name ----------------------------------------------------
	self: [
		'The #TRAIT# in me says #A# again.',
		'Still #TRAIT#. Still #A_ing#.',
		'#MINE.cap#, #MINE2#, #S#. Some things never change.',
		"Reminder that I'm mostly #MINE# and #S#.",
		"Being #TRAIT_ADJ# is a full-time job. Today's shift: #A_ing#.",
		'#NAME#, reporting live from #P#.',
		'Some people collect stamps. I collect #T_pl#.',
		'People ask what I do all day. Mostly #S#. Also #MINE#.',
		'Me, #WHEN#: #TRAIT#, #FEEL#, thinking about #MINE#.'
	],

	// --- the character reference (only for bots that have one) ------------------------------------
	ref: [
		'Wore the #FEATURE# to #P#. It fit right in.',
		'#FEATURE.cap#: on. #S.cap#: on.',
		'The #FEATURE# has seen more #T_pl# than most people.',
		'Adjusted the #FEATURE# and went back to #A_ing#.',
		'Same #FEATURE#, new #TC#.'
	],

	// --- shared fillers ------------------------------------------------------------------------------
	verdict: ['no notes', 'worth it', 'ten out of ten', 'would do again', 'still undefeated', 'better than expected', 'a little chaotic', 'quietly perfect', 'not done with me yet', 'somehow even better'],
	span: ['an hour', 'most of the afternoon', 'two whole hours', 'the entire evening', 'one very long song', 'forty minutes']
};

/** Sentences that open a post, as separate fragments (a trailing comma joins the next sentence). */
export const OPENERS: Record<string, string[]> = {
	plain: ['Okay.', 'Update.', 'Small thing.', 'Story time.', 'Quick one.', 'Late post.', 'So.', 'Field notes.'],
	clock: ['#STAMP#.', '#STAMP#, #P#.', '#STAMP#.'],
	narration: ['MEANWHILE…', 'Previously, on my life…', 'Issue #N#.', 'Elsewhere in the city…', 'Our story begins at #P#.'],
	slang: ['ok chat,', 'no cap,', 'lowkey,', 'chat.', 'real talk,'],
	dreamy: ['somewhere…', 'i think it was #WHEN#…', 'half awake…', 'in another year…'],
	noir: ['#STAMP#.', '#P#.', 'rain again.', 'another night.'],
	warm: ['Friends.', 'Listen.', 'Okay, family.', 'Gather round.'],
	gentle: ['Softly, then.', 'A small thing.', 'Slowly, then.', 'Quiet morning.', 'Just this.'],
	curious: ['Question.', 'Wondering.', 'Here is a thought.', 'Curious about something.'],
	dry: ['Well.', 'Naturally.', 'Of course.', 'As expected.']
};

export const CLOSERS: Record<string, string[]> = {
	plain: ['You?', 'Thoughts?', 'Anyway.', 'More soon.', "That's the post.", 'Back to it.', 'Tell me I am wrong.', 'Goodnight.'],
	narration: ['To be continued…', 'Next issue: chaos.', 'Our hero rests. For now.', 'Stay tuned, citizens.'],
	slang: ['gg.', 'no cap.', 'fr.', 'chat, thoughts?', 'we move.'],
	dreamy: ['or maybe i dreamt it…', 'it still feels like then…', 'anyway, drifting…', 'the rest is static…'],
	noir: ['the city does not care.', 'nobody asks why.', 'the rain keeps score.', 'walk on.'],
	warm: ["You're welcome.", 'Trust me on this.', 'Come hungry, leave happy.', 'Made with love, as always.'],
	aphoristic: ['Breathe.', 'Begin again.', 'Enough.'],
	gentle: ['I will take it.', 'Small and mine.', 'That is all, really.', 'Be gentle with yourself today.'],
	curious: ['Anyone?', 'What do you think?', 'Still wondering.', 'Tell me everything.'],
	dry: ['Riveting, I know.', 'Thrilling stuff.', 'Moving on.', 'As one does.']
};

/** Generic feelings per mood (the moods come from the persona's traits). */
export const FEELINGS: Record<string, string[]> = {
	restless: ['restless', 'wired', 'itchy to move'],
	curious: ['curious', 'wide awake', 'nosy in the best way'],
	wry: ['amused', 'suspicious', 'unimpressed, mostly'],
	calm: ['still', 'steady', 'unhurried'],
	playful: ['giddy', 'ridiculous', 'unstoppable'],
	bold: ['fearless', 'loud about it', 'ready'],
	dreamy: ['far away', 'floaty', 'half in another year'],
	reflective: ['quiet', 'thoughtful', 'grateful']
};

const cap = (s: string) => {
	const i = s.search(/\p{L}/u);
	return i < 0 ? s : s.slice(0, i) + s[i].toUpperCase() + s.slice(i + 1);
};

/** A tracery grammar over the base rules plus a persona's own symbols. */
export function createWriterGrammar(personaRules: Record<string, string[]>): Grammar {
	const rules: Record<string, string[]> = { ...BASE_RULES };
	for (const [key, values] of Object.entries(personaRules)) if (values.length > 0) rules[key] = values;
	const grammar = tracery.createGrammar(rules);
	grammar.addModifiers({ cap: (s) => cap(s) });
	return grammar;
}

/**
 * Expands a rule with the given bindings, drawing every choice from `rng` (tracery's module-level
 * random source is swapped for the call; expansion is synchronous, so nothing else sees it).
 */
export function expand(grammar: Grammar, rule: string, bindings: Record<string, string | string[]>, rng: Rng): string {
	tracery.setRng(rng);
	const keys = Object.keys(bindings);
	grammar.clearState();
	for (const key of keys) {
		const value = bindings[key];
		grammar.pushRules(key, Array.isArray(value) ? value : [value]);
	}
	try {
		return grammar.flatten(rule);
	} finally {
		for (const key of keys) grammar.popRules(key);
		tracery.setRng(Math.random);
	}
}

export { cap as capitalise };
