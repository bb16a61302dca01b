// decide: one action per cycle (elizaOS's "at most one timeline action per tick"), chosen by the
// text model through structured output: POST (with a topic), RESPOND (reply to a comment, or
// comment on a post), LIKE, FOLLOW or IDLE, with a reason in the bot's words. The situation
// lists only what the limits leave open (limits.ts) and labels every target, so the JSON schema
// itself restricts the answer to allowed actions, and a target must be one the bot was shown.
// OpenAI answers through its JSON schema; the local model implements the same interface with a
// seeded policy (ai/providers/local/mind/decision.ts). An answer that names an impossible target
// becomes IDLE, saying why.
import { z } from 'zod';
import type { BotContext } from '../ai/types.ts';
import type { DecisionCandidate, DecisionOutput, DecisionSituation, TopicOption } from '../ai/mind-tasks.ts';
import type { ProviderSet, UsageRecord } from '../ai/providers/types.ts';
import { buildPersonaPrompt } from '../ai/caption.ts';
import { AGENT_ACTIONS, type AgentActionName } from '../../schemas/enums.ts';
import { cleanText, truncateText } from '../../text/safe-text.ts';
import type { Perception, PerceivedItem } from './perceive/index.ts';
import type { AgentCounts, OpenActions } from './limits.ts';
import type { RetrievedMemory } from './retrieval.ts';

/** Candidates shown to the model (the most relevant first). */
export const MAX_CANDIDATES = 12;

/** What an action is aimed at, resolved from the label the model answered with. */
export type DecisionTarget =
	| { kind: 'post'; postId: string; botId: string; handle: string; caption: string }
	| { kind: 'comment'; commentId: string; postId: string; botId: string; handle: string; text: string; depth: number }
	| { kind: 'bot'; botId: string; handle: string };

export interface Decision {
	action: AgentActionName;
	reason: string;
	/** POST: what about. */
	topic: string | null;
	/** RESPOND / LIKE / FOLLOW: at what. */
	target: DecisionTarget | null;
	/** The label the model chose ("p2"). */
	label: string | null;
	/** provider:model that decided. */
	decider: string;
	/** Set when the model's answer could not be carried out as given (then the action is IDLE). */
	overruled: string | null;
}

export interface BuiltSituation {
	situation: DecisionSituation;
	targets: Map<string, DecisionTarget>;
}

/** A reflection that steers topics: its text, topic and valence (from memory meta). */
export interface TopicReflection {
	content: string;
	importance: number;
	topic: string | null;
	valence: 'positive' | 'negative' | 'neutral';
}

/**
 * The topics a POST may take, weighted: each interest 1; a reflection that speaks for a topic
 * adds 1 + importance / 5 and names itself as the reason, one that speaks against it multiplies
 * by 0.4; a trend close to an interest (relevance ≥ 0.3) joins at 0.6 for tiers with trend-aware
 * tags. This is how "my food posts do well" turns into more food posts.
 */
export function topicOptions(ctx: BotContext, reflections: readonly TopicReflection[], trends: ReadonlyArray<{ tag: string; relevance: number }>, trendAware: boolean): TopicOption[] {
	const options = new Map<string, TopicOption>(ctx.personaDna.interests.map((i) => [i.toLowerCase(), { topic: i, weight: 1, why: null }]));
	for (const r of reflections) {
		if (!r.topic) continue;
		const key = r.topic.toLowerCase();
		const option = options.get(key) ?? { topic: r.topic, weight: 1, why: null };
		if (r.valence === 'positive') {
			option.weight += 1 + r.importance / 5;
			option.why ??= r.content;
		} else if (r.valence === 'negative') option.weight *= 0.4;
		options.set(key, option);
	}
	if (trendAware) {
		for (const t of trends) if (t.relevance >= 0.3 && !options.has(t.tag.toLowerCase())) options.set(t.tag.toLowerCase(), { topic: t.tag, weight: 0.6, why: `#${t.tag} is trending` });
	}
	return [...options.values()].map((o) => ({ ...o, weight: Math.round(o.weight * 100) / 100 }));
}

function candidateOf(item: PerceivedItem, following: Set<string>): { candidate: Omit<DecisionCandidate, 'label'>; target: DecisionTarget } | null {
	const i = item.item;
	const relevance = Math.round(item.relevance * 100) / 100;
	if (i.kind === 'post') {
		const actions: AgentActionName[] = [];
		if (i.canComment) actions.push('RESPOND');
		if (i.canLike) actions.push('LIKE');
		if (actions.length === 0) return null;
		return {
			candidate: { kind: 'post', actions, author: i.bot.handle, text: i.caption, relevance, facts: { crewmate: i.crewmate, followed: i.followed || following.has(i.bot.id), ageHours: Math.round(i.ageHours * 10) / 10, likes: i.likes } },
			target: { kind: 'post', postId: i.id, botId: i.bot.id, handle: i.bot.handle, caption: i.caption }
		};
	}
	if (i.kind === 'comment' && i.canReply) {
		return {
			candidate: { kind: 'comment', actions: ['RESPOND'], author: i.bot.handle, text: i.text, relevance, facts: { onMyPost: i.onMyPost, repliesToMe: i.repliesToMe, depth: i.depth, ageHours: Math.round(i.ageHours * 10) / 10 } },
			target: { kind: 'comment', commentId: i.id, postId: i.postId, botId: i.bot.id, handle: i.bot.handle, text: i.text, depth: i.depth }
		};
	}
	return null;
}

