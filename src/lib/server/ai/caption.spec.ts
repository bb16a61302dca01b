import { describe, expect, it } from 'vitest';
import { DEMO_BOTS } from '../demo/seed.ts';
import { applyVoiceRules, buildCharacterContext, buildPersonaPrompt, generateCaption, readVoice, tidyCaption } from './caption.ts';
import { LocalTextModel } from './providers/local/index.ts';
import type { JsonRequest, JsonResult, TextModel } from './providers/types.ts';
import { toBotContext, type BotContext, type CharacterAnalysis } from './types.ts';

function demo(handle: string, overrides: Partial<BotContext> = {}): BotContext {
	const b = DEMO_BOTS.find((d) => d.handle === handle)!;
	return { ...toBotContext({ id: `id_${handle}`, handle: b.handle, name: b.name, bio: b.bio, tier: b.tier, artStyle: b.artStyle, personaDna: b.dna }), ...overrides };
}

const analysis: CharacterAnalysis = {
	appearance: 'A lanky robot courier with a cracked visor and a long teal scarf.',
	palette: ['#00f0ff', '#ff2bd6'],
	distinguishingFeatures: ['cracked visor', 'teal scarf'],
	styleNotes: 'Hard rim light, wet reflections.'
};

const local = { text: new LocalTextModel() };
const EMOJI = /\p{Extended_Pictographic}/u;

/** A TextModel that answers with a fixed value and remembers what it was asked. */
function scripted(value: unknown): TextModel & { requests: JsonRequest<unknown>[] } {
	const requests: JsonRequest<unknown>[] = [];
	return {
		provider: 'test',
		model: 'scripted',
		supportsImages: false,
		requests,
		async generateJson<T>(request: JsonRequest<T>): Promise<JsonResult<T>> {
			requests.push(request as JsonRequest<unknown>);
			return { value: request.schema.parse(value), usage: { provider: 'test', model: 'scripted', operation: request.operation, costUsd: 0 } };
		}
	};
}

describe('persona DNA → prompt', () => {
	it('carries the voice, traits, interests, bio, catchphrases and example posts', () => {
		const prompt = buildPersonaPrompt(demo('neon_nomad'));
		expect(prompt).toContain('Neon Nomad (@neon_nomad)');
		expect(prompt).toContain('terse, noir, present tense, lowercase');
		expect(prompt).toContain('restless, observant, wry');
		expect(prompt).toContain('night markets');
		expect(prompt).toContain('Wandering rain-slick megacities');
		expect(prompt).toContain('"stay wired"');
		expect(prompt).toContain('3am. the noodle stall is the only honest light on this street.');
		expect(prompt).toContain('Never use emoji.');
	});

	it('adds the character context only when the bot has a reference analysis', () => {
		expect(buildPersonaPrompt(demo('neon_nomad'))).not.toContain('Character reference');
		const withRef = buildPersonaPrompt(demo('neon_nomad', { characterAnalysis: analysis }));
		expect(withRef).toContain('cracked visor');
	});

	it('turns a stored analysis into a character context with every field', () => {
		expect(buildCharacterContext(null)).toBe('');
		const context = buildCharacterContext(analysis);
		expect(context).toContain('lanky robot courier');
		expect(context).toContain('cracked visor; teal scarf');
		expect(context).toContain('#00f0ff, #ff2bd6');
		expect(context).toContain('Hard rim light');
	});
});

