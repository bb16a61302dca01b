// Circuit breakers per provider and model: stop spending time and money on a provider that is
// down, rate-limited or out of quota. A breaker opens (the provider is paused until a time) when
// the provider answers 429 with Retry-After, says the account is out of quota or the key is
// refused, or fails `failureThreshold` times in a row; while it is open no call is made (the
// caller gets a ProviderError of kind `paused` with how long to wait), jobs that need the provider
// wait without spending attempts, and the video fallback chain passes over it. It closes by
// itself at `openUntil` (the next call then tries again) or when an admin resumes it.
//
// State lives in provider_breakers, shared by every process; each process reads it through a
// cache refreshed every few seconds, so a check costs no query on the hot path.
import type { Queryable } from '../jobs/types.ts';
import type { JobWait } from '../jobs/registry.ts';
import { ProviderError, type EmbeddingModel, type ImageModel, type Moderator, type ProviderSet, type TextModel, type VideoModel } from '../ai/providers/types.ts';
import { oneLine } from '../../text/safe-text.ts';
import { env } from '../env.ts';

export interface BreakerPolicy {
	/** Failures in a row (timeouts, 5xx, network, malformed output, persistent 429) that open it. */
	failureThreshold: number;
	/** How long it stays open after that many failures. */
	cooldownMs: number;
	/** How long an account out of quota (or a refused key) is paused: an admin must act. */
	quotaPauseMs: number;
	/** A 429's Retry-After is honoured within these bounds. */
	minRateLimitPauseMs: number;
	maxRateLimitPauseMs: number;
}

export const DEFAULT_BREAKER_POLICY: BreakerPolicy = {
	failureThreshold: 5,
	cooldownMs: 5 * 60_000,
	quotaPauseMs: 60 * 60_000,
	minRateLimitPauseMs: 15_000,
	maxRateLimitPauseMs: 60 * 60_000
};

export interface BreakerRow {
	provider: string;
	model: string;
	openUntil: Date | null;
	reason: string | null;
	consecutiveFailures: number;
	openedAt: Date | null;
	resumedBy: string | null;
	updatedAt: Date;
}

export interface OpenBreaker {
	until: Date;
	reason: string;
}

// Kinds that say something about the provider's health. Refusals and bad requests are about the
// content or the request, and `paused` is the breaker itself.
const COUNTED = new Set(['rate_limit', 'timeout', 'server', 'network', 'malformed', 'job_failed']);
const IMMEDIATE = new Set(['quota', 'auth']);

const key = (provider: string, model: string) => `${provider}\u0000${model}`;

export class BreakerBoard {
	private cache = new Map<string, BreakerRow>();
	private loadedAt = 0;
	private loading: Promise<void> | null = null;

	constructor(
		private readonly q: Queryable,
		readonly policy: BreakerPolicy = DEFAULT_BREAKER_POLICY,
		private readonly options: { refreshMs?: number; now?: () => number } = {}
	) {}

	private now(): number {
		return this.options.now?.() ?? Date.now();
	}

	private async fresh(): Promise<void> {
		if (this.now() - this.loadedAt < (this.options.refreshMs ?? 5_000)) return;
		this.loading ??= this.reload().finally(() => (this.loading = null));
		await this.loading;
	}

	/** Reads every breaker from the database now. */
	async reload(): Promise<void> {
		const { rows } = await this.q.query<BreakerRow>(
			`SELECT provider, model, "openUntil", reason, "consecutiveFailures", "openedAt", "resumedBy", "updatedAt" FROM provider_breakers`
		);
		this.cache = new Map(rows.map((r) => [key(r.provider, r.model), r]));
		this.loadedAt = this.now();
	}

	/** The open breaker of this provider and model, or null when calls may go through. */
	async openFor(provider: string, model: string): Promise<OpenBreaker | null> {
		await this.fresh();
		const row = this.cache.get(key(provider, model));
		if (!row?.openUntil || row.openUntil.getTime() <= this.now()) return null;
		return { until: row.openUntil, reason: row.reason ?? 'paused' };
	}

	/** A call went through: the failure streak, if any, ends. */
	async recordSuccess(provider: string, model: string): Promise<void> {
		const row = this.cache.get(key(provider, model));
		if (!row || row.consecutiveFailures === 0) return;
		row.consecutiveFailures = 0;
		await this.q.query(`UPDATE provider_breakers SET "consecutiveFailures" = 0, "updatedAt" = now() WHERE provider = $1 AND model = $2`, [provider, model]);
	}

