// Helpers for the posts e2e tests: held and rejected posts written straight into the database,
// and what colour a piece of text reads as.
import type { Locator } from '@playwright/test';
import { query } from './fixtures.ts';

let n = 0;

/** A post moderation kept out (REVIEW or REJECTED) for the bot `handle`; returns its id. */
export async function insertKeptOutPost(handle: string, status: 'REVIEW' | 'REJECTED', caption: string, options: { jobId?: string } = {}): Promise<string> {
	const id = `e2e-post-${Date.now().toString(36)}-${++n}`;
	const reason = status === 'REVIEW' ? 'violence 0.62 ≥ review threshold; harassment 0.41 ≥ review threshold' : 'harassment 0.93 ≥ reject threshold';
	await query(
		`INSERT INTO posts (id, "botId", type, caption, "moderationStatus", "moderationScores", "moderationReason", "jobId")
		 SELECT $1, b.id, 'TEXT', $3, $4::"ModerationStatus", '{"violence":0.62}'::jsonb, $5, $6::uuid FROM bots b WHERE b.handle = $2`,
		[id, handle, caption, status, reason, options.jobId ?? null]
	);
	return id;
}

/** A finished GENERATE_POST of the bot `handle` (the job a post says it was made by). */
export async function insertPostJob(handle: string): Promise<string> {
	const [{ id }] = await query<{ id: string }>(
		`INSERT INTO jobs (type, payload, "botId", status, attempts, "finishedAt")
		 SELECT 'GENERATE_POST', jsonb_build_object('botId', b.id), b.id, 'SUCCEEDED', 1, now() FROM bots b WHERE b.handle = $1 RETURNING id`,
		[handle]
	);
	return id;
}

/** The bot's pending GENERATE_POST jobs (QUEUED, RUNNING, RETRY). */
export async function pendingPostJobs(handle: string): Promise<string[]> {
	const rows = await query<{ id: string }>(
		`SELECT j.id FROM jobs j JOIN bots b ON b.id = j."botId" WHERE b.handle = $1 AND j.type = 'GENERATE_POST' AND j.status IN ('QUEUED', 'RUNNING', 'RETRY')`,
		[handle]
	);
	return rows.map((r) => r.id);
}

/** Clears the bot's pending post jobs (so a test starts from "nothing on the way"). */
export async function clearPendingPostJobs(handle: string): Promise<void> {
	await query(`UPDATE jobs SET status = 'CANCELLED', "finishedAt" = now() WHERE "botId" = (SELECT id FROM bots WHERE handle = $1) AND type = 'GENERATE_POST' AND status IN ('QUEUED', 'RUNNING', 'RETRY')`, [handle]);
}

/** What a reader sees the text colour as: green, amber, red or grey (from the computed style). */
export async function toneOf(locator: Locator): Promise<'green' | 'amber' | 'red' | 'grey'> {
	const color = await locator.evaluate((el) => getComputedStyle(el).color);
	const [r, g, b] = (color.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
	// Tailwind 4 may answer in oklch(L C H): read the hue angle then.
	if (color.startsWith('oklch')) {
		const [, c, h] = (color.match(/[\d.]+/g) ?? []).map(Number);
		if (c < 0.03) return 'grey';
		if (h >= 120 && h < 200) return 'green';
		if (h >= 40 && h < 120) return 'amber';
		return 'red';
	}
	if (Math.max(r, g, b) - Math.min(r, g, b) < 24) return 'grey';
	if (g > r && g > b) return 'green';
	if (r > b && g > b && g > r * 0.45) return 'amber';
	return 'red';
}