describe('voice rules', () => {
	it('reads casing cues: "lowercase" and "ALL CAPS for emphasis" are different things', () => {
		expect(readVoice(demo('neon_nomad').personaDna).lowercase).toBe(true);
		const kai = readVoice(demo('comic_kai').personaDna);
		expect(kai.capsEmphasis).toBe(true);
		expect(kai.shout).toBe(false);
		expect(readVoice({ voice: 'SHOUTY, ALL CAPS', traits: ['loud'] }).shout).toBe(true);
	});

	it('enforces lowercase and no-emoji personas on any text', () => {
		const dna = demo('neon_nomad').personaDna;
		expect(applyVoiceRules('Found A Rooftop 🌃 Tonight.', dna)).toBe('found a rooftop tonight.');
	});

	it('removes trailing hashtags and trims long captions at a word boundary', () => {
		expect(tidyCaption('Night market run #food #night')).toBe('Night market run');
		const long = tidyCaption('word '.repeat(100), 50);
		expect(long.length).toBeLessThanOrEqual(50);
		expect(long.endsWith('…')).toBe(true);
		expect(long).not.toMatch(/wor…$/);
	});
});

describe('generateCaption', () => {
	it('sends the persona prompt and a strict caption schema to the text model', async () => {
		const model = scripted({ caption: 'Rain again.', mood: 'Wry', hook: 'neon alley in the rain' });
		const result = await generateCaption(demo('neon_nomad'), { text: model }, { postType: 'IMAGE', seed: 's1', recentCaptions: ['old post'] });
		const request = model.requests[0];
		expect(request.system).toContain('Voice: terse, noir');
		expect(request.user).toContain('image post');
		expect(request.user).toContain('old post');
		expect(request.jsonSchema).toMatchObject({ additionalProperties: false, required: ['caption', 'mood', 'hook', 'topic'] });
		expect(result).toMatchObject({ caption: 'rain again.', mood: 'wry', hook: 'neon alley in the rain', topic: '' });
	});

	it('applies the voice to what a real model returns (casing, emoji, hashtags)', async () => {
		const model = scripted({ caption: 'GREAT NIGHT 🌧️ #cyberpunk', mood: 'happy', hook: 'Neon Rain' });
		const result = await generateCaption(demo('neon_nomad'), { text: model }, { postType: 'TEXT', seed: 's' });
		expect(result.caption).toBe('great night');
		expect(result.hook).toBe('neon rain');
	});

	it('locally writes captions in the persona voice: lowercase and emoji-free for neon_nomad', async () => {
		for (let i = 0; i < 8; i++) {
			const { caption } = await generateCaption(demo('neon_nomad'), local, { postType: 'TEXT', seed: `n${i}` });
			expect(caption).toBe(caption.toLowerCase());
			expect(caption).not.toMatch(EMOJI);
			expect(caption.length).toBeGreaterThan(10);
			expect(caption.length).toBeLessThanOrEqual(280);
		}
	});

	it('locally uses emoji for an emoji-loving persona', async () => {
		const captions = await Promise.all(Array.from({ length: 6 }, (_, i) => generateCaption(demo('pixel_pete'), local, { postType: 'IMAGE', seed: `p${i}` })));
		for (const { caption } of captions) expect(caption).toMatch(EMOJI);
	});

	it('locally varies the sentence shape across seeds rather than filling one template', async () => {
		const captions = await Promise.all(Array.from({ length: 12 }, (_, i) => generateCaption(demo('chef_orbit'), local, { postType: 'TEXT', seed: `v${i}` })));
		const openings = new Set(captions.map((c) => c.caption.split(' ').slice(0, 2).join(' ')));
		expect(new Set(captions.map((c) => c.caption)).size).toBeGreaterThanOrEqual(10);
		expect(openings.size).toBeGreaterThanOrEqual(6);
	});

	it('locally writes about a concrete subject, which the hook names for the image', async () => {
		for (let i = 0; i < 8; i++) {
			const { caption, hook } = await generateCaption(demo('petal_prose'), local, { postType: 'IMAGE', seed: `i${i}` });
			// The hook is "<subject>" or "<subject> at <place>", and the caption names the subject.
			const subject = hook.split(' at ')[0].toLowerCase();
			const head = subject.split(' ').pop()!.replace(/ies$/, 'y').replace(/(es|s)$/, '');
			expect(caption.toLowerCase()).toContain(head);
			expect(hook.split(' ').length).toBeLessThanOrEqual(8);
		}
	});
});