	/**
	 * A call failed with `error`. Opens the breaker when the error says to wait (429 with
	 * Retry-After), says an admin must act (quota, key), or ends a streak of `failureThreshold`
	 * health failures. Returns the breaker when it is open now.
	 */
	async recordFailure(provider: string, model: string, error: ProviderError): Promise<OpenBreaker | null> {
		const now = this.now();
		let openMs: number | null = null;
		let reason = '';
		if (IMMEDIATE.has(error.kind)) {
			openMs = this.policy.quotaPauseMs;
			reason = error.kind === 'quota' ? `Out of quota: ${error.message}` : `Key refused: ${error.message}`;
		} else if (error.kind === 'rate_limit' && error.retryAfterMs !== undefined) {
			openMs = Math.min(this.policy.maxRateLimitPauseMs, Math.max(this.policy.minRateLimitPauseMs, error.retryAfterMs));
			reason = `Rate limited (429): asked to wait ${Math.round(error.retryAfterMs / 1000)} s`;
		} else if (!COUNTED.has(error.kind)) {
			return null;
		}
		const { rows } = await this.q.query<BreakerRow>(
			`INSERT INTO provider_breakers (provider, model, "consecutiveFailures", "updatedAt") VALUES ($1, $2, 1, now())
			 ON CONFLICT (provider, model) DO UPDATE SET "consecutiveFailures" = provider_breakers."consecutiveFailures" + 1, "updatedAt" = now()
			 RETURNING provider, model, "openUntil", reason, "consecutiveFailures", "openedAt", "resumedBy", "updatedAt"`,
			[provider, model]
		);
		let row = rows[0];
		if (openMs === null && row.consecutiveFailures >= this.policy.failureThreshold) {
			openMs = this.policy.cooldownMs;
			reason = `${row.consecutiveFailures} failures in a row, the last: ${error.message}`;
		}
		if (openMs !== null) {
			const until = new Date(now + openMs);
			const opened = await this.q.query<BreakerRow>(
				`UPDATE provider_breakers SET "openUntil" = greatest(coalesce("openUntil", $3::timestamp(3)), $3::timestamp(3)), reason = $4, "openedAt" = now(),
				        "consecutiveFailures" = 0, "resumedBy" = NULL, "updatedAt" = now()
				  WHERE provider = $1 AND model = $2
				 RETURNING provider, model, "openUntil", reason, "consecutiveFailures", "openedAt", "resumedBy", "updatedAt"`,
				[provider, model, until.toISOString().replace('Z', ''), oneLine(reason, 500)]
			);
			row = opened.rows[0];
		}
		this.cache.set(key(provider, model), row);
		return row.openUntil && row.openUntil.getTime() > now ? { until: row.openUntil, reason: row.reason ?? reason } : null;
	}

	/** An admin resumes the provider now. True when it was open. */
	async resume(provider: string, model: string, by: string): Promise<boolean> {
		const { rows } = await this.q.query<BreakerRow>(
			`UPDATE provider_breakers SET "openUntil" = NULL, "consecutiveFailures" = 0, "resumedBy" = $3, "updatedAt" = now()
			  WHERE provider = $1 AND model = $2 AND "openUntil" > now()
			 RETURNING provider, model, "openUntil", reason, "consecutiveFailures", "openedAt", "resumedBy", "updatedAt"`,
			[provider, model, by]
		);
		this.loadedAt = 0;
		return rows.length > 0;
	}
}

/** Every breaker that is open now or has a failure streak, for the Providers page. */
export async function listBreakers(q: Queryable): Promise<(BreakerRow & { open: boolean })[]> {
	const { rows } = await q.query<BreakerRow & { open: boolean }>(
		`SELECT provider, model, "openUntil", reason, "consecutiveFailures", "openedAt", "resumedBy", "updatedAt",
		        coalesce("openUntil" > now(), false) AS open
		   FROM provider_breakers
		  WHERE "openUntil" > now() OR "consecutiveFailures" > 0 OR "updatedAt" > now() - interval '1 day'
		  ORDER BY coalesce("openUntil" > now(), false) DESC, provider, model`
	);
	return rows;
}

