// `npm test`: the whole suite, in order — type checks, unit tests, integration tests (real
// PostgreSQL: DATABASE_URL if set, else an embedded one), production build, Playwright e2e in
// Debian's Chromium. Runs every step it can, prints a summary, exits non-zero on any failure.
//   npm test -- --only unit|integration|chaos|e2e|types      one step (e2e includes the build)
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

interface Counts {
	passed: number;
	failed: number;
	skipped: number;
}
interface Step {
	name: string;
	command: string[];
	counts?: () => Counts | null;
	needs?: string;
}

const bin = (name: string) => `node_modules/.bin/${name}`;
const readJson = (path: string) => (existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : null);

function vitestCounts(path: string): () => Counts | null {
	return () => {
		const r = readJson(path);
		return r ? { passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests + (r.numTodoTests ?? 0) } : null;
	};
}

const steps: Step[] = [
	// sync first: route types ($types) must match the routes on disk, not the last install.
	{ name: 'types', command: ['npm', 'run', '--silent', 'check'] },
	{
		name: 'unit',
		command: [bin('vitest'), 'run', '--project', 'unit', '--passWithNoTests', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/unit.json'],
		counts: vitestCounts('test-results/unit.json')
	},
	{
		name: 'integration',
		command: [bin('vitest'), 'run', '--project', 'integration', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/integration.json'],
		counts: vitestCounts('test-results/integration.json')
	},
	{
		// Real worker processes, kills and a PostgreSQL restart: see tests/chaos/chaos.test.ts.
		name: 'chaos',
		command: [bin('vitest'), 'run', '--project', 'chaos', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/chaos.json'],
		counts: vitestCounts('test-results/chaos.json')
	},
	{ name: 'build', command: [bin('vite'), 'build'] },
	{
		name: 'e2e',
		needs: 'build',
		command: [bin('playwright'), 'test'],
		counts: () => {
			const r = readJson('test-results/e2e.json');
			return r ? { passed: r.stats.expected + r.stats.flaky, failed: r.stats.unexpected, skipped: r.stats.skipped } : null;
		}
	}
];

const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex >= 0 ? process.argv[onlyIndex + 1] : null;
const selected = only ? steps.filter((s) => s.name === only || (only === 'e2e' && s.name === 'build')) : steps;
if (only && !selected.length) {
	console.error(`Unknown step "${only}". Steps: ${steps.map((s) => s.name).join(', ')}`);
	process.exit(2);
}

function run(command: string[]): Promise<number> {
	return new Promise((resolve) => {
		const child = spawn(command[0], command.slice(1), { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : '1' } });
		child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
		child.on('error', (error) => {
			console.error(error);
			resolve(1);
		});
	});
}

rmSync('test-results', { recursive: true, force: true });
mkdirSync('test-results', { recursive: true });

const results: { name: string; ok: boolean | null; seconds: number; counts: Counts | null }[] = [];
for (const step of selected) {
	const dependency = step.needs && results.find((r) => r.name === step.needs);
	if (dependency && !dependency.ok) {
		results.push({ name: step.name, ok: null, seconds: 0, counts: null });
		continue;
	}
	console.log(`\n━━ ${step.name}: ${step.command.join(' ')}`);
	const started = Date.now();
	const code = await run(step.command);
	const counts = step.counts?.() ?? null;
	// A step passes only if its command succeeded and its report counts no failed test.
	results.push({ name: step.name, ok: code === 0 && (counts?.failed ?? 0) === 0, seconds: (Date.now() - started) / 1000, counts });
}

const total: Counts = { passed: 0, failed: 0, skipped: 0 };
console.log('\n━━ Summary');
for (const r of results) {
	const status = r.ok === null ? 'SKIPPED (dependency failed)' : r.ok ? 'ok' : 'FAILED';
	const c = r.counts ? ` — ${r.counts.passed} passed, ${r.counts.failed} failed${r.counts.skipped ? `, ${r.counts.skipped} skipped` : ''}` : '';
	console.log(`  ${r.name.padEnd(12)} ${status.padEnd(8)} ${r.seconds.toFixed(1).padStart(6)}s${c}`);
	if (r.counts) {
		total.passed += r.counts.passed;
		total.failed += r.counts.failed;
		total.skipped += r.counts.skipped;
	}
}
const failedSteps = results.filter((r) => r.ok !== true);
// A failed step that ran no counted test (types, build) still counts as one failure.
const failed = total.failed + failedSteps.filter((r) => !r.counts || r.counts.failed === 0).length;
console.log(`\n${total.passed} passed, ${failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
process.exit(failedSteps.length ? 1 : 0);
