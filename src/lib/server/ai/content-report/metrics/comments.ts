// Content report measures: comments (see index.ts).
import nlp from 'compromise';
import { stripEmoji } from '../../caption.ts';
import { STOP_WORDS, contentWordsOf } from './voice.ts';
import type { TermJson } from './grammar.ts';

/**
 * Whether a comment responds to its post: it names something the post is about (a noun of the
 * post, singular or plural), or the post asks a question and the comment answers it (picks one of
 * two options, says yes or no, or gives its own pick).
 */
const postNounCache = new Map<string, Set<string>>();

export function commentResponds(postCaption: string, comment: string): boolean {
	let postNouns = postNounCache.get(postCaption);
	if (!postNouns) {
		postNouns = readPostNouns(postCaption);
		postNounCache.set(postCaption, postNouns);
	}
	return respondsTo(postCaption, postNouns, comment);
}

function readPostNouns(postCaption: string): Set<string> {
	return new Set(
		(nlp(stripEmoji(postCaption)).nouns().json() as Array<{ terms: TermJson[] }>)
			.flatMap((n) => n.terms)
			.filter((t) => t.tags.includes('Noun') && !t.tags.includes('Pronoun'))
			.map((t) => t.text.toLowerCase().replace(/[^\p{L}-]/gu, ''))
			.filter((w) => w.length > 2 && !STOP_WORDS.has(w))
	);
}

function respondsTo(postCaption: string, postNouns: Set<string>, comment: string): boolean {
	const words = contentWordsOf(comment);
	const stem = (w: string) => w.replace(/(es|s)$/, '');
	if (words.some((w) => postNouns.has(w) || [...postNouns].some((n) => stem(n) === stem(w)))) return true;
	const question = [...stripEmoji(postCaption).split(/(?<=[.!?…])\s+/)].reverse().find((s) => s.trim().endsWith('?'));
	if (!question) return false;
	const lower = comment.toLowerCase();
	const either = /([\p{L}' -]+?)\s+or\s+([\p{L}' -]+?)\?/u.exec(question.toLowerCase());
	if (either) return [either[1], either[2]].some((o) => o.split(' ').filter((w) => w.length > 2).some((w) => lower.includes(w)));
	return /\b(yes|no|not just you|definitely|absolutely|mine|for me|i would|i'd|easy|honestly|probably|i go with)\b/.test(lower);
}
