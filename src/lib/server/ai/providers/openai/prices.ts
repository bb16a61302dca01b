// OpenAI's published prices, for the usage ledger (what a call cost, in USD).

/** USD per million tokens (input, output), from OpenAI's published prices. Unknown models: 0. */
const PRICES: Array<[RegExp, number, number]> = [
	[/^gpt-4o-mini/, 0.15, 0.6],
	[/^gpt-4o/, 2.5, 10],
	[/^gpt-4\.1-nano/, 0.1, 0.4],
	[/^gpt-4\.1-mini/, 0.4, 1.6],
	[/^gpt-4\.1/, 2, 8],
	[/^gpt-5-nano/, 0.05, 0.4],
	[/^gpt-5-mini/, 0.25, 2],
	[/^gpt-5/, 1.25, 10]
];

/** USD per million input tokens of the embedding models, from OpenAI's published prices. */
const EMBEDDING_PRICES: Array<[RegExp, number]> = [
	[/^text-embedding-3-small/, 0.02],
	[/^text-embedding-3-large/, 0.13],
	[/^text-embedding-ada-002/, 0.1]
];

/** USD for `inputTokens` of an embedding model (0 for a model not in the table). */
export function estimateOpenAiEmbeddingCost(model: string, inputTokens: number): number {
	const price = EMBEDDING_PRICES.find(([re]) => re.test(model));
	return price ? Math.round(((inputTokens * price[1]) / 1_000_000) * 1e6) / 1e6 : 0;
}

/** USD for a chat call: input and output tokens at the model's prices (0 for a model not in the table). */
export function estimateOpenAiCost(model: string, inputTokens: number, outputTokens: number): number {
	const price = PRICES.find(([re]) => re.test(model));
	if (!price) return 0;
	return Math.round(((inputTokens * price[1] + outputTokens * price[2]) / 1_000_000) * 1e6) / 1e6;
}
