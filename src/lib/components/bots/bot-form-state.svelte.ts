// The bot editor's state: values, validation with the shared schema, which errors are visible,
// and server field errors. Client errors appear once a field has been left (or on submit) and
// update as the creator types; a server error stays until its field is changed.
import { botInputWithCaps, fieldErrorsByPath, friendlyErrors, type BotData, type TierPostCaps } from '$lib/schemas/bot';
import type { ArtStyleName, BotTierName } from '$lib/schemas/enums';
import type { PersonaDna } from '$lib/schemas/persona';
import { describeProblem } from './errors';

export const LIST_KEYS = ['traits', 'interests', 'examplePosts', 'catchphrases'] as const;
export type ListKey = (typeof LIST_KEYS)[number];

export interface BotFormValues {
	handle: string;
	name: string;
	bio: string;
	tier: BotTierName;
	artStyle: ArtStyleName;
	/** null while the number input is empty. */
	postsPerDay: number | null;
	schedulingEnabled: boolean;
	/** '' means "no crew". */
	crewId: string;
	personaDna: PersonaDna;
}

export function emptyBotValues(): BotFormValues {
	return {
		handle: '',
		name: '',
		bio: '',
		tier: 'SPARK',
		artStyle: 'REALISTIC',
		postsPerDay: 1,
		schedulingEnabled: false,
		crewId: '',
		personaDna: { voice: '', traits: [''], interests: [''], examplePosts: [], catchphrases: [], palette: ['#7c5cff', '#ff7ab6', '#1e1b4b'], emoji: 'sparing' }
	};
}

export type SaveOutcome = { kind: 'success' | 'error'; message: string } | null;

export class BotFormState {
	values = $state<BotFormValues>(emptyBotValues());
	submitted = $state(false);
	pending = $state(false);
	outcome = $state<SaveOutcome>(null);
	#touched = $state<Record<string, true>>({});
	/** Server field errors with the value they were about, keyed by top-level field. */
	#server = $state<Record<string, { message: string; snapshot: string }>>({});
	#schema: ReturnType<typeof botInputWithCaps>;

	/** The values as last loaded or saved; `dirty` compares against it. */
	#saved = $state('');

	constructor(initial: BotFormValues, caps: TierPostCaps) {
		this.values = structuredClone(initial);
		this.#schema = botInputWithCaps(caps);
		this.#saved = this.#fingerprint();
	}

	/**
	 * What "unsaved changes" compares: the input as it would be saved, so an empty box (dropped on
	 * save) is not a change, and a submit that fails validation changes nothing.
	 */
	#fingerprint(): string {
		return JSON.stringify(this.#forValidation().input);
	}

	readonly dirty = $derived.by(() => this.#fingerprint() !== this.#saved);

	/** What is sent: the form's values in the schema's input shape. */
	toInput() {
		const v = this.values;
		return {
			handle: v.handle,
			name: v.name,
			bio: v.bio,
			tier: v.tier,
			artStyle: v.artStyle,
			postsPerDay: v.postsPerDay as number,
			schedulingEnabled: v.schedulingEnabled,
			crewId: v.crewId === '' ? null : v.crewId,
			personaDna: v.personaDna
		};
	}

	/**
	 * Blank list entries mean "nothing here" (they are dropped on save), so validation ignores
	 * them too; `kept` maps each remaining entry back to its row so errors land beside the right one.
	 */
	#forValidation() {
		const input = this.toInput();
		const dna = { ...input.personaDna };
		const kept: Partial<Record<ListKey, number[]>> = {};
		for (const key of LIST_KEYS) {
			const rows = dna[key].map((text, i) => [text, i] as const).filter(([text]) => text.trim() !== '');
			dna[key] = rows.map(([text]) => text);
			kept[key] = rows.map(([, i]) => i);
		}
		return { input: { ...input, personaDna: dna }, kept };
	}

	// Lazy: first read happens after the constructor has set the schema.
	readonly validation = $derived.by(() => {
		const { input, kept } = this.#forValidation();
		return { result: this.#schema.safeParse(input, { error: friendlyErrors }), kept };
	});
	readonly clientErrors = $derived.by(() => {
		const { result, kept } = this.validation;
		if (result.success) return {};
		const errors: Record<string, string> = {};
		for (const [path, message] of Object.entries(fieldErrorsByPath(result.error))) {
			const [root, key, index, ...rest] = path.split('.');
			const rows = root === 'personaDna' ? kept[key as ListKey] : undefined;
			const mapped = rows && index !== undefined ? [root, key, String(rows[Number(index)]), ...rest].join('.') : path;
			errors[mapped] ??= message;
		}
		return errors;
	});

	touch(path: string) {
		if (!this.#touched[path]) this.#touched[path] = true;
	}

	#visible(key: string): boolean {
		if (this.submitted) return true;
		return Object.keys(this.#touched).some((t) => key === t || key.startsWith(`${t}.`));
	}

	#snapshot(field: string): string {
		return JSON.stringify((this.toInput() as Record<string, unknown>)[field] ?? null);
	}

	/** The message to show beside a field ("handle", "personaDna.traits", "personaDna.traits.2"). */
	errorFor(path: string): string | undefined {
		const client = this.clientErrors[path];
		if (client && this.#visible(path)) return client;
		const server = this.#server[path];
		if (server && this.#snapshot(path) === server.snapshot) return server.message;
		return undefined;
	}

	/** A server message about the whole persona (flattened by the server to "personaDna"). */
	get personaServerError(): string | undefined {
		return this.errorFor('personaDna');
	}

	get visibleErrorCount(): number {
		return Object.keys(this.clientErrors).filter((k) => this.#visible(k)).length;
	}

	/** Validates, then saves; returns the saved result or null (the reason is in `outcome`). */
	async submit<T>(save: (input: BotData) => Promise<T>, successMessage: string): Promise<T | null> {
		if (this.pending) return null;
		// The boxes stay as they are (an empty trait box is where the creator types next); the
		// validated data already leaves blank entries out.
		this.submitted = true;
		this.outcome = null;
		const parsed = this.validation.result;
		if (!parsed.success) {
			const n = Object.keys(this.clientErrors).length;
			this.outcome = { kind: 'error', message: `Not saved: fix the ${n === 1 ? 'highlighted field' : `${n} highlighted fields`} first.` };
			return null;
		}
		this.pending = true;
		try {
			const saved = await save(parsed.data);
			this.#saved = this.#fingerprint();
			this.#server = {};
			this.outcome = { kind: 'success', message: successMessage };
			return saved;
		} catch (error) {
			const problem = describeProblem(error);
			const server: Record<string, { message: string; snapshot: string }> = {};
			for (const [field, messages] of Object.entries(problem.fieldErrors)) server[field] = { message: messages[0], snapshot: this.#snapshot(field) };
			this.#server = server;
			this.outcome = { kind: 'error', message: `Not saved: ${problem.message}` };
			return null;
		} finally {
			this.pending = false;
		}
	}
}
