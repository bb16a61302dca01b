// The local model's decision policy: what a bot does this cycle, reproducible for a seed. A
// utility per possible action, then one weighted draw (so the same situation does not always give
// the same answer, and a seed replays it). The weights, and why:
//   POST     6 × (pace − 0.5) once pace ≥ 0.5, where pace = hours since the last post ÷ the hours
//            between posts its daily rate implies (24 / postsPerDay): a bot drifts towards posting
//            as its next post comes due, like elizaOS's randomised post interval.
//   RESPOND  to a comment on my post or a reply to me: 2.5 × (0.4 + relevance) ÷ (1 + depth)
//            (being addressed is the strongest reason to speak; deep threads cool off);
//            to a stranger's post: 2 × relevance², only from relevance 0.25 up (elizaOS's
//            should-respond: if in doubt, ignore); to a crewmate's: 1.5 × (0.3 + 2 × relevance²)
//            (crewmates talk even off their topics, as the timer bots' crew comments do).
//   LIKE     1.2 × (0.3 + relevance), from relevance 0.1 up (cheap, so easily given).
//   FOLLOW   0.8 × relevance, from relevance 0.25 up.
//   IDLE     1 (always possible; the baseline every other pull is measured against).
// Each action's best candidate competes; actions the limits closed are never chosen. The POST
// topic is drawn from the situation's topics by weight (interests, backed by reflections and trends).
import { seededRng, weightedPick, type Rng } from '../../../random.ts';
import type { AgentActionName } from '../../../../../schemas/enums.ts';
import type { DecisionCandidate, DecisionOutput, DecisionSituation, TopicOption } from '../../../mind-tasks.ts';

export const POLICY_WEIGHTS = {
	postRamp: 6,
	postStartPace: 0.5,
	respondAddressed: 2.5,
	respondAddressedBase: 0.4,
	respondPost: 2,
	respondPostMinRelevance: 0.25,
	crewmateBase: 0.3,
	crewmateBonus: 1.5,
	like: 1.2,
	likeBase: 0.3,
	likeMinRelevance: 0.1,
	follow: 0.8,
	followMinRelevance: 0.25,
	idle: 1
} as const;

interface Option {
	action: AgentActionName;
	weight: number;
	candidate: DecisionCandidate | null;
}

const quote = (text: string, max = 60) => {
	const one = text.replace(/\s+/g, ' ').trim();
	return `“${one.length > max ? `${one.slice(0, max - 1)}…` : one}”`;
};
const round2 = (x: number) => Math.round(x * 100) / 100;

/** The pull of each candidate for one action (0 = not an option). */
export function candidateWeight(action: AgentActionName, c: DecisionCandidate): number {
	const w = POLICY_WEIGHTS;
	if (!c.actions.includes(action)) return 0;
	const r = Math.max(0, Math.min(1, c.relevance));
	switch (action) {
		case 'RESPOND':
			if (c.kind === 'comment' && (c.facts.onMyPost || c.facts.repliesToMe)) return (w.respondAddressed * (w.respondAddressedBase + r)) / (1 + (c.facts.depth ?? 0));
			if (c.kind === 'post' && c.facts.crewmate) return w.crewmateBonus * (w.crewmateBase + w.respondPost * r * r);
			if (c.kind === 'post' && r >= w.respondPostMinRelevance) return w.respondPost * r * r;
			return 0;
		case 'LIKE':
			return c.kind === 'post' && r >= w.likeMinRelevance ? w.like * (w.likeBase + r) : 0;
		case 'FOLLOW':
			return c.kind === 'bot' && !c.facts.followed && r >= w.followMinRelevance ? w.follow * r : 0;
		default:
			return 0;
	}
}

/** The POST pull from how due the next post is. */
export function postWeight(situation: Pick<DecisionSituation, 'hoursSinceLastPost' | 'limits'>): number {
	const interval = 24 / Math.max(1, situation.limits.postsPerDay);
	const pace = situation.hoursSinceLastPost === null ? 2 : situation.hoursSinceLastPost / interval;
	return pace < POLICY_WEIGHTS.postStartPace ? 0 : POLICY_WEIGHTS.postRamp * (pace - POLICY_WEIGHTS.postStartPace);
}

function pickTopic(topics: readonly TopicOption[], rng: Rng): TopicOption | null {
	if (topics.length === 0) return null;
	return weightedPick(rng, topics.map((t) => [t, Math.max(0.01, t.weight)] as const));
}

function reasonFor(option: Option, situation: DecisionSituation, topic: TopicOption | null): string {
	const c = option.candidate;
	switch (option.action) {
		case 'POST': {
			const since = situation.hoursSinceLastPost === null ? 'I have not posted yet' : `It has been ${round2(situation.hoursSinceLastPost)} h since my last post`;
			const every = round2(24 / Math.max(1, situation.limits.postsPerDay));
			return `${since} (I post about every ${every} h). Posting about ${topic?.topic ?? 'what I love'}${topic?.why ? `: ${topic.why}` : ''}.`;
		}
		case 'RESPOND':
			if (c?.kind === 'comment') return `@${c.author} ${c.facts.repliesToMe ? 'answered me' : 'commented on my post'}: ${quote(c.text)} — that deserves a reply.`;
			return `@${c?.author} posted something close to what I care about (relevance ${round2(c?.relevance ?? 0)}): ${quote(c?.text ?? '')}. I have something to say.`;
		case 'LIKE':
			return `I like @${c?.author}'s post ${quote(c?.text ?? '')} (relevance ${round2(c?.relevance ?? 0)}).`;
		case 'FOLLOW':
			return `@${c?.author} keeps posting what I care about (relevance ${round2(c?.relevance ?? 0)}): following.`;
		default: {
			const closed = situation.closed.POST ? ` Posting is closed: ${situation.closed.POST}.` : '';
			return `Nothing here needs me; if in doubt, I stay quiet.${closed}`;
		}
	}
}

/** The local model's answer to a decision task. Deterministic for (bot, seed, situation). */
export function decideLocally(botId: string, situation: DecisionSituation, seed: string): DecisionOutput {
	const rng = seededRng(botId, seed, 'decide');
	const allowed = new Set<AgentActionName>([...situation.allowed, 'IDLE']);
	const options: Option[] = [{ action: 'IDLE', weight: POLICY_WEIGHTS.idle, candidate: null }];
	if (allowed.has('POST')) options.push({ action: 'POST', weight: postWeight(situation), candidate: null });
	for (const action of ['RESPOND', 'LIKE', 'FOLLOW'] as const) {
		if (!allowed.has(action)) continue;
		let best: Option | null = null;
		for (const c of situation.candidates) {
			const weight = candidateWeight(action, c);
			if (weight > 0 && (!best || weight > best.weight)) best = { action, weight, candidate: c };
		}
		if (best) options.push(best);
	}
	const chosen = weightedPick(rng, options.map((o) => [o, o.weight] as const));
	const topic = chosen.action === 'POST' ? pickTopic(situation.topics, rng) : null;
	return { action: chosen.action, target: chosen.candidate?.label ?? '', topic: topic?.topic ?? '', reason: reasonFor(chosen, situation, topic) };
}
