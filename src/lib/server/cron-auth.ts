// Bearer-secret check for the cron and internal worker routes.
import { createHash, timingSafeEqual } from 'node:crypto';
import { env, isProduction } from './env.ts';

/** Accepted only outside production when CRON_SECRET is unset (documented in the README). */
export const DEV_CRON_SECRET = 'rudo-dev-cron-secret';

export type CronAuthResult = { ok: true } | { ok: false; status: 401 | 503; error: string };

export function configuredCronSecret(): string | null {
	return env().CRON_SECRET ?? (isProduction() ? null : DEV_CRON_SECRET);
}

// Both sides are hashed to a fixed length first, so the comparison takes the same time whatever
// the length or content of the guess (timingSafeEqual alone throws on unequal lengths).
export function secretsMatch(given: string, expected: string): boolean {
	const a = createHash('sha256').update(given).digest();
	const b = createHash('sha256').update(expected).digest();
	return timingSafeEqual(a, b);
}

export function checkCronAuth(authorization: string | null): CronAuthResult {
	const secret = configuredCronSecret();
	if (!secret) return { ok: false, status: 503, error: 'CRON_SECRET is not configured on this server; set it to enable this route.' };
	const match = /^Bearer (.+)$/.exec(authorization ?? '');
	if (!match || !secretsMatch(match[1], secret)) return { ok: false, status: 401, error: 'Unauthorized: send Authorization: Bearer <CRON_SECRET>.' };
	return { ok: true };
}
