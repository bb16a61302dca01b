// Offline text: captions, tags and comments written by the persona's generative grammar
// (writing/), a measured analysis of reference images (analysis.ts), and the agent's mind
// (mind/: decisions, importance ratings, reflection). It cannot follow free-form prompts, so text
// requests must carry a structured `task`.
import { ProviderError, type JsonRequest, type JsonResult, type TextModel, type TextTask } from '../types.ts';
import { analyzeImage } from './analysis.ts';
import { LOCAL_PROVIDER, estimateTokens } from './shared.ts';
import { composeCaption } from './writing/caption.ts';
import { composeComment } from './writing/comment.ts';
import { composeTags } from './writing/tags.ts';
import { decideLocally } from './mind/decision.ts';
import { rateImportance } from './mind/importance.ts';
import { localInsights, localQuestions } from './mind/reflection.ts';

export class LocalTextModel implements TextModel {
	readonly provider = LOCAL_PROVIDER;
	readonly model = 'rudo-local-text-1';
	readonly supportsImages = true;

	async generateJson<T>(request: JsonRequest<T>): Promise<JsonResult<T>> {
		const raw = await composeForTask(request.task);
		const parsed = request.schema.safeParse(raw);
		if (!parsed.success) {
			// A bug, not bad luck: the local composer and the schema disagree. Retrying cannot help.
			throw new ProviderError(`Local text model output does not match "${request.schemaName}": ${parsed.error.issues[0]?.message ?? 'invalid'}`, {
				provider: this.provider,
				model: this.model,
				kind: 'unsupported',
				retryable: false
			});
		}
		return {
			value: parsed.data,
			usage: {
				provider: this.provider,
				model: this.model,
				operation: request.operation,
				inputTokens: estimateTokens(request.system + request.user),
				outputTokens: estimateTokens(JSON.stringify(raw)),
				costUsd: 0
			}
		};
	}
}

async function composeForTask(task: TextTask): Promise<unknown> {
	switch (task.kind) {
		case 'caption': {
			const { caption, mood, hook, subject } = composeCaption(task.bot, task.postType, task.seed, task.recentCaptions ?? [], task.topic ?? null);
			return { caption, mood, hook, topic: subject.interest };
		}
		case 'tags':
			return { tags: composeTags(task.bot, task.caption, task.trends, task.seed) };
		case 'comment':
			return { comment: composeComment(task.bot, task.targetCaption, task.targetName, task.seed).comment };
		case 'character-analysis':
			return analyzeImage(task.image.bytes);
		case 'decision':
			return decideLocally(task.bot.id, task.situation, task.seed);
		case 'importance':
			return { ratings: task.items.map(rateImportance) };
		case 'reflection-questions':
			return { questions: localQuestions(task.memories) };
		case 'reflection-insights':
			return { insights: localInsights(task.memories) };
	}
}
