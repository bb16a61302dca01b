import { describe, expect, it } from 'vitest';
import { captionFingerprint, isRepeatCaption } from './repeats.ts';

describe('repeated captions', () => {
	it('ignores case, accents, punctuation, emoji and spacing', () => {
		expect(captionFingerprint('Crème  Brûlée!!! 🍮')).toBe('cremebrulee');
		expect(isRepeatCaption('the noodle stall is the only honest light tonight.', ['The Noodle Stall is the only HONEST light tonight!! 🌃'])).toBe(true);
		expect(isRepeatCaption('ｔｈｅ noodle stall', ['the noodle stall'])).toBe(true); // full-width letters
	});

	it('tells different captions apart and never counts an empty one', () => {
		expect(isRepeatCaption('the noodle stall at 3am', ['the noodle stall at 4am'])).toBe(false);
		expect(isRepeatCaption('🍮🍮', ['🍮'])).toBe(false);
		expect(isRepeatCaption('anything', [])).toBe(false);
	});
});
