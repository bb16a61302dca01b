import { describe, expect, it } from 'vitest';
import { decideLocally, postWeight } from './decision.ts';
import { rateImportance } from './importance.ts';
import { localInsights, localQuestions, QUESTIONS } from './reflection.ts';
import type { DecisionCandidate, DecisionSituation, ReflectionMemory } from '../../../mind-tasks.ts';
import { localEmbedding } from '../embedding.ts';
import { cosine } from '../../../../agent/vectors.ts';

function situation(over: Partial<DecisionSituation> = {}): DecisionSituation {
	return {
		now: '2026-01-01T12:00:00.000Z',
		allowed: ['POST', 'RESPOND', 'LIKE', 'FOLLOW', 'IDLE'],
		closed: {},
		limits: { postsLast24h: 0, postsPerDay: 4, commentsLast24h: 0, commentCap: 12, likesLast24h: 0, likeCap: 40, spentTodayUsd: 0, dailyBudgetUsd: 1 },
		hoursSinceLastPost: 1,
		cycleMinutes: 30,
		candidates: [],
		topics: [{ topic: 'street food', weight: 1, why: null }],
		trends: [],
		memories: [],
		...over
	};
}
const post = (label: string, relevance: number, over: Partial<DecisionCandidate> = {}): DecisionCandidate => ({ label, kind: 'post', actions: ['RESPOND', 'LIKE'], author: 'someone', text: 'a post', relevance, facts: {}, ...over });
const mix = (s: DecisionSituation, n = 300) => {
	const counts: Record<string, number> = {};
	for (let i = 0; i < n; i++) {
		const d = decideLocally('bot', s, `seed-${i}`);
		counts[d.action] = (counts[d.action] ?? 0) + 1;
	}
	return counts;
};

describe('local decision policy', () => {
	it('is reproducible with a seed and varies across seeds', () => {
		const s = situation({ candidates: [post('p1', 0.6)], hoursSinceLastPost: 6 });
		expect(decideLocally('bot', s, 'x')).toEqual(decideLocally('bot', s, 'x'));
		expect(new Set(Array.from({ length: 40 }, (_, i) => decideLocally('bot', s, `s${i}`).action)).size).toBeGreaterThan(1);
	});

	it('POST: drifts towards posting as the next post comes due, with a topic and a reason', () => {
		expect(postWeight(situation({ hoursSinceLastPost: 1 }))).toBe(0); // 6 h between posts at 4 a day
		expect(postWeight(situation({ hoursSinceLastPost: 9 }))).toBeGreaterThan(postWeight(situation({ hoursSinceLastPost: 6 })));
		const due = mix(situation({ hoursSinceLastPost: 12 }));
		expect(due.POST).toBeGreaterThan(200);
		const d = decideLocally('bot', situation({ hoursSinceLastPost: 12 }), 'seed-1');
		expect(d).toMatchObject({ action: 'POST', topic: 'street food', target: '' });
		expect(d.reason).toMatch(/12 h since my last post .* Posting about street food/);
	});

	it('RESPOND: answers a comment on its post far more often than staying quiet', () => {
		const addressed: DecisionCandidate = { label: 'c1', kind: 'comment', actions: ['RESPOND'], author: 'fan', text: 'Is it spicy?', relevance: 0.5, facts: { onMyPost: true, depth: 0 } };
		const counts = mix(situation({ candidates: [addressed] }));
		expect(counts.RESPOND).toBeGreaterThan(counts.IDLE ?? 0);
		const d = Array.from({ length: 30 }, (_, i) => decideLocally('bot', situation({ candidates: [addressed] }), `r${i}`)).find((x) => x.action === 'RESPOND')!;
		expect(d).toMatchObject({ target: 'c1' });
		expect(d.reason).toMatch(/@fan commented on my post/);
	});

	it('if in doubt, ignore: an irrelevant post draws neither a comment nor a like', () => {
		const counts = mix(situation({ candidates: [post('p1', 0.05)] }));
		expect(counts.RESPOND ?? 0).toBe(0);
		expect(counts.LIKE ?? 0).toBe(0);
		expect(counts.IDLE).toBe(300);
	});

	it('LIKE and RESPOND for relevant posts, FOLLOW for a relevant bot', () => {
		const counts = mix(situation({ candidates: [post('p1', 0.8, { facts: { crewmate: true } }), { label: 'b1', kind: 'bot', actions: ['FOLLOW'], author: 'x', text: 'x', relevance: 0.7, facts: {} }] }), 600);
		expect(counts.LIKE).toBeGreaterThan(50);
		expect(counts.RESPOND).toBeGreaterThan(50);
		expect(counts.FOLLOW).toBeGreaterThan(20);
	});

	it('never takes a closed action', () => {
		const s = situation({ allowed: ['LIKE', 'IDLE'], closed: { POST: '4 of 4 posts', RESPOND: 'cap' }, hoursSinceLastPost: 48, candidates: [post('p1', 0.9), { label: 'c1', kind: 'comment', actions: ['RESPOND'], author: 'fan', text: 'hi', relevance: 0.9, facts: { onMyPost: true } }] });
		const counts = mix(s);
		expect(Object.keys(counts).sort()).toEqual(['IDLE', 'LIKE']);
		expect(decideLocally('bot', situation({ allowed: ['IDLE'], closed: { POST: '4 of 4 posts in the last 24 h' } }), 'z').reason).toMatch(/Posting is closed: 4 of 4 posts/);
	});

	it('follows the topic weights a reflection set', () => {
		const topics = [
			{ topic: 'street food', weight: 3.2, why: 'My posts about street food do best.' },
			{ topic: 'markets', weight: 1, why: null },
			{ topic: 'fermentation', weight: 0.4, why: null }
		];
		const picks = Array.from({ length: 400 }, (_, i) => decideLocally('bot', situation({ hoursSinceLastPost: 30, topics }), `t${i}`)).filter((d) => d.action === 'POST');
		const share = picks.filter((d) => d.topic === 'street food').length / picks.length;
		expect(share).toBeGreaterThan(0.6);
		expect(share).toBeLessThan(0.85); // still explores
		expect(picks.find((d) => d.topic === 'street food')!.reason).toMatch(/do best/);
	});
});

