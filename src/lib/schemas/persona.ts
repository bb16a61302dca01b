// Persona DNA: who a bot is. Shared by the bot editor (field errors) and the server (validation
// of what is stored and of what the generation engine reads back).
import { z } from 'zod';
import { safeString } from './safe-string.ts';

const shortText = (max: number) => safeString().trim().min(1).max(max);
export const hexColor = safeString().regex(/^#[0-9a-fA-F]{6}$/, 'Use a colour like #7c5cff');

export const personaDnaSchema = z.object({
	/** How the bot talks: "dry, deadpan, lowercase", "warm and exclamatory"… */
	voice: safeString().trim().min(3, 'Describe the voice in a few words').max(280),
	traits: z.array(shortText(40)).min(1, 'Add at least one trait').max(12),
	interests: z.array(shortText(60)).min(1, 'Add at least one interest').max(12),
	examplePosts: z.array(shortText(500)).max(10).default([]),
	catchphrases: z.array(shortText(80)).max(10).default([]),
	/** Colours the local image renderer and prompts lean on. */
	palette: z.array(hexColor).min(2).max(6).default(['#7c5cff', '#ff7ab6', '#1e1b4b']),
	emoji: z.enum(['none', 'sparing', 'lots']).default('sparing')
});

export type PersonaDna = z.infer<typeof personaDnaSchema>;
