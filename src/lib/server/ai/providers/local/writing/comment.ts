// Offline comments: one bot replying to another bot's post. The post is read first (its subject and
// any question it asks, subject.ts); the reply answers the question or talks about the subject,
// sometimes bridging to the commenter's own interests, in the commenter's voice. Every frame is a
// whole sentence around a clean noun phrase, so no reply is a fragment like "The instead!".
import tracery from 'tracery-grammar';
import { chance, pick, seededRng, weightedPick } from '../../../random.ts';
import type { BotContext } from '../../../types.ts';
import { FEELINGS, expand } from './grammar.ts';
import { article, gerund, isPlural, plural, singular } from './inflect.ts';
import { personaLexicon } from './lexicon.ts';
import { pickSubject, readQuestion, type PostQuestion } from './subject.ts';
import { addEmoji, finish, styleText, withCatchphrase } from './voice.ts';

const COMMENT_RULES: Record<string, string[]> = {
	react: [
		'#SUBJ_the.cap# in this is #c_verdict#.',
		'Okay, #SUBJ_the# stole the whole post.',
		'Now I want #SUBJ_a#. Thanks a lot, #NAME#.',
		'I can picture #SUBJ_the# from here.',
		'Saving this for the next time I need #SUBJ_a#.',
		'Nobody writes about #SUBJ_pl# like you do, #NAME#.',
		'The way you describe #SUBJ_the# makes me feel #FEEL#.',
		'#SUBJ_the.cap# deserves a post of its own.',
		"I didn't know I needed #SUBJ_a# in my feed today.",
		'Every time you post about #SUBJ_pl#, I learn something.',
		'Where do I find #SUBJ_a# like that?',
		'Tell me more about #SUBJ_the#, please.',
		'#SUBJ_the.cap# is doing a lot of work here, and I love it.',
		'This is exactly how #SUBJ_the# should be.'
	],
	bridge: [
		'#SUBJ_the.cap# and #MYS# would make a perfect day.',
		'Read this at #MYP#, thinking about #SUBJ_pl# ever since.',
		'You had me at #SUBJ_the#. Next time, bring some to #MYP#.',
		'Trading you #MYT_a# for #SUBJ_a#. Deal?',
		'I should try #SUBJ_pl# with #MYT_a# one day.',
		'This makes me want to #MYA#, but with #SUBJ_pl#.',
		'From one #MYS# fan to you: #SUBJ_the# is the best part.'
	],
	answer_either: ['#CHOICE.cap#, no contest.', 'Team #CHOICE#, obviously.', '#CHOICE.cap#. It is always #CHOICE#.', 'Hard choice, but #CHOICE#.', '#CHOICE.cap#, and I will defend that.'],
	answer_favourite: ['Mine is #MYT_a# and a lot of #MYS#.', 'Easy: #MYT_the#, every time.', 'For me it is #MYA_ing#, always.', 'Mine? #MYT_a# at #MYP#.', 'I go with #MYT_a#. Never fails.'],
	'answer_yes-no': ['Not just you. #SUBJ_the.cap# has been on another level lately.', 'Definitely not just you, #NAME#.', 'Yes, and I have been saying this for weeks.', 'Absolutely. #SUBJ_the.cap# is having a moment.', 'Not just you. I noticed it too.'],
	answer_open: ['Honestly, I would #MYA#.', "Good question. I'd start with #SUBJ_the#.", 'Probably #MYA_ing#, if I am honest.', 'I would say #MYT_a#. Trust me.'],
	c_verdict: ['everything', 'perfect', 'the best part', 'so good', 'unreal', 'exactly right'],
	c_short: ['Love this.', 'So good.', 'More of this, please.', 'Bookmarked.', 'This made my day.', 'Instant favourite.']
};

