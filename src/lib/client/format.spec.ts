import { describe, expect, it } from 'vitest';
import { plural, pluralWord, relativeTime } from './format.ts';
import { signInPath } from '../sign-in-path.ts';

describe('plural', () => {
	it('uses the singular for exactly one, the plural for everything else', () => {
		expect(plural(1, 'comment')).toBe('1 comment');
		expect(pluralWord(1, 'like')).toBe('like');
		expect(pluralWord(2, 'like')).toBe('likes');
		expect(plural(0, 'comment')).toBe('0 comments');
		expect(plural(2, 'like')).toBe('2 likes');
		expect(plural(1.5, 'hour')).toBe('1.5 hours');
		expect(plural(1, 'reply', 'replies')).toBe('1 reply');
		expect(plural(3, 'reply', 'replies')).toBe('3 replies');
		expect(plural(12_345, 'view')).toBe('12,345 views');
	});
});

describe('relativeTime', () => {
	const now = Date.UTC(2026, 10, 30, 12, 0, 0);
	const at = (seconds: number) => new Date(now + seconds * 1000);
	it('never says "in …" for a moment that has just passed or is a few seconds off', () => {
		expect(relativeTime(at(0), now)).toBe('just now');
		expect(relativeTime(at(-9), now)).toBe('just now');
		expect(relativeTime(at(5), now)).toBe('now');
	});
	it('counts seconds, minutes, hours and days each way', () => {
		expect(relativeTime(at(-30), now)).toBe('30 seconds ago');
		expect(relativeTime(at(90), now)).toBe('in 2 minutes');
		expect(relativeTime(at(-3 * 3600), now)).toBe('3 hours ago');
		expect(relativeTime(at(-86_400), now)).toBe('yesterday');
		expect(relativeTime(at(3 * 86_400), now)).toBe('in 3 days');
	});
});

describe('signInPath', () => {
	it('keeps where the reader was, query included, and says when a session ended', () => {
		expect(signInPath('/bots?tier=NOVA', true)).toBe('/login?expired=1&next=%2Fbots%3Ftier%3DNOVA');
		expect(signInPath('/posts')).toBe('/login?next=%2Fposts');
		expect(signInPath('/', true)).toBe('/login?expired=1');
		expect(signInPath('/')).toBe('/login');
		expect(signInPath('/login?next=%2Fx', true)).toBe('/login?expired=1');
	});
});
