import { describe, expect, it } from 'vitest';
import { estimateCost, MAX_COMMENT_COST_USD, MAX_POST_COST_USD, openActions, type AgentBudget, type AgentCounts } from './limits.ts';

const budget = (over: Partial<AgentBudget> = {}): AgentBudget => ({ budgetUsd: 1, spentTodayUsd: 0, globalCapUsd: null, globalSpentTodayUsd: 0, blocked: null, ...over });
const counts = (over: Partial<AgentCounts> = {}): AgentCounts => ({
	postsLast24h: 0,
	postPending: false,
	commentsLast24h: 0,
	likesLast24h: 0,
	followsLast24h: 0,
	budget: budget(),
	postCostUsd: 0.05,
	commentCostUsd: 0.001,
	...over
});
const nova = { tier: 'NOVA' as const, postsPerDay: 4 };

describe('estimateCost', () => {
	it('is the median of recent costs, so one odd row does not move it', () => {
		expect(estimateCost(['0.040000', '0.050000', '0.060000'], MAX_POST_COST_USD)).toBeCloseTo(0.05);
		expect(estimateCost(['0.04', '0.05', '900000', '0.06', '0.05'], MAX_POST_COST_USD)).toBeCloseTo(0.05);
		expect(estimateCost([0.02, 0.04], MAX_POST_COST_USD)).toBeCloseTo(0.03);
	});

	it('is 0 with no usable history and never NaN, negative or unbounded', () => {
		expect(estimateCost([], MAX_POST_COST_USD)).toBe(0);
		expect(estimateCost([null, undefined, '', 'abc', 'NaN', NaN, Infinity, -Infinity, '-0.5', -2, {}], MAX_POST_COST_USD)).toBe(0);
		expect(estimateCost(['-1', '0.03'], MAX_POST_COST_USD)).toBeCloseTo(0.03);
		// Every sample absurd: the estimate stops at the ceiling.
		expect(estimateCost(['999999.999999', '1e300'], MAX_POST_COST_USD)).toBe(MAX_POST_COST_USD);
		expect(estimateCost(['5'], MAX_COMMENT_COST_USD)).toBe(MAX_COMMENT_COST_USD);
		for (const junk of [[NaN], ['x', -1], [Infinity, 'Infinity']]) {
			const v = estimateCost(junk, MAX_POST_COST_USD);
			expect(Number.isFinite(v) && v >= 0 && v <= MAX_POST_COST_USD).toBe(true);
		}
	});
});

describe('openActions reads the budget the job gates use', () => {
	it('everything is open under the caps and within budget', () => {
		expect(openActions(nova, counts())).toEqual({ allowed: ['POST', 'RESPOND', 'LIKE', 'FOLLOW', 'IDLE'], closed: {} });
	});

	it('closes POST when its estimated cost would pass the bot’s budget today, with the figures', () => {
		const open = openActions(nova, counts({ budget: budget({ budgetUsd: 0.5, spentTodayUsd: 0.48 }), postCostUsd: 0.05 }));
		expect(open.allowed).toEqual(['RESPOND', 'LIKE', 'FOLLOW', 'IDLE']);
		expect(open.closed.POST).toBe("a post (~$0.0500) would pass today's $0.5000 budget (spent $0.4800)");
	});

	it('closes POST and RESPOND with the gate’s own reason when the bot’s jobs are held', () => {
		const reason = 'Over budget: @chef has spent $1.00 of its $1.00 daily budget; waits until 00:00 UTC';
		const open = openActions(nova, counts({ budget: budget({ spentTodayUsd: 1, blocked: { until: new Date(), reason } }) }));
		expect(open.allowed).toEqual(['LIKE', 'FOLLOW', 'IDLE']);
		expect(open.closed).toEqual({ POST: reason, RESPOND: reason });
	});

	it('honours the global cap for all bots', () => {
		const open = openActions(nova, counts({ budget: budget({ globalCapUsd: 10, globalSpentTodayUsd: 9.99 }), postCostUsd: 0.05, commentCostUsd: 0.001 }));
		expect(open.closed.POST).toBe('a post (~$0.0500) would pass the $10.0000 daily cap for all bots');
		expect(open.allowed).toContain('RESPOND');
	});

	it('free actions stay open at any budget; the caps still close them', () => {
		const broke = budget({ budgetUsd: 0, spentTodayUsd: 0, blocked: { until: new Date(), reason: 'held' } });
		expect(openActions(nova, counts({ budget: broke })).allowed).toEqual(['LIKE', 'FOLLOW', 'IDLE']);
		const capped = openActions({ tier: 'SPARK', postsPerDay: 2 }, counts({ postsLast24h: 2, commentsLast24h: 6, likesLast24h: 20, followsLast24h: 3 }));
		expect(capped).toEqual({
			allowed: ['IDLE'],
			closed: { POST: '2 of 2 posts in the last 24 h', RESPOND: '6 of 6 comments in the last 24 h', LIKE: '20 of 20 likes in the last 24 h', FOLLOW: '3 of 3 follows in the last 24 h' }
		});
	});

	it('a bot’s posts per day above its tier’s cap counts as the cap', () => {
		expect(openActions({ tier: 'SPARK', postsPerDay: 50 }, counts({ postsLast24h: 2 })).closed.POST).toBe('2 of 2 posts in the last 24 h');
	});
});
