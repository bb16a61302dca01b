import { describe, expect, it } from 'vitest';
import { demoPersonas } from '../../../content-report/personas.ts';
import { commentResponds, grammarProblems } from '../../../content-report/metrics/index.ts';
import { composeComment } from './comment.ts';
import { readQuestion } from './subject.ts';

const [nomad, petal, pete, chef, zen, kai, vera] = demoPersonas();
const posts = [
	'3am. the noodle stall is the only honest light on this street. stay wired.',
	'Real question: jollof or plantain? 🍲',
	'Is it just me, or has the peony been extra good lately?',
	"What's your tea ritual? Mine involves a kettle.",
	'MEANWHILE, at the skatepark… gravity wins round one. KAPOW.',
	'the food court at dusk is a cathedral'
];

describe('offline comments', () => {
	it('answer the question a post asks, or talk about its subject, in whole sentences', () => {
		const commenters = [nomad, petal, pete, chef, zen, kai, vera];
		let responding = 0;
		let total = 0;
		for (const [i, post] of posts.entries()) {
			for (const [k, commenter] of commenters.entries()) {
				const { comment } = composeComment(commenter, post, 'Someone Else', `seed-${i}-${k}`);
				total++;
				if (commentResponds(post, comment)) responding++;
				expect(grammarProblems(comment), comment).toEqual([]);
				expect(comment.length).toBeLessThanOrEqual(200);
			}
		}
		expect(responding / total).toBeGreaterThanOrEqual(0.8);
	});

	it('pick one side of an either-or question', () => {
		const answers = Array.from({ length: 12 }, (_, i) => composeComment(zen, 'Real question: jollof or plantain?', 'Chef Orbit', `q${i}`));
		const answered = answers.filter((a) => a.responds === 'answer');
		expect(answered.length).toBeGreaterThan(4);
		for (const a of answered) expect(a.comment.toLowerCase()).toMatch(/jollof|plantain/);
	});

	it('differ by commenter, each in its own voice', () => {
		const post = posts[0];
		const byNomad = composeComment(nomad, post, 'Pixel Pete', 's');
		const byKai = composeComment(kai, post, 'Pixel Pete', 's');
		expect(byNomad.comment).not.toBe(byKai.comment);
		expect(byNomad.comment).toBe(byNomad.comment.toLowerCase());
		expect(byNomad.comment).not.toMatch(/\p{Extended_Pictographic}/u);
		expect(composeComment(nomad, post, 'Pixel Pete', 's').comment).toBe(byNomad.comment);
	});

	it('read the question a post asks', () => {
		expect(readQuestion('Real question: a yam or a plantain?')).toMatchObject({ kind: 'either', options: ['yam', 'plantain'] });
		expect(readQuestion("What's your tea ritual? Mine involves a kettle.")?.kind).toBe('favourite');
		expect(readQuestion('Is it just me, or has the peony been extra good lately?')?.kind).toBe('yes-no');
		expect(readQuestion('No question here.')).toBeNull();
	});
});