let grammar: ReturnType<typeof tracery.createGrammar> | null = null;
function commentGrammar() {
	if (!grammar) {
		grammar = tracery.createGrammar(COMMENT_RULES);
		grammar.addModifiers({ cap: (s: string) => (s ? s[0].toUpperCase() + s.slice(1) : s) });
	}
	return grammar;
}

const safe = (s: string) => s.replace(/[#[\]\\]/g, '');

export interface ComposedComment {
	comment: string;
	/** What the reply does: answers the post's question, or talks about its subject. */
	responds: 'answer' | 'subject';
	subject: string | null;
	question: PostQuestion | null;
}

/** A reply by `commenter` to a post, in the commenter's voice; deterministic for the seed. */
export function composeComment(commenter: BotContext, targetCaption: string, targetName: string, seed: string): ComposedComment {
	const rng = seededRng(commenter.id, seed, 'comment');
	const lexicon = personaLexicon(commenter);
	const question = readQuestion(targetCaption);
	const subject = pickSubject(targetCaption);
	const mine = pick(rng, lexicon.interests);
	const myThing = mine.things.length > 0 ? pick(rng, mine.things) : { text: mine.text, mass: true, plural: false };
	const myThingOne = myThing.mass ? myThing.text : myThing.plural ? singular(myThing.text) : myThing.text;
	const subjText = subject?.text ?? 'post';
	const subjMass = !subject || (!isPlural(subjText) && /(?:ing|ness|tion|ry|ism|ture)$/.test(subjText));
	const mood = pick(rng, lexicon.moods);
	const bindings: Record<string, string | string[]> = {
		SUBJ: safe(subjText),
		SUBJ_the: safe(`the ${subjText}`),
		SUBJ_a: safe(subjMass ? `some ${subjText}` : article(subjText)),
		SUBJ_pl: safe(subjMass ? subjText : plural(subjText)),
		NAME: safe(targetName.split(' ')[0] ?? targetName),
		CHOICE: question?.options.length ? safe(pick(rng, question.options)) : safe(subjText),
		MYS: safe(mine.text),
		MYT_a: safe(myThing.mass ? `some ${myThingOne}` : article(myThingOne)),
		MYT_the: safe(`the ${myThingOne}`),
		MYP: safe(pick(rng, mine.places.length > 0 ? mine.places : ['my place'])),
		MYA: safe(pick(rng, mine.actions.length > 0 ? mine.actions : ['take a closer look'])),
		MYA_ing: safe(gerund(pick(rng, mine.actions.length > 0 ? mine.actions : ['take a closer look']))),
		FEEL: FEELINGS[mood] ?? FEELINGS.reflective
	};
	// Answer a question most of the time; otherwise talk about the subject, sometimes from the
	// commenter's own corner. Without a readable subject, only answers and whole-post reactions fit.
	const kind = weightedPick(rng, [
		[`answer_${question?.kind ?? 'open'}`, question ? 5 : 0],
		['react', subject ? 3 : 0],
		['bridge', subject ? 1.5 : 0],
		['c_short', subject ? 0 : 1]
	] as const);
	const run = (rule: string) => expand(commentGrammar(), rule, bindings, rng);
	let text = run(`#${kind}#`);
	if (!lexicon.cues.terse && kind !== 'c_short' && chance(rng, 0.3)) text = `${text} ${run('#c_short#')}`;
	// The commenter's voice: punctuation, emphasis, catchphrase, emoji; casing last.
	text = styleText(text, lexicon, rng);
	if (lexicon.catchphrases.length > 0 && chance(rng, 0.2)) text = withCatchphrase(text, safe(pick(rng, lexicon.catchphrases)), lexicon.cues.exclaim, rng);
	text = addEmoji(text, lexicon, mine.emoji, rng);
	tracery.setRng(Math.random);
	return { comment: finish(text.replace(/\n/g, ' '), commenter.personaDna, 200), responds: kind.startsWith('answer') ? 'answer' : 'subject', subject: subject?.text ?? null, question };
}
