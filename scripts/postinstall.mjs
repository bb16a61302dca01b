// Runs after `npm install` / `npm ci`. Our machines cannot download Prisma's native schema
// engine, so we (1) put the WASM schema engine where @prisma/migrate's loader looks for it and
// (2) run `prisma generate` with PRISMA_SCHEMA_ENGINE_BINARY set, which skips the download
// check (generate itself is WASM). Then `svelte-kit sync` writes .svelte-kit/tsconfig.json.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const wasmSource = join(root, 'node_modules/prisma/build/schema_engine_bg.wasm');
const wasmTarget = join(root, 'node_modules/@prisma/internals/build/schema_engine_bg.wasm');

if (existsSync(wasmSource) && existsSync(join(root, 'node_modules/@prisma/internals'))) {
	mkdirSync(dirname(wasmTarget), { recursive: true });
	copyFileSync(wasmSource, wasmTarget);
}

const bin = (name) => join(root, 'node_modules/.bin', name);
// sync first: prisma.config.ts is loaded through tsconfig.json, which extends .svelte-kit/tsconfig.json.
if (existsSync(bin('svelte-kit'))) execFileSync(bin('svelte-kit'), ['sync'], { cwd: root, stdio: 'inherit' });
const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? wasmSource, PRISMA_HIDE_UPDATE_MESSAGE: '1' };
execFileSync(bin('prisma'), ['generate'], { cwd: root, env, stdio: 'inherit' });
