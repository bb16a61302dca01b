// `npm run report:content`: the offline writer and renderer measured against issue 13's goals
// (sentence shapes, voice, vocabulary, comments, tags, images). Prints a table; exits 1 when a goal
// is missed, so CI can run it. Options:
//   --captions N    captions per persona (default 110: 10 personas → 1,100)
//   --random N      random personas besides the 7 demo ones (default 3)
//   --images N      consecutive image posts rendered per persona (default 12; 0 skips images)
//   --seed S        generation seed (default report-1)
//   --json          print the whole report as JSON instead
import { DEFAULT_REPORT_OPTIONS, buildContentReport } from '../src/lib/server/ai/content-report/run.ts';
import { formatReport, reportGoals } from '../src/lib/server/ai/content-report/goals.ts';

function flag(name: string): string | undefined {
	const i = process.argv.indexOf(`--${name}`);
	return i >= 0 ? process.argv[i + 1] : undefined;
}
function count(name: string, fallback: number): number {
	const raw = flag(name);
	if (raw === undefined) return fallback;
	const n = Number(raw);
	if (!Number.isInteger(n) || n < 0) {
		console.error(`--${name} must be a whole number ≥ 0, got "${raw}"`);
		process.exit(2);
	}
	return n;
}

const options = {
	...DEFAULT_REPORT_OPTIONS,
	captionsPerPersona: count('captions', DEFAULT_REPORT_OPTIONS.captionsPerPersona),
	randomPersonas: count('random', DEFAULT_REPORT_OPTIONS.randomPersonas),
	imagesPerPersona: count('images', DEFAULT_REPORT_OPTIONS.imagesPerPersona),
	seed: flag('seed') ?? DEFAULT_REPORT_OPTIONS.seed
};
const report = await buildContentReport(options, (line) => process.stderr.write(`${line}\n`));
console.log(process.argv.includes('--json') ? JSON.stringify(report, null, 2) : formatReport(report));
process.exit(reportGoals(report).every((g) => g.met) ? 0 : 1);
