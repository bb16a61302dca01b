import { isAbsolute, relative, resolve } from 'node:path';
import { sveltekit } from '@sveltejs/kit/vite';
import tailwindcss from '@tailwindcss/vite';
import { defineConfig } from 'vitest/config';

// The data folder holds the embedded database (its password and pg_hba.conf included) and every
// generated file; the dev server must never hand any of it out (GET /@fs/…/.data/… was a way in).
// Media reach the browser only through the /media route, which checks who is asking.
const dataDir = resolve(process.env.RUDO_DATA_DIR || '.data');
const dataDirInProject = relative(process.cwd(), dataDir);
const dataDirPatterns = ['**/.data/**', `${dataDir}/**`, ...(dataDirInProject && !dataDirInProject.startsWith('..') && !isAbsolute(dataDirInProject) ? [`**/${dataDirInProject}/**`] : [])];

export default defineConfig({
	plugins: [tailwindcss(), sveltekit()],
	server: {
		fs: {
			// Vite's defaults, plus the data folder.
			deny: ['.env', '.env.*', '*.{crt,pem}', '**/.git/**', ...dataDirPatterns]
		}
	},
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
