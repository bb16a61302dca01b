// Bearer-secret check for POST /api/engagement (the consumer app), like the cron routes' but with
// its own secret: the app that reports views never holds the key that runs the queue.
import { env, isProduction } from '../../env.ts';
import { secretsMatch } from '../../cron-auth.ts';

/** Accepted only outside production when ENGAGEMENT_SECRET is unset (documented in the README). */
export const DEV_ENGAGEMENT_SECRET = 'rudo-dev-engagement-secret';

export type EngagementAuthResult = { ok: true } | { ok: false; status: 401 | 503; error: string };

/**
 * Checks an Authorization header against ENGAGEMENT_SECRET (or the dev secret outside production):
 * ok, 401 for a missing or wrong secret, 503 when no secret is configured in production.
 */
export function checkEngagementAuth(authorization: string | null): EngagementAuthResult {
	const secret = env().ENGAGEMENT_SECRET ?? (isProduction() ? null : DEV_ENGAGEMENT_SECRET);
	if (!secret) return { ok: false, status: 503, error: 'ENGAGEMENT_SECRET is not configured on this server; set it to accept engagement events.' };
	const match = /^Bearer (.+)$/.exec(authorization ?? '');
	if (!match || !secretsMatch(match[1], secret)) return { ok: false, status: 401, error: 'Unauthorized: send Authorization: Bearer <ENGAGEMENT_SECRET>.' };
	return { ok: true };
}
