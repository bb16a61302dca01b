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
