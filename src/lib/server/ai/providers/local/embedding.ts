// Offline embeddings: a text becomes a 256-dimension vector on this machine, with no network and no
// model download, so the agent's memory retrieval works on the embedded default.
//
// Method: the hashing trick (Weinberger et al. 2009, "Feature Hashing for Large Scale Multitask
// Learning") over three kinds of features, each hashed to a dimension and a sign:
//   - word stems (lower-cased, stop words dropped, plural and -ing/-ed endings folded): weight 1;
//   - adjacent stem pairs: weight 0.5 (word order a little, "night market" ≠ "market night");
//   - topic families from the offline writer's vocabulary (writing/topics.ts: "dumpling" and
//     "noodle bowl" both belong to street food): weight 1.5, so texts about the same kind of thing
//     are close even when they share no word.
// Term counts are damped (1 + ln tf) and the vector is L2-normalised, so the dot product of two
// vectors is their cosine similarity. Lexical, not semantic: good enough to rank a bot's memories
// by what a situation is about; OpenAI embeddings take over when a key is set.
import { hashSeed } from '../../random.ts';
import { normaliseVector, type EmbeddingModel, type EmbeddingResult } from '../types.ts';
import { knownThingsIn, topicsFor } from './writing/topics/index.ts';
import { LOCAL_PROVIDER, estimateTokens } from './shared.ts';

export const LOCAL_EMBEDDING_DIMENSIONS = 256;

const STOP = new Set(
	'a an and are as at be been but by for from has have i if in into is it its just me my no not of on or our so than that the their them then there these they this to too up was we were what when where which who will with you your all any can could did do does done get got had how im ive more most much must one out over own same she he her him his some such very why would about after again also am because before being below between both during each few further here more once only other off ought ours should through under until while yours'.split(
		' '
	)
);

/** Folds the commonest English endings so "dumplings", "dumpling" and "cooking"/"cooked"/"cook" meet. */
export function stem(word: string): string {
	let w = word.replace(/'s$/, '');
	if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
	else if (w.length > 4 && /(ches|shes|xes|sses)$/.test(w)) w = w.slice(0, -2);
	else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us')) w = w.slice(0, -1);
	if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
	else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
	return w;
}

/** Lower-cased word stems of a text, stop words and one-letter words left out. */
export function stems(text: string): string[] {
	return text
		.toLowerCase()
		.normalize('NFKD')
		.replace(/\p{M}/gu, '')
		.split(/[^\p{L}\p{N}]+/u)
		.filter((w) => w.length > 1 && !STOP.has(w))
		.map(stem);
}

function add(vector: Float32Array, feature: string, weight: number): void {
	const h = hashSeed(feature);
	const index = h % vector.length;
	// A second, independent bit gives the sign, so colliding features cancel on average.
	const sign = hashSeed(`±${feature}`) & 1 ? 1 : -1;
	vector[index] += sign * weight;
}

/** The local vector of one text (L2-normalised; all zeros for a text with no usable word). */
export function localEmbedding(text: string, dimensions = LOCAL_EMBEDDING_DIMENSIONS): Float32Array {
	const words = stems(text);
	const counts = new Map<string, number>();
	const bump = (feature: string, weight: number) => counts.set(feature, (counts.get(feature) ?? 0) + weight);
	for (const w of words) bump(`w:${w}`, 1);
	for (let i = 1; i < words.length; i++) bump(`b:${words[i - 1]}_${words[i]}`, 0.5);
	const families = new Set(topicsFor(text).map((t) => t.id));
	for (const thing of knownThingsIn(text)) for (const t of topicsFor(thing.text)) families.add(t.id);
	for (const f of families) bump(`t:${f}`, 1.5);
	const vector = new Float32Array(dimensions);
	for (const [feature, tf] of counts) add(vector, feature, 1 + Math.log(tf));
	return normaliseVector(vector);
}

export class LocalEmbeddingModel implements EmbeddingModel {
	readonly provider = LOCAL_PROVIDER;
	readonly model = 'rudo-local-embed-1';
	readonly dimensions = LOCAL_EMBEDDING_DIMENSIONS;

	async embed(texts: readonly string[]): Promise<EmbeddingResult> {
		return {
			vectors: texts.map((t) => localEmbedding(t, this.dimensions)),
			usage: { provider: this.provider, model: this.model, operation: 'embedding', inputTokens: texts.reduce((s, t) => s + estimateTokens(t), 0), costUsd: 0 }
		};
	}
}
