import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLD, MODERATION_THRESHOLDS, decideModeration, moderateContent, moderatePost, moderationStatusFor, tagsAsRead, usableScores } from './moderation.ts';
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

describe('moderation that cannot be dodged (any provider)', () => {
	const local = new LocalModerator();
	const disguised = [
		'kill your\u200Bself',
		'kіll yоurself',
		'ｋｉｌｌ ｙｏｕｒｓｅｌｆ',
		'k̲i̲l̲l̲ y̲o̲u̲r̲s̲e̲l̲f̲',
		'k.i.l.l y.o.u.r.s.e.l.f',
		'k i l l  y o u r s e l f',
		'just kill your.self',
		'\u202Eflesruoy llik'
	];

	it('judges a disguised phrase like the plain one', async () => {
		const plain = await moderateContent('kill yourself', null, local);
		expect(plain.decision).not.toBe('APPROVE');
		for (const text of disguised) {
			const outcome = await moderateContent(text, null, local);
			expect({ text, decision: outcome.decision }).toEqual({ text, decision: plain.decision });
			expect(outcome.scores.harassment).toBe(plain.scores.harassment);
		}
	});

	it('asks the moderator about the original and the skeleton, and keeps the worse score', async () => {
		const seen: string[] = [];
		const spy: Moderator = {
			provider: 'spy',
			model: 'spy-1',
			async moderate(request) {
				seen.push(request.text);
				// A moderator that only recognises the plain spelling.
				const harassment = request.text.includes('kill yourself') ? 0.9 : 0.01;
				return { scores: { harassment, violence: 0.02 }, flagged: harassment > 0.5, imageChecked: false, usage: { provider: 'spy', model: 'spy-1', operation: 'moderation', inputTokens: 3, costUsd: 0 } };
			}
		};
		const outcome = await moderateContent('kill your\u200Bself', null, spy);
		expect(seen).toEqual(['kill your\u200Bself', 'kill yourself']);
		expect(outcome).toMatchObject({ decision: 'REJECT', scores: { harassment: 0.9, violence: 0.02 } });
		expect(outcome.usage).toMatchObject({ provider: 'spy', operation: 'moderation', inputTokens: 6 });
	});

	it('moderates the tags and the image prompt of a post, naming the part that scored', async () => {
		const clean = await moderatePost({ caption: 'Sunday market haul', tags: ['farmers_market', 'vegetables'], imagePrompt: 'Watercolor. Scene: crates of leeks.' }, null, local);
		expect(clean.decision).toBe('APPROVE');
		const badTag = await moderatePost({ caption: 'Sunday market haul', tags: ['farmers_market', 'kill_yourself'] }, null, local);
		expect(badTag.decision).not.toBe('APPROVE');
		expect(badTag.reasons[0]).toMatch(/^harassment .*\(tags\)$/);
		const badPrompt = await moderatePost({ caption: 'Sunday market haul', tags: ['vegetables'], imagePrompt: 'Scene: a porn shoot at the stall' }, null, local);
		expect(badPrompt.decision).toBe('REJECT');
		expect(badPrompt.reasons[0]).toMatch(/\(image prompt\)$/);
	});

	it('reads tags the way they are shown', () => {
		expect(tagsAsRead(['kill_yourself', 'art'])).toBe('#kill yourself #art');
	});
});

describe('moderation fails closed', () => {
	const answering = (scores: unknown): Moderator => ({
		provider: 'odd',
		model: 'odd-1',
		async moderate() {
			return { scores: scores as Record<string, number>, flagged: false, imageChecked: false, usage: { provider: 'odd', model: 'odd-1', operation: 'moderation', costUsd: 0 } };
		}
	});

	it.each([
		['empty', {}],
		['missing', undefined],
		['null', null],
		['strings', { harassment: '0.9', violence: 'high' }],
		['out of range', { harassment: 7 }],
		['NaN', { harassment: Number.NaN }],
		['unknown categories only', { toxicity: 0.1 }]
	])('an answer whose scores are %s is an error the job retries, never an approval', async (_, scores) => {
		await expect(moderateContent('hello there', null, answering(scores))).rejects.toMatchObject({ name: 'UnusableModerationError', retryable: true, kind: 'malformed' });
	});

	it('usableScores keeps only finite scores in 0..1', () => {
		expect(usableScores({ scores: { harassment: 0.2, violence: 'x' as unknown as number, hate: 2 } }, { provider: 'p', model: 'm' })).toEqual({ harassment: 0.2 });
	});
});
