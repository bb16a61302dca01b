import { afterEach, describe, expect, it } from 'vitest';
import { runtimeMode } from './env.ts';

const saved = process.env.NODE_ENV;
afterEach(() => {
	process.env.NODE_ENV = saved;
});

describe('runtimeMode: production unless told otherwise', () => {
	it('follows NODE_ENV when it names a mode', () => {
		for (const mode of ['development', 'production', 'test'] as const) {
			process.env.NODE_ENV = mode;
			expect(runtimeMode()).toBe(mode);
		}
	});

	it('is production when NODE_ENV is unset or unknown, outside the Vite dev server', () => {
		// Vitest compiles with import.meta.env.DEV, like `vite dev`; the built server does not.
		// What that means for `node build/index.js` is checked end to end in tests/e2e/production.spec.ts.
		delete process.env.NODE_ENV;
		expect(runtimeMode()).toBe(import.meta.env.DEV ? 'development' : 'production');
		process.env.NODE_ENV = 'staging';
		expect(runtimeMode()).toBe(import.meta.env.DEV ? 'development' : 'production');
	});
});
