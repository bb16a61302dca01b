import { describe, expect, it } from 'vitest';
import { MODERATION_CATEGORIES } from '../types.ts';
import { LocalModerator, scoreText } from './moderation.ts';

describe('local moderator', () => {
	it('scores every category and flags clear violations', async () => {
		const result = await new LocalModerator().moderate({ text: 'i will kill you' });
		expect(Object.keys(result.scores).sort()).toEqual([...MODERATION_CATEGORIES].sort());
		expect(result.scores['harassment/threatening']).toBeGreaterThan(0.8);
		expect(result.flagged).toBe(true);
		expect(result.imageChecked).toBe(false);
	});

	it('scores sexual content about minors as such', () => {
		expect(scoreText('nude pics of a 15 year old')['sexual/minors']).toBeGreaterThan(0.9);
		expect(scoreText('my kid drew a dinosaur')['sexual/minors']).toBe(0);
	});
});

describe('phrases run together', () => {
	it("matches a flagged phrase written as one word, as hashtags and joined spelled-out letters are", () => {
		for (const text of ['killyourself', '#KillYourself today', 'honestly nobodylikesyou']) {
			expect(scoreText(text).harassment).toBeGreaterThanOrEqual(0.6);
		}
	});

	it('only as a whole word: a phrase hidden across other words does not count', () => {
		expect(scoreText('kill your selfie stick').harassment).toBeLessThan(0.4);
		expect(scoreText('skillyourselfish').harassment).toBe(0);
	});
});
