import { sveltekit } from '@sveltejs/kit/vite';
import tailwindcss from '@tailwindcss/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [tailwindcss(), sveltekit()],
	server: { fs: { allow: ['.data'] } },
	test: {
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					include: ['src/**/*.spec.ts'],
					environment: 'node'
				}
			},
			{
				extends: true,
				test: {
					name: 'integration',
					include: ['tests/integration/**/*.test.ts', 'tests/simulator/**/*.test.ts'],
					environment: 'node',
					globalSetup: ['tests/helpers/global-setup.ts'],
					// Each file gets its own database (see tests/helpers/db.ts), so files may run in parallel.
					testTimeout: 60_000,
					hookTimeout: 120_000
				}
			},
			{
				extends: true,
				test: {
					// Real `npm run worker` processes against an embedded PostgreSQL the suite restarts.
					name: 'chaos',
					include: ['tests/chaos/**/*.test.ts'],
					environment: 'node',
					testTimeout: 240_000,
					hookTimeout: 180_000
				}
			}
		]
	}
});