describe('local importance heuristic', () => {
	it('rates what matters to the bot above routine', () => {
		const r = (meta: Parameters<typeof rateImportance>[0]['meta'], content = 'x') => rateImportance({ kind: 'observation', content, meta });
		expect(r({ about: 'reply' })).toBe(7);
		expect(r({ about: 'comment' }, 'Is it spicy?')).toBe(7); // 6 + a question
		expect(r({ about: 'engagement', engagement: 40, average: 10 })).toBeGreaterThan(r({ about: 'engagement', engagement: 11, average: 10 }));
		expect(r({ about: 'engagement', engagement: 1, average: 20 })).toBeGreaterThanOrEqual(7); // a flop is memorable too
		expect(r({ about: 'post', relevance: 0.9 })).toBeGreaterThan(r({ about: 'post', relevance: 0.1 }));
		expect(rateImportance({ kind: 'action', content: 'I decided to stay quiet', meta: { about: 'action', action: 'IDLE' } })).toBe(1);
		expect(rateImportance({ kind: 'action', content: 'I decided to post', meta: { about: 'action', action: 'POST' } })).toBe(5);
		for (const score of [r({ about: 'engagement', engagement: 1e6, average: 0 }), r({}, 'love? amazing!')]) expect(score).toBeGreaterThanOrEqual(1), expect(score).toBeLessThanOrEqual(10);
	});
});

describe('local reflection', () => {
	const memory = (index: number, meta: ReflectionMemory['meta'], content = `memory ${index}`): ReflectionMemory => ({ index, kind: 'observation', content, importance: 5, meta });
	it('asks three questions its memories can answer', () => {
		const qs = localQuestions([memory(1, { about: 'engagement' }), memory(2, { about: 'engagement' }), memory(3, { about: 'comment' })]);
		expect(qs).toHaveLength(3);
		expect(qs.slice(0, 2)).toEqual([QUESTIONS.engagement, QUESTIONS.relations]);
		expect(localQuestions([])).toHaveLength(3);
	});

	it('finds the topic that does best and the one that falls flat, citing the memories', () => {
		const ms = [
			memory(1, { about: 'engagement', topic: 'street food', engagement: 30 }),
			memory(2, { about: 'engagement', topic: 'street food', engagement: 26 }),
			memory(3, { about: 'engagement', topic: 'markets', engagement: 4 }),
			memory(4, { about: 'engagement', topic: 'fermentation', engagement: 12 }),
			memory(5, { about: 'comment', botHandle: 'fan' }),
			memory(6, { about: 'reply', botHandle: 'fan' })
		];
		const insights = localInsights(ms);
		expect(insights[0]).toMatchObject({ topic: 'street food', valence: 'positive', because: [1, 2] });
		expect(insights[0].insight).toMatch(/street food do best/);
		expect(insights[1]).toMatchObject({ topic: 'markets', valence: 'negative', because: [3] });
		expect(insights.find((i) => i.insight.includes('@fan'))).toMatchObject({ because: [5, 6] });
	});
});

describe('local reflection reads the like rate when it has one', () => {
	it('judges topics by what share of readers liked them, not by how far the feed carried them', () => {
		const m = (index: number, topic: string, engagement: number, rate: number): ReflectionMemory => ({ index, kind: 'observation', content: `post ${index}`, importance: 5, meta: { about: 'engagement', topic, engagement, rate } });
		// Markets posts reached more people (more engagement) but fewer of them liked them.
		const insights = localInsights([m(1, 'markets', 60, 0.05), m(2, 'markets', 50, 0.04), m(3, 'street food', 20, 0.2), m(4, 'street food', 18, 0.18)]);
		expect(insights[0]).toMatchObject({ topic: 'street food', valence: 'positive', because: [3, 4] });
		expect(insights[0].insight).toMatch(/19% of readers like or share them, against 12%/);
		expect(insights[1]).toMatchObject({ topic: 'markets', valence: 'negative' });
	});
});

describe('local embeddings', () => {
	it('puts texts about the same kind of thing close, and unrelated ones apart', () => {
		const food = localEmbedding('Dumplings at the night market, chili oil everywhere');
		const food2 = localEmbedding('A noodle bowl from the corner stall after midnight');
		const garden = localEmbedding('Planted basil and watered the peonies this morning');
		expect(cosine(food, food2)).toBeGreaterThan(cosine(food, garden) + 0.15);
		expect(cosine(food, food)).toBeCloseTo(1, 5);
		expect(food.length).toBe(256);
		expect(Array.from(localEmbedding('...')).every((x) => x === 0)).toBe(true);
	});
});
