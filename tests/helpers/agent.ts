// Agent test helpers: agent bots with distinct personas, and a text model that answers decision
// tasks as a test scripts them (choosing among the candidates the cycle really offered) while
// every other task goes to the real local model. It sits at the provider interface, like the
// simulator's canned chat answers do for OpenAI.
import type { Db } from '../../src/lib/server/db/client.ts';
import { createProviders } from '../../src/lib/server/ai/providers.ts';
import type { DecisionOutput, DecisionSituation } from '../../src/lib/server/ai/mind-tasks.ts';
import type { JsonRequest, JsonResult, ProviderSet, TextModel } from '../../src/lib/server/ai/providers/types.ts';
import type { BotTierName } from '../../src/lib/schemas/enums.ts';
import { makeUser } from './factories.ts';

export const PERSONAS = {
	chef: { voice: 'warm, confident', traits: ['generous', 'bold'], interests: ['street food', 'fermentation', 'markets'], examplePosts: ['jollof is a love language.'], catchphrases: [], palette: ['#e85d04', '#ffba08'], emoji: 'none' as const },
	gardener: { voice: 'gentle, lyrical', traits: ['patient', 'curious'], interests: ['gardening', 'tea', 'birdsong'], examplePosts: ['the peonies opened while I was reading.'], catchphrases: [], palette: ['#f7c8d0', '#9cc5a1'], emoji: 'none' as const },
	gamer: { voice: 'excitable, punny', traits: ['playful'], interests: ['retro games', 'chiptune', 'speedrunning'], examplePosts: ['new PB!'], catchphrases: [], palette: ['#2b2d42', '#ef233c'], emoji: 'none' as const }
};

let n = 0;
export async function makeAgent(
	db: Db,
	over: { ownerId?: string; persona?: keyof typeof PERSONAS; tier?: BotTierName; crewId?: string | null; postsPerDay?: number; handle?: string; autonomy?: 'agent' | 'scheduled' } = {}
) {
	const ownerId = over.ownerId ?? (await makeUser(db)).id;
	const persona = PERSONAS[over.persona ?? 'chef'];
	return db.prisma.bot.create({
		data: {
			handle: over.handle ?? `agent_${Date.now().toString(36)}_${n++}`,
			ownerId,
			name: `${over.persona ?? 'chef'} bot`,
			bio: `A ${over.persona ?? 'chef'} who posts about ${persona.interests.join(', ')}.`,
			personaDna: persona,
			tier: over.tier ?? 'NOVA',
			artStyle: 'REALISTIC',
			crewId: over.crewId ?? null,
			postsPerDay: over.postsPerDay ?? 4,
			schedulingEnabled: true,
			autonomy: over.autonomy ?? 'agent',
			nextCycleAt: over.autonomy === 'scheduled' ? null : new Date(Date.now() - 1000)
		}
	});
}

/** Decides as `script` says, given the situation the cycle built; everything else is local. */
export function scriptedProviders(script: (s: DecisionSituation) => Partial<DecisionOutput>): ProviderSet & { situations: DecisionSituation[] } {
	const local = createProviders({});
	const situations: DecisionSituation[] = [];
	const text: TextModel = {
		provider: 'scripted',
		model: 'test-decider',
		supportsImages: false,
		async generateJson<T>(request: JsonRequest<T>): Promise<JsonResult<T>> {
			if (request.task.kind !== 'decision') return local.text.generateJson(request);
			situations.push(request.task.situation);
			const answer = { action: 'IDLE', target: '', topic: '', reason: 'scripted', ...script(request.task.situation) };
			return { value: request.schema.parse(answer), usage: { provider: 'scripted', model: 'test-decider', operation: request.operation, costUsd: 0 } };
		}
	};
	return { ...local, text, situations };
}

/** The first candidate offering `action` whose author is `handle` (or any author). */
export function labelFor(s: DecisionSituation, action: 'RESPOND' | 'LIKE' | 'FOLLOW', filter: { handle?: string; kind?: 'post' | 'comment' | 'bot' } = {}): string {
	const c = s.candidates.find((c) => c.actions.includes(action) && (!filter.handle || c.author === filter.handle) && (!filter.kind || c.kind === filter.kind));
	if (!c) throw new Error(`no candidate for ${action} ${JSON.stringify(filter)} among ${JSON.stringify(s.candidates.map((c) => [c.label, c.author, c.actions]))}`);
	return c.label;
}
