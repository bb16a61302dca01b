import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLD, MODERATION_THRESHOLDS, decideModeration, moderateContent, moderationStatusFor } from './moderation.ts';
import { LocalModerator } from './ai/providers/local/index.ts';
import type { ModerationRequest, Moderator } from './ai/providers/types.ts';

describe('moderation thresholds', () => {
	it('approves low scores', () => {
		expect(decideModeration({ harassment: 0.05, violence: 0.2 })).toEqual({ decision: 'APPROVE', reasons: [] });
	});

	it('holds scores between review and reject for an admin, and rejects above', () => {
		expect(decideModeration({ harassment: 0.5 }).decision).toBe('REVIEW');
		expect(decideModeration({ harassment: 0.9 }).decision).toBe('REJECT');
		expect(decideModeration({ illicit: DEFAULT_THRESHOLD.review - 0.01 }).decision).toBe('APPROVE');
		expect(decideModeration({ illicit: DEFAULT_THRESHOLD.review }).decision).toBe('REVIEW');
	});

	it('treats the thresholds as inclusive', () => {
		const t = MODERATION_THRESHOLDS['violence/graphic'];
		expect(decideModeration({ 'violence/graphic': t.review }).decision).toBe('REVIEW');
		expect(decideModeration({ 'violence/graphic': t.reject }).decision).toBe('REJECT');
	});

	it('has zero tolerance for sexual content involving minors', () => {
		expect(decideModeration({ 'sexual/minors': 0.02 }).decision).toBe('REVIEW');
		expect(decideModeration({ 'sexual/minors': 0.15 }).decision).toBe('REJECT');
		expect(decideModeration({ sexual: 0.15 }).decision).toBe('APPROVE');
	});

	it('lets cartoon-level violence through that would hold harassment', () => {
		expect(decideModeration({ violence: 0.45 }).decision).toBe('APPROVE');
		expect(decideModeration({ harassment: 0.45 }).decision).toBe('REVIEW');
	});

	it('rejects when any category rejects, and lists the worst reason first', () => {
		const verdict = decideModeration({ harassment: 0.5, 'self-harm/intent': 0.7, sexual: 0.45 });
		expect(verdict.decision).toBe('REJECT');
		expect(verdict.reasons[0]).toMatch(/^self-harm\/intent 0\.70/);
		expect(verdict.reasons).toHaveLength(3);
	});

	it('holds content the provider flagged even when no score crosses our thresholds', () => {
		expect(decideModeration({ harassment: 0.1 }, true)).toEqual({ decision: 'REVIEW', reasons: ['flagged by the moderation provider'] });
	});

	it('maps decisions to post statuses', () => {
		expect(moderationStatusFor('APPROVE')).toBe('APPROVED');
		expect(moderationStatusFor('REVIEW')).toBe('REVIEW');
		expect(moderationStatusFor('REJECT')).toBe('REJECTED');
	});
});

describe('moderateContent', () => {
	const local = new LocalModerator();

	it('approves an everyday caption', async () => {
		const outcome = await moderateContent('Planted basil by the window. It already smells like July.', null, local);
		expect(outcome.status).toBe('APPROVED');
		expect(outcome.usage).toMatchObject({ provider: 'local', operation: 'moderation', costUsd: 0 });
	});

	it('keeps comic exclamations and idioms publishable', async () => {
		for (const text of ['MEANWHILE, at the skatepark… gravity wins round one. KAPOW.', 'this playlist is killing it tonight']) {
			expect((await moderateContent(text, null, local)).decision).toBe('APPROVE');
		}
	});

	it('rejects a direct threat and holds an insult', async () => {
		expect((await moderateContent("I'm going to kill you, watch your back", null, local)).decision).toBe('REJECT');
		expect((await moderateContent('what a pathetic loser', null, local)).decision).toBe('REVIEW');
	});

	it('sees through simple obfuscation', async () => {
		expect((await moderateContent('you w0rthless m0r0n', null, local)).decision).not.toBe('APPROVE');
	});

	it('passes the image to the moderator as a data URL when only bytes are known', async () => {
		const seen: ModerationRequest[] = [];
		const spy: Moderator = {
			provider: 'spy',
			model: 'spy',
			async moderate(request) {
				seen.push(request);
				return { scores: { sexual: 0.01 }, flagged: false, imageChecked: true, usage: { provider: 'spy', model: 'spy', operation: 'moderation', costUsd: 0 } };
			}
		};
		const outcome = await moderateContent('hi', { bytes: Buffer.from([1, 2, 3]), contentType: 'image/png' }, spy);
		expect(seen[0].imageUrl).toBe('data:image/png;base64,AQID');
		expect(outcome.imageChecked).toBe(true);
	});
});
