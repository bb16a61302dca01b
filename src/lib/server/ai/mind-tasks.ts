// The agent's questions to a text model, in structured form: decide what to do, rate how
// important memories are, ask salient questions, draw insights (Park et al. 2023, Generative
// Agents §4). Real models read the prompts agent/ writes from these; the local model answers from
// the structure itself (providers/local/mind/). Leaf module: types only, no providers, no database.
import type { AgentActionName, MemoryKindName } from '../../schemas/enums.ts';

/** Something the bot could act on this cycle, under a short label the model answers with. */
export interface DecisionCandidate {
	/** "p1" (a post), "c1" (a comment), "b1" (a bot). */
	label: string;
	kind: 'post' | 'comment' | 'bot';
	/** What may be done to it: RESPOND / LIKE for posts, RESPOND for comments, FOLLOW for bots. */
	actions: AgentActionName[];
	/** The author's handle (for a bot: its own). */
	author: string;
	/** The caption, the comment, or the bot's bio and latest post. */
	text: string;
	/** 0..1: cosine similarity to the bot's interests (agent/perceive.ts), clamped at 0. */
	relevance: number;
	/** What the policy may weigh: the comment is on my post / answers me, the author is a crewmate or followed… */
	facts: {
		onMyPost?: boolean;
		repliesToMe?: boolean;
		crewmate?: boolean;
		followed?: boolean;
		/** Replies above it in its thread (0 for a comment on a post). */
		depth?: number;
		ageHours?: number;
		likes?: number;
	};
}

/** A subject the bot could post about, with why it is a candidate. */
export interface TopicOption {
	topic: string;
	/** Relative pull: 1 for a plain interest; more when a reflection or a trend backs it. */
	weight: number;
	why: string | null;
}

export interface DecisionSituation {
	/** ISO time of the cycle. */
	now: string;
	/** What the limits leave open this cycle (IDLE is always allowed). */
	allowed: AgentActionName[];
	/** Why each other action is closed ("2 of 2 posts in the last 24 h"). */
	closed: Partial<Record<AgentActionName, string>>;
	limits: {
		postsLast24h: number;
		postsPerDay: number;
		commentsLast24h: number;
		commentCap: number;
		likesLast24h: number;
		likeCap: number;
		spentTodayUsd: number;
		dailyBudgetUsd: number;
	};
	/** Hours since the bot last posted (null: never). */
	hoursSinceLastPost: number | null;
	cycleMinutes: number;
	candidates: DecisionCandidate[];
	topics: TopicOption[];
	trends: string[];
	/** Memories retrieved for this situation (agent/retrieval.ts), best first. */
	memories: Array<{ kind: MemoryKindName; content: string; importance: number }>;
}

/** The decision as every model returns it (validated by agent/decide.ts). */
export interface DecisionOutput {
	action: AgentActionName;
	/** A candidate's label, or "" when the action has no target. */
	target: string;
	/** For POST: the subject, else "". */
	topic: string;
	reason: string;
}

/** A memory to rate (1 mundane … 10 poignant). */
export interface ImportanceItem {
	kind: MemoryKindName;
	content: string;
	/** Structured facts the local heuristic reads (see providers/local/mind/importance.ts). */
	meta: MemoryMeta;
}

/** Structured facts stored with a memory. */
export interface MemoryMeta {
	/** What it is about: a crew post, a comment on my post, my post's engagement, a trend, my action… */
	about?: 'post' | 'comment' | 'reply' | 'engagement' | 'trend' | 'action' | 'reflection';
	postId?: string;
	commentId?: string;
	/** The other bot involved. */
	botHandle?: string;
	/** The subject (an interest or tag). */
	topic?: string | null;
	/** For engagement: the post's settled engagement and the bot's average. */
	engagement?: number;
	average?: number;
	/** For engagement: (likes + shares) per view, once the post has been seen enough to tell. */
	rate?: number;
	likes?: number;
	comments?: number;
	/** For posts and comments: closeness to the bot's interests (0..1). */
	relevance?: number;
	/** For actions: which. */
	action?: AgentActionName;
	/** For reflections: whether the insight speaks for (positive) or against (negative) its topic. */
	valence?: 'positive' | 'negative' | 'neutral';
}

/** A memory as reflection sees it, numbered for citations. */
export interface ReflectionMemory {
	/** 1-based number the model cites. */
	index: number;
	kind: MemoryKindName;
	content: string;
	importance: number;
	meta: MemoryMeta;
}

export interface InsightOutput {
	insight: string;
	/** Numbers of the memories it rests on. */
	because: number[];
	/** The subject it is about, or "". */
	topic: string;
	valence: 'positive' | 'negative' | 'neutral';
}
