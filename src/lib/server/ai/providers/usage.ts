// What one provider call cost: the shape of a UsageEvent ledger row, returned by every adapter call.

export type UsageOperation =
	| 'caption'
	| 'tags'
	| 'image'
	| 'video'
	| 'moderation'
	| 'vision'
	| 'comment'
	/** The agent loop: a cycle's decision, memory importance, embeddings, reflection. */
	| 'decision'
	| 'importance'
	| 'embedding'
	| 'reflection';

/** One provider call, as a UsageEvent row wants it. */
export interface UsageRecord {
	provider: string;
	model: string;
	operation: UsageOperation;
	inputTokens?: number;
	outputTokens?: number;
	images?: number;
	videoSeconds?: number;
	/** Estimated from the published price list; 0 for local and unknown models. */
	costUsd: number;
}
