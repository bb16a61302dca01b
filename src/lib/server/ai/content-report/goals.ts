// Issue 13's goals checked against a built report, and the report as terminal text
// (`npm run report:content` prints both).
import { NEAR_IDENTICAL_DISTANCE, type ContentReport } from './run.ts';

export interface Goal {
	name: string;
	value: string;
	target: string;
	met: boolean;
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/** The goals of issue 13, each with the measured value. */
export function reportGoals(report: ContentReport): Goal[] {
	const goals: Goal[] = [
		{ name: 'captions generated', value: String(report.shapes.total), target: '> 1,000', met: report.shapes.total > 1000 },
		{ name: 'distinct sentence shapes', value: String(report.shapes.distinct), target: '≥ 600', met: report.shapes.distinct >= 600 },
		{ name: 'most frequent shape', value: pct(report.shapes.top.share), target: '≤ 1 %', met: report.shapes.top.share <= 0.01 },
		{ name: "personas sharing a top-ten shape (max)", value: String(report.shapes.maxPersonasSharingATopTenShape), target: '≤ 2', met: report.shapes.maxPersonasSharingATopTenShape <= 2 },
		{
			name: 'voice rules held (worst rule)',
			value: pct(Math.min(...report.personas.flatMap((p) => p.voice.map((v) => v.passed / Math.max(1, v.total))))),
			target: '≥ 95 %',
			met: report.personas.every((p) => p.voice.every((v) => v.passed / Math.max(1, v.total) >= 0.95))
		},
		{ name: 'captions using own vocabulary (lowest persona)', value: pct(Math.min(...report.personas.map((p) => p.ownVocabularyShare))), target: '≥ 30 %', met: report.personas.every((p) => p.ownVocabularyShare >= 0.3) },
		{ name: 'captions attributed to the right persona', value: pct(report.attribution), target: '≥ 90 %', met: report.attribution >= 0.9 },
		{ name: 'caption grammar problems', value: String(report.captionGrammarProblems.length), target: '0', met: report.captionGrammarProblems.length === 0 },
		{ name: 'comments responding to their post', value: pct(report.comments.responding / Math.max(1, report.comments.total)), target: '≥ 80 %', met: report.comments.responding / Math.max(1, report.comments.total) >= 0.8 },
		{ name: 'comment grammar problems', value: String(report.comments.grammarProblems.length), target: '0', met: report.comments.grammarProblems.length === 0 },
		{ name: 'posts whose two commenters wrote the same', value: String(report.comments.postsWithIdenticalComments), target: '0', met: report.comments.postsWithIdenticalComments === 0 },
		{ name: 'tag pairs normalising to the same key', value: String(report.tags.duplicatePairs.length), target: '0', met: report.tags.duplicatePairs.length === 0 },
		{ name: 'trend tags not matching their post', value: `${report.tags.trendTagsNotFitting.length} of ${report.tags.trendTagsUsed}`, target: '0', met: report.tags.trendTagsNotFitting.length === 0 }
	];
	const img = report.images;
	if (img) {
		goals.push(
			{ name: 'images whose drawn subject the caption names', value: pct(img.subjectInCaption), target: '≥ 90 %', met: img.subjectInCaption >= 0.9 },
			{ name: "images drawn with the caption subject's motif", value: pct(img.motifMatchesCaptionSubject), target: '≥ 90 %', met: img.motifMatchesCaptionSubject >= 0.9 },
			{ name: 'reference palette colours present', value: pct(img.paletteCoverage), target: '≥ 80 %', met: img.paletteCoverage >= 0.8 },
			{ name: 'reference features drawn', value: `${img.featuresDrawn} of ${img.featuresExpected}`, target: '≥ 90 %', met: img.featuresDrawn >= 0.9 * img.featuresExpected },
			{ name: 'near-identical consecutive images', value: `${img.nearIdenticalPairs} of ${img.pairs} (min distance ${img.minConsecutiveDistance})`, target: `0 (pHash distance > ${NEAR_IDENTICAL_DISTANCE})`, met: img.nearIdenticalPairs === 0 }
		);
	}
	return goals;
}

/** The report as text for the terminal. */
export function formatReport(report: ContentReport): string {
	const lines: string[] = [];
	const o = report.options;
	lines.push(`Content report: ${report.personas.length} personas (${report.personas.filter((p) => !p.random).length} demo + ${report.personas.filter((p) => p.random).length} random) × ${o.captionsPerPersona} captions, seed "${o.seed}", ${report.seconds.toFixed(1)} s`);
	lines.push('');
	lines.push('persona                     | shapes | own vocabulary | recognised | voice rules');
	for (const p of report.personas) {
		const voice = p.voice.map((v) => `${v.rule} ${Math.round((v.passed / Math.max(1, v.total)) * 100)}%`).join('; ');
		const recognised = pct(report.attributionByPersona[p.handle] ?? 0);
		lines.push(`${`@${p.handle}${p.random ? ' (random)' : ''}`.padEnd(28)}| ${String(p.distinctShapes).padStart(6)} | ${pct(p.ownVocabularyShare).padStart(14)} | ${recognised.padStart(10)} | ${voice}`);
	}
	lines.push('');
	lines.push(`Shapes (issue 13's mask): ${report.shapes.distinct} distinct of ${report.shapes.total}; most frequent ${report.shapes.top.count}× "${report.shapes.top.shape}"`);
	lines.push(`Skeletons (every noun masked too): ${report.skeletons.distinct} distinct; most frequent ${report.skeletons.top.count}× "${report.skeletons.top.shape}"`);
	lines.push('');
	lines.push('goal                                              | value                          | target');
	for (const g of reportGoals(report)) lines.push(`${g.met ? '✓' : '✗'} ${g.name.padEnd(48)}| ${g.value.padEnd(31)}| ${g.target}`);
	const show = (title: string, items: readonly string[]) => {
		if (items.length === 0) return;
		lines.push('', `${title} (${items.length}, first 8):`, ...items.slice(0, 8).map((x) => `  ${x}`));
	};
	show('Caption grammar problems', report.captionGrammarProblems);
	show('Comment grammar problems', report.comments.grammarProblems);
	show('Trend tags that do not fit', report.tags.trendTagsNotFitting);
	show("Images drawn with another motif than the caption subject's", report.images?.mismatches ?? []);
	lines.push('', 'Sample posts:');
	for (const p of report.personas) lines.push(`  @${p.handle}: ${p.samples[0].replace(/\n/g, ' / ')}`);
	lines.push('', 'Sample comments:');
	for (const c of report.comments.samples.slice(0, 6)) lines.push(`  on "${c.post.replace(/\n/g, ' / ')}"\n    @${c.by}: ${c.comment}`);
	if (report.images) {
		lines.push('', 'Sample images (what the renderer drew):');
		for (const s of report.images.samples) lines.push(`  ${s.depicts} ← "${s.caption.replace(/\n/g, ' / ')}"`);
	}
	return lines.join('\n');
}
