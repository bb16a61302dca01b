import { afterEach, describe, expect, it } from 'vitest';
import { checkCronAuth, DEV_CRON_SECRET, secretsMatch } from './cron-auth.ts';
import { resetEnvCache } from './env.ts';

const saved = { ...process.env };
function setEnv(vars: Record<string, string | undefined>) {
	for (const [k, v] of Object.entries(vars)) {
		if (v === undefined) delete process.env[k];
		else process.env[k] = v;
	}
	resetEnvCache();
}
afterEach(() => {
	process.env = { ...saved };
	resetEnvCache();
});

describe('cron route authentication', () => {
	it('accepts the configured secret as a Bearer token and nothing else', () => {
		setEnv({ NODE_ENV: 'production', CRON_SECRET: 'a-very-long-cron-secret-value' });
		expect(checkCronAuth('Bearer a-very-long-cron-secret-value')).toEqual({ ok: true });
		for (const header of [null, '', 'Bearer', 'Bearer wrong', 'bearer a-very-long-cron-secret-value', 'a-very-long-cron-secret-value', `Bearer ${DEV_CRON_SECRET}`]) {
			expect(checkCronAuth(header)).toMatchObject({ ok: false, status: 401 });
		}
	});

	it('refuses every call in production when CRON_SECRET is unset, with a clear error', () => {
		setEnv({ NODE_ENV: 'production', CRON_SECRET: undefined });
		const result = checkCronAuth(`Bearer ${DEV_CRON_SECRET}`);
		expect(result).toMatchObject({ ok: false, status: 503 });
		expect(!result.ok && result.error).toMatch(/CRON_SECRET is not configured/);
	});

	it('accepts the documented dev secret outside production when CRON_SECRET is unset', () => {
		setEnv({ NODE_ENV: 'development', CRON_SECRET: undefined });
		expect(checkCronAuth(`Bearer ${DEV_CRON_SECRET}`)).toEqual({ ok: true });
		expect(checkCronAuth('Bearer guess')).toMatchObject({ ok: false, status: 401 });
	});

	it('compares secrets of any length without throwing', () => {
		expect(secretsMatch('short', 'a-much-longer-secret')).toBe(false);
		expect(secretsMatch('same-secret', 'same-secret')).toBe(true);
	});

	it('rejects a CRON_SECRET too short to be a secret at start-up', async () => {
		setEnv({ CRON_SECRET: 'short' });
		const { env } = await import('./env.ts');
		expect(() => env()).toThrow(/CRON_SECRET must be at least 16 characters/);
	});
});
