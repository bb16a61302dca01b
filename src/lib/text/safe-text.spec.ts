import { describe, expect, it } from 'vitest';
import { cleanJson, cleanText, isCleanText, oneLine, truncateText } from './safe-text.ts';

describe('cleanText', () => {
	it('removes NUL and other control characters but keeps tabs and line breaks', () => {
		expect(cleanText('a\u0000b\u0007c\td\ne\r\nf\u007f\u0085g')).toBe('abc\td\ne\r\nfg');
	});

	it('removes lone surrogates and keeps whole pairs', () => {
		const cat = '😺';
		expect(cleanText(`x${cat[0]}y${cat[1]}z${cat}`)).toBe(`xyz${cat}`);
	});

	it('leaves visible text alone, accents, scripts and emoji included', () => {
		const text = 'Crème brûlée · 東京 · 👩🏽‍🍳 · مرحبا';
		expect(cleanText(text)).toBe(text);
		expect(isCleanText(text)).toBe(true);
		expect(isCleanText('a\u0000')).toBe(false);
	});
});

describe('truncateText', () => {
	it('never cuts inside an emoji, a flag or a combining sequence', () => {
		const cook = '👩🏽‍🍳'; // 7 code units
		expect(truncateText(`ab${cook}`, 5)).toBe('ab');
		expect(truncateText(`ab${cook}`, 9)).toBe(`ab${cook}`);
		expect(truncateText('🇫🇷🇯🇵', 6)).toBe('🇫🇷');
		expect(truncateText('e\u0301e\u0301', 3)).toBe('e\u0301');
	});

	it('adds an ellipsis inside the limit when asked', () => {
		expect(truncateText('abcdef', 4, { ellipsis: true })).toBe('abc…');
		expect(truncateText('abc', 4, { ellipsis: true })).toBe('abc');
	});

	it('cleans before measuring', () => {
		expect(truncateText('a\u0000b\u0000c', 3)).toBe('abc');
	});
});

describe('oneLine', () => {
	it('collapses a multi-line message into one readable line', () => {
		expect(oneLine('Invalid `prisma.post.create()` invocation:\n\n  Null\u0000 byte\n')).toBe('Invalid `prisma.post.create()` invocation: Null byte');
	});
});

describe('cleanJson', () => {
	it('cleans strings at any depth, keys included', () => {
		expect(cleanJson({ 'k\u0000': ['a\u0000', { b: 'c\u0000', n: 1, t: true, z: null }] })).toEqual({ k: ['a', { b: 'c', n: 1, t: true, z: null }] });
	});
});
