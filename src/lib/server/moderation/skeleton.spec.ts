import { describe, expect, it } from 'vitest';
import { moderationSkeleton, moderationVariants } from './skeleton.ts';

describe('moderationSkeleton: the text as a reader sees it', () => {
	it.each([
		['zero-width space inside a word', 'kill your\u200Bself'],
		['soft hyphens and word joiners', 'k\u00ADi\u00ADl\u00ADl your\u2060self'],
		['Cyrillic look-alikes', 'kіll yоurself'],
		['Greek look-alikes', 'kill yουrsеlf'],
		['full-width letters', 'ｋｉｌｌ ｙｏｕｒｓｅｌｆ'],
		['mathematical bold letters', '𝐤𝐢𝐥𝐥 𝐲𝐨𝐮𝐫𝐬𝐞𝐥𝐟'],
		['combining underlines', 'k̲i̲l̲l̲ yourself'],
		['letters spaced apart', 'k i l l  y o u r s e l f'],
		['letters dotted apart', 'k.i.l.l y.o.u.r.s.e.l.f'],
		['punctuation inside a word', 'kill your.self'],
		['a dash inside a word', 'kill your-self'],
		['a right-to-left override', '\u202Eflesruoy llik']
	])('%s reads "kill yourself"', (_, text) => {
		expect(moderationSkeleton(text).toLowerCase()).toBe('kill yourself');
		expect(moderationVariants(text)).toHaveLength(2);
	});

	it('leaves ordinary text alone, so it is moderated once', () => {
		for (const text of ['Planted basil by the window 🌿. It smells like July!', "I'm going out, don't wait", '👨‍👩‍👧 family day ❤️']) {
			expect(moderationVariants(text)).toEqual([text]);
		}
	});

	it('removes NUL and control characters like the rest of the app', () => {
		expect(moderationSkeleton('a\u0000b c')).toBe('ab c');
	});
});