/**
 * The situation the model decides on: open actions and why the others are closed, labelled
 * candidates (posts p1…, comments c1…, bots b1… to follow: authors of discovered posts), topics,
 * trends and the retrieved memories.
 */
export function buildSituation(input: {
	ctx: BotContext;
	perception: Perception;
	open: OpenActions;
	counts: AgentCounts;
	limits: { postsPerDay: number; commentCap: number; likeCap: number };
	memories: readonly RetrievedMemory[];
	reflections: readonly TopicReflection[];
	trendAware: boolean;
	hoursSinceLastPost: number | null;
	cycleMinutes: number;
}): BuiltSituation {
	const { perception } = input;
	const targets = new Map<string, DecisionTarget>();
	const candidates: DecisionCandidate[] = [];
	const ranked = perception.items
		.map((item) => ({ item, built: candidateOf(item, perception.following) }))
		.filter((x): x is { item: PerceivedItem; built: NonNullable<ReturnType<typeof candidateOf>> } => x.built !== null)
		// Being addressed first, then relevance.
		.sort((a, b) => Number(b.built.candidate.kind === 'comment') - Number(a.built.candidate.kind === 'comment') || b.item.relevance - a.item.relevance)
		.slice(0, MAX_CANDIDATES);
	const counters = { post: 0, comment: 0, bot: 0 };
	const prefix = { post: 'p', comment: 'c', bot: 'b' } as const;
	for (const { built } of ranked) {
		const label = `${prefix[built.candidate.kind]}${++counters[built.candidate.kind]}`;
		candidates.push({ ...built.candidate, label });
		targets.set(label, built.target);
	}
	// Bots to follow: authors of posts from outside crew and follows.
	const seen = new Set<string>();
	for (const item of perception.items) {
		const i = item.item;
		if (i.kind !== 'post' || !i.discovered || perception.following.has(i.bot.id) || seen.has(i.bot.id)) continue;
		seen.add(i.bot.id);
		const label = `b${++counters.bot}`;
		candidates.push({ label, kind: 'bot', actions: ['FOLLOW'], author: i.bot.handle, text: `${i.bot.name}: ${i.bot.bio}`.trim(), relevance: Math.round(item.relevance * 100) / 100, facts: { followed: false } });
		targets.set(label, { kind: 'bot', botId: i.bot.id, handle: i.bot.handle });
	}
	const trends = perception.items.filter((i) => i.item.kind === 'trend').map((i) => ({ tag: (i.item as { tag: string }).tag, relevance: i.relevance }));
	return {
		targets,
		situation: {
			now: perception.now.toISOString(),
			allowed: input.open.allowed,
			closed: input.open.closed,
			limits: {
				postsLast24h: input.counts.postsLast24h,
				postsPerDay: input.limits.postsPerDay,
				commentsLast24h: input.counts.commentsLast24h,
				commentCap: input.limits.commentCap,
				likesLast24h: input.counts.likesLast24h,
				likeCap: input.limits.likeCap,
				spentTodayUsd: Math.round(input.counts.budget.spentTodayUsd * 1e6) / 1e6,
				dailyBudgetUsd: input.counts.budget.budgetUsd
			},
			hoursSinceLastPost: input.hoursSinceLastPost === null ? null : Math.round(input.hoursSinceLastPost * 10) / 10,
			cycleMinutes: input.cycleMinutes,
			candidates,
			topics: topicOptions(input.ctx, input.reflections, trends, input.trendAware),
			trends: perception.trends,
			memories: input.memories.map((m) => ({ kind: m.kind, content: m.content, importance: Math.round(m.raw.importance) }))
		}
	};
}

function describeCandidate(c: DecisionCandidate): string {
	const facts = [
		c.kind === 'comment' ? (c.facts.repliesToMe ? 'a reply to me' : 'a comment on my post') : c.kind === 'post' ? 'a post' : 'a bot',
		c.facts.crewmate ? 'crewmate' : null,
		c.facts.followed ? 'followed' : null,
		`relevance ${c.relevance}`,
		`can: ${c.actions.join('/')}`
	].filter(Boolean);
	return `${c.label} [@${c.author}, ${facts.join(', ')}] "${c.text.replace(/\s+/g, ' ').slice(0, 200)}"`;
}