function pausedError(provider: string, model: string, open: OpenBreaker, now: number): ProviderError {
	return new ProviderError(`${provider} ${model} is paused until ${open.until.toISOString()} (${open.reason})`, {
		provider,
		model,
		kind: 'paused',
		retryable: true,
		retryAfterMs: Math.max(1_000, open.until.getTime() - now)
	});
}

async function through<T>(board: BreakerBoard, target: { provider: string; model: string }, call: () => Promise<T>): Promise<T> {
	const open = await board.openFor(target.provider, target.model);
	if (open) throw pausedError(target.provider, target.model, open, Date.now());
	try {
		const result = await call();
		await board.recordSuccess(target.provider, target.model).catch(() => {});
		return result;
	} catch (error) {
		if (error instanceof ProviderError) await board.recordFailure(target.provider, target.model, error).catch(() => {});
		throw error;
	}
}

/**
 * The provider set with every remote model behind its breaker (local models need none). Same
 * interfaces, so the generation path does not know: a paused provider fails fast with kind
 * `paused`, and the video chain moves on to the next provider.
 */
export function guardProviders(set: ProviderSet, board: BreakerBoard): ProviderSet {
	const remote = (p: { provider: string }) => p.provider !== 'local';
	const text = (m: TextModel): TextModel =>
		remote(m) ? { provider: m.provider, model: m.model, supportsImages: m.supportsImages, generateJson: (r) => through(board, m, () => m.generateJson(r)) } : m;
	const image = (m: ImageModel): ImageModel => (remote(m) ? { provider: m.provider, model: m.model, generateImage: (r) => through(board, m, () => m.generateImage(r)) } : m);
	const video = (m: VideoModel): VideoModel =>
		remote(m) ? { provider: m.provider, model: m.model, name: m.name, imageToVideo: (r) => through(board, m, () => m.imageToVideo(r)) } : m;
	const moderator = (m: Moderator): Moderator => (remote(m) ? { provider: m.provider, model: m.model, moderate: (r) => through(board, m, () => m.moderate(r)) } : m);
	const embedding = (m: EmbeddingModel): EmbeddingModel =>
		remote(m) ? { provider: m.provider, model: m.model, dimensions: m.dimensions, embed: (texts, o) => through(board, m, () => m.embed(texts, o)) } : m;
	return {
		...set,
		text: text(set.text),
		vision: text(set.vision),
		image: image(set.image),
		videoChain: set.videoChain.map(video),
		moderator: moderator(set.moderator),
		embedding: embedding(set.embedding)
	};
}

/**
 * What a job waits for before it starts: the providers it cannot do without (`needs`; a post
 * needs its text model and moderator, an agent's cycle its text model and embeddings) being
 * paused. The latest reopening wins, since the job needs them all.
 */
export async function providersWait(board: BreakerBoard, set: ProviderSet, needs: readonly ('text' | 'moderator' | 'embedding')[] = ['text', 'moderator']): Promise<JobWait | null> {
	let wait: JobWait | null = null;
	for (const m of needs.map((k) => (k === 'text' ? set.text : k === 'moderator' ? set.moderator : set.embedding))) {
		if (m.provider === 'local') continue;
		const open = await board.openFor(m.provider, m.model);
		if (open && (!wait || open.until > wait.until)) wait = { until: open.until, reason: `Waiting for ${m.provider} ${m.model}: ${open.reason}` };
	}
	return wait;
}

let boards = new WeakMap<object, BreakerBoard>();

/** Forgets every board's cached state (tests that empty the database between cases). */
export function resetBreakerBoards(): void {
	boards = new WeakMap();
}

/** The policy from BREAKER_FAILURE_THRESHOLD, BREAKER_COOLDOWN_MS and BREAKER_QUOTA_PAUSE_MS. */
export function breakerPolicyFromEnv(): BreakerPolicy {
	const config = env();
	return { ...DEFAULT_BREAKER_POLICY, failureThreshold: config.BREAKER_FAILURE_THRESHOLD, cooldownMs: config.BREAKER_COOLDOWN_MS, quotaPauseMs: config.BREAKER_QUOTA_PAUSE_MS };
}

/** One board per database pool in this process, with the configured policy. */
export function breakerBoardFor(q: Queryable): BreakerBoard {
	let board = boards.get(q);
	if (!board) {
		board = new BreakerBoard(q, breakerPolicyFromEnv());
		boards.set(q, board);
	}
	return board;
}
