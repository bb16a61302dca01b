// Settings admins change at run time (budgets, retention), one JSON value per key in
// ops_settings, each validated by its own schema and falling back to its default.
import { z } from 'zod';
import type { Queryable } from '../jobs/types.ts';

export const OPS_SETTINGS = {
	/** The most a bot's daily budget may be (USD); also the budget of a bot that sets none. */
	'budget.maxBotDailyUsd': { schema: z.number().min(0).max(10_000), default: 5 },
	/** All bots together per UTC day (USD); null: no global cap. */
	'budget.globalDailyUsd': { schema: z.number().min(0).max(1_000_000).nullable(), default: null as number | null },
	/** Finished jobs older than this many days are pruned (their outcomes stay in the rollup). */
	'retention.days': { schema: z.number().min(0.01).max(3650), default: 14 },
	/** Agent cycles (the Mind page's history) older than this many days are pruned. */
	'retention.agentCycleDays': { schema: z.number().min(1).max(3650), default: 30 },
	/**
	 * A bot's observations and action memories neither made nor recalled for this many days are
	 * pruned with their vectors; reflections, and the memories a reflection cites, are kept.
	 */
	'retention.memoryDays': { schema: z.number().min(7).max(3650), default: 90 },
	/**
	 * Consumer-app views and shares received more than this many days ago are pruned (their counts
	 * stay on the posts). Likes are kept: they make a viewer's like count once. At least 31: an
	 * event up to 30 days old is still accepted, so its id must still be known to stop a double count.
	 */
	'retention.engagementEventDays': { schema: z.number().min(31).max(3650), default: 90 },
	/** The last minute the rollup has covered (ISO), internal. */
	'rollup.watermark': { schema: z.string().nullable(), default: null as string | null }
} as const;

export type OpsSettingKey = keyof typeof OPS_SETTINGS;
export type OpsSettingValue<K extends OpsSettingKey> = z.infer<(typeof OPS_SETTINGS)[K]['schema']>;

/** A setting's stored value, or its default when unset or unreadable. */
export async function getSetting<K extends OpsSettingKey>(q: Queryable, key: K): Promise<OpsSettingValue<K>> {
	const { rows } = await q.query<{ value: unknown }>(`SELECT value FROM ops_settings WHERE key = $1`, [key]);
	const parsed = OPS_SETTINGS[key].schema.safeParse(rows[0]?.value);
	return (rows.length && parsed.success ? parsed.data : OPS_SETTINGS[key].default) as OpsSettingValue<K>;
}

/** All settings at once (the settings page), defaults filled in. */
export async function getSettings(q: Queryable): Promise<{ [K in OpsSettingKey]: OpsSettingValue<K> }> {
	const { rows } = await q.query<{ key: string; value: unknown }>(`SELECT key, value FROM ops_settings`);
	const stored = new Map(rows.map((r) => [r.key, r.value]));
	const out: Record<string, unknown> = {};
	for (const key of Object.keys(OPS_SETTINGS) as OpsSettingKey[]) {
		const parsed = OPS_SETTINGS[key].schema.safeParse(stored.get(key));
		out[key] = stored.has(key) && parsed.success ? parsed.data : OPS_SETTINGS[key].default;
	}
	return out as { [K in OpsSettingKey]: OpsSettingValue<K> };
}

/** Stores a setting after validating it; throws ZodError for a bad value. */
export async function setSetting<K extends OpsSettingKey>(q: Queryable, key: K, value: OpsSettingValue<K>, by: string | null = null): Promise<void> {
	const valid = OPS_SETTINGS[key].schema.parse(value);
	await q.query(
		`INSERT INTO ops_settings (key, value, "updatedBy", "updatedAt") VALUES ($1, $2::jsonb, $3, now())
		 ON CONFLICT (key) DO UPDATE SET value = excluded.value, "updatedBy" = excluded."updatedBy", "updatedAt" = now()`,
		[key, JSON.stringify(valid), by]
	);
}