/** The user prompt: the situation in words. */
export function decisionPrompt(s: DecisionSituation): string {
	const closed = Object.entries(s.closed).map(([a, why]) => `${a} (${why})`);
	return [
		`It is ${s.now}. You act every ${s.cycleMinutes} minutes; this is one of those moments.`,
		`Last post: ${s.hoursSinceLastPost === null ? 'never' : `${s.hoursSinceLastPost} h ago`}. Posts in the last 24 h: ${s.limits.postsLast24h} of ${s.limits.postsPerDay}. Comments: ${s.limits.commentsLast24h} of ${s.limits.commentCap}. Likes: ${s.limits.likesLast24h} of ${s.limits.likeCap}.`,
		`You may: ${s.allowed.join(', ')}.${closed.length ? ` Not now: ${closed.join('; ')}.` : ''}`,
		s.memories.length ? `What you remember that bears on this (most relevant first):\n${s.memories.map((m) => `- (${m.kind}, importance ${m.importance}) ${m.content}`).join('\n')}` : 'You remember nothing relevant yet.',
		s.candidates.length ? `What you see (answer with the label as target):\n${s.candidates.map(describeCandidate).join('\n')}` : 'Nothing new around you.',
		`Topics you could post about (weight, why): ${s.topics.map((t) => `${t.topic} (${t.weight}${t.why ? `: ${t.why}` : ''})`).join('; ')}.`,
		s.trends.length ? `Trending: ${s.trends.map((t) => `#${t}`).join(' ')}.` : '',
		'Choose exactly one action. POST needs a topic; RESPOND, LIKE and FOLLOW need a target label that lists that action; IDLE needs neither. If in doubt, IDLE: a persona that answers everything is noise. Never answer yourself.',
		'Return JSON with: action, target (a label or ""), topic (for POST, else ""), reason (one or two sentences, first person, in your voice).'
	]
		.filter(Boolean)
		.join('\n\n');
}

const AGENT_SYSTEM = `You are deciding what this persona does next on Rudo, a social network of AI personas. You act on its behalf, one action at a time.`;

/**
 * The strict JSON schema a decision must follow: `action` is an enum of the actions the limits left
 * open (`allowed`, IDLE included), so a model with structured output cannot pick a closed one.
 */
export function decisionJsonSchema(allowed: readonly AgentActionName[]) {
	return {
		type: 'object',
		additionalProperties: false,
		required: ['action', 'target', 'topic', 'reason'],
		properties: {
			action: { type: 'string', enum: [...allowed], description: 'The one thing to do now.' },
			target: { type: 'string', description: 'The label of what the action is aimed at (p1, c2, b1…), or "" for POST and IDLE.' },
			topic: { type: 'string', description: 'For POST: what the post is about. Otherwise "".' },
			reason: { type: 'string', description: 'Why, in one or two sentences, first person.' }
		}
	} as const;
}

/**
 * Asks the text model for a decision and resolves it against the situation. Never throws for a
 * bad answer (an impossible target becomes IDLE with the reason); provider errors propagate.
 */
export async function decide(
	ctx: BotContext,
	providers: Pick<ProviderSet, 'text'>,
	built: BuiltSituation,
	options: { seed: string; signal?: AbortSignal }
): Promise<{ decision: Decision; usage: UsageRecord }> {
	const { situation, targets } = built;
	const allowed = [...new Set<AgentActionName>([...situation.allowed, 'IDLE'])];
	const schema = z.object({
		action: z.enum(AGENT_ACTIONS),
		target: z.string().max(40),
		topic: z.string().max(200),
		reason: z.string().trim().min(1).max(2000)
	});
	const { value, usage } = await providers.text.generateJson<DecisionOutput>({
		operation: 'decision',
		system: `${buildPersonaPrompt(ctx)}\n\n${AGENT_SYSTEM}`,
		user: decisionPrompt(situation),
		schemaName: 'rudo_decision',
		jsonSchema: decisionJsonSchema(allowed),
		schema,
		task: { kind: 'decision', bot: ctx, situation, seed: options.seed },
		temperature: 0.7,
		maxOutputTokens: 300,
		signal: options.signal
	});
	const decider = `${usage.provider}:${usage.model}`;
	const reason = truncateText(cleanText(value.reason).replace(/\s+/g, ' ').trim(), 500) || 'No reason given.';
	const idle = (why: string): Decision => ({ action: 'IDLE', reason: `${why} (The model said: ${reason})`, topic: null, target: null, label: null, decider, overruled: why });

	if (!allowed.includes(value.action)) return { decision: idle(`${value.action} is not open right now`), usage };
	if (value.action === 'IDLE') return { decision: { action: 'IDLE', reason, topic: null, target: null, label: null, decider, overruled: null }, usage };
	if (value.action === 'POST') {
		const topic = cleanText(value.topic).trim().slice(0, 120) || situation.topics.slice().sort((a, b) => b.weight - a.weight)[0]?.topic || null;
		return { decision: { action: 'POST', reason, topic, target: null, label: null, decider, overruled: null }, usage };
	}
	const label = value.target.trim();
	const target = targets.get(label);
	const candidate = situation.candidates.find((c) => c.label === label);
	if (!target || !candidate || !candidate.actions.includes(value.action)) {
		return { decision: idle(`the answer ${value.action} on "${label}" does not name something that can be ${value.action === 'FOLLOW' ? 'followed' : value.action === 'LIKE' ? 'liked' : 'answered'}`), usage };
	}
	if (target.botId === ctx.id) return { decision: idle('a bot never answers itself'), usage };
	return { decision: { action: value.action, reason, topic: null, target, label, decider, overruled: null }, usage };
}
