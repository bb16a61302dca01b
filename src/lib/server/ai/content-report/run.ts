// `npm run report:content`: generates posts, comments, tags and images with the local providers for
// the demo personas and a few random ones, and measures them against issue 13's goals. Everything
// goes through the same functions a GENERATE_POST or CREW_COMMENT job calls (caption, tags, image
// request builders and the local providers), minus the database.
import sharp from 'sharp';
import phash from 'sharp-phash';
import { generateCaption } from '../caption.ts';
import { postImageRequest } from '../image.ts';
import { LocalImageModel } from '../providers/local/image.ts';
import { LocalTextModel } from '../providers/local/text.ts';
import { composeComment } from '../providers/local/writing/comment.ts';
import { pickSubject } from '../providers/local/writing/subject.ts';
import { mentions } from '../providers/local/writing/tags.ts';
import { seededRng } from '../random.ts';
import { generateTags } from '../tags.ts';
import { decidePostType, type BotContext, type PostType } from '../types.ts';
import {
	attribution,
	captionShape,
	commentResponds,
	duplicateTags,
	grammarProblems,
	hammingDistance,
	ownVocabulary,
	paletteCoverage,
	personaWords,
	shapeStats,
	skeletonShape,
	trendFitsCaption,
	usesVocabulary,
	voiceChecks,
	type ShapeStats,
	type VoiceCheck
} from './metrics/index.ts';
import { demoPersonas, randomPersona } from './personas.ts';

export interface ReportOptions {
	captionsPerPersona: number;
	randomPersonas: number;
	/** Posts per persona that get a comment from two other personas. */
	commentedPostsPerPersona: number;
	/** Consecutive image posts rendered per persona (0 skips images). */
	imagesPerPersona: number;
	imageSize: number;
	seed: string;
}

export const DEFAULT_REPORT_OPTIONS: ReportOptions = { captionsPerPersona: 110, randomPersonas: 3, commentedPostsPerPersona: 30, imagesPerPersona: 12, imageSize: 192, seed: 'report-1' };

/** Trends offered to every post: real fits for some personas, and decoys that share one word with them. */
export const REPORT_TRENDS = ['night_markets', 'street_food', 'synthwave', 'jollof', 'retro_games', 'tea', 'lo_fi', 'superheroes', 'knitting_patterns', 'market_day', 'rainy_day', 'speedrunning', 'night_sky', 'brutalist_architecture', 'chiptune', 'house_plants', 'comic_con', 'food_court'];

export interface PostRecord {
	persona: string;
	type: PostType;
	caption: string;
	hook: string;
	tags: string[];
	trendTags: string[];
}

export interface PersonaSummary {
	handle: string;
	random: boolean;
	captions: number;
	voice: VoiceCheck[];
	ownVocabularyShare: number;
	distinctShapes: number;
	samples: string[];
}

export interface ContentReport {
	options: ReportOptions;
	personas: PersonaSummary[];
	shapes: ShapeStats;
	skeletons: ShapeStats;
	attribution: number;
	attributionByPersona: Record<string, number>;
	mistakenFor: Record<string, string>;
	captionGrammarProblems: string[];
	comments: { total: number; responding: number; grammarProblems: string[]; postsWithIdenticalComments: number; distinctComments: number; samples: Array<{ post: string; by: string; comment: string }> };
	tags: { posts: number; duplicatePairs: Array<[string, string]>; trendTagsUsed: number; trendTagsNotFitting: string[]; decoyTrendsUsed: number; samples: Array<{ caption: string; tags: string[] }> };
	images: {
		rendered: number;
		subjectInCaption: number;
		motifMatchesCaptionSubject: number;
		paletteCoverage: number;
		featuresDrawn: number;
		featuresExpected: number;
		minConsecutiveDistance: number;
		nearIdenticalPairs: number;
		pairs: number;
		samples: Array<{ caption: string; depicts: string }>;
		/** Images whose motif differs from the one of the subject read from the caption. */
		mismatches: string[];
	} | null;
	seconds: number;
}

/** Perceptual-hash distance at or below which two images count as near-identical (of 64 bits). */
export const NEAR_IDENTICAL_DISTANCE = 10;

export async function buildContentReport(options: ReportOptions = DEFAULT_REPORT_OPTIONS, onProgress: (line: string) => void = () => {}): Promise<ContentReport> {
	const started = performance.now();
	const personas: Array<{ bot: BotContext; random: boolean }> = [
		...demoPersonas().map((bot) => ({ bot, random: false })),
		...Array.from({ length: options.randomPersonas }, (_, i) => ({ bot: randomPersona(1000 + i), random: true }))
	];
	const text = new LocalTextModel();
	const posts: PostRecord[] = [];
	const summaries: PersonaSummary[] = [];
	const shapeRows: Array<{ persona: string; shape: string }> = [];
	const skeletonRows: Array<{ persona: string; shape: string }> = [];
	const captionProblems: string[] = [];
	const tagDuplicates: Array<[string, string]> = [];
	const notFitting: string[] = [];
	let trendTagsUsed = 0;
	let decoys = 0;

	for (const { bot, random } of personas) {
		const rng = seededRng(bot.id, options.seed, 'types');
		const words = personaWords(bot);
		const vocabulary = ownVocabulary(bot);
		const recentTypes: PostType[] = [];
		const recentCaptions: string[] = [];
		const captions: string[] = [];
		for (let i = 0; i < options.captionsPerPersona; i++) {
			const type = decidePostType({ ...bot, recentPostTypes: recentTypes }, rng);
			const seed = `${options.seed}-${i}`;
			const caption = await generateCaption(bot, { text }, { postType: type, seed, recentCaptions: recentCaptions.slice(0, 5) });
			const tags = await generateTags(bot, caption.caption, { text }, REPORT_TRENDS, { seed });
			recentTypes.unshift(type);
			recentCaptions.unshift(caption.caption);
			captions.push(caption.caption);
			posts.push({ persona: bot.handle, type, caption: caption.caption, hook: caption.hook, tags: tags.tags, trendTags: tags.trendTags });
			shapeRows.push({ persona: bot.handle, shape: captionShape(caption.caption, words) });
			skeletonRows.push({ persona: bot.handle, shape: skeletonShape(caption.caption, words) });
			for (const problem of grammarProblems(caption.caption)) captionProblems.push(`@${bot.handle}: ${problem} — ${caption.caption}`);
			tagDuplicates.push(...duplicateTags(tags.tags));
			for (const trend of tags.trendTags) {
				trendTagsUsed++;
				if (!trendFitsCaption(trend, caption.caption)) {
					notFitting.push(`#${trend} on "${caption.caption}"`);
					// A decoy: the trend shares a word with the post but is not what it is about.
					if (trend.split('_').some((w) => mentions(caption.caption, w))) decoys++;
				}
			}
		}
		const own = captions.filter((c) => usesVocabulary(c, vocabulary)).length / Math.max(1, captions.length);
		summaries.push({
			handle: bot.handle,
			random,
			captions: captions.length,
			voice: voiceChecks(bot.personaDna, captions),
			ownVocabularyShare: own,
			distinctShapes: new Set(shapeRows.filter((r) => r.persona === bot.handle).map((r) => r.shape)).size,
			samples: captions.slice(0, 4)
		});
		onProgress(`captions: @${bot.handle} done`);
	}

	// Comments: each of the first posts of every persona gets a reply from two other personas.
	const commentSamples: ContentReport['comments']['samples'] = [];
	const commentProblems: string[] = [];
	const allComments = new Set<string>();
	let responding = 0;
	let total = 0;
	let identical = 0;
	personas.forEach(({ bot }, p) => {
		const own = posts.filter((x) => x.persona === bot.handle).slice(0, options.commentedPostsPerPersona);
		own.forEach((post, i) => {
			const others = personas.filter((_, q) => q !== p);
			const a = others[i % others.length].bot;
			const b = others[(i + 3) % others.length].bot;
			const replies = [a, b].map((commenter) => composeComment(commenter, post.caption, bot.name, `${options.seed}-c${i}`).comment);
			if (replies[0] === replies[1]) identical++;
			replies.forEach((reply, k) => {
				total++;
				allComments.add(reply);
				if (commentResponds(post.caption, reply)) responding++;
				for (const problem of grammarProblems(reply)) commentProblems.push(`${problem} — ${reply}`);
				if (commentSamples.length < 12 && i % 7 === 0) commentSamples.push({ post: post.caption, by: [a, b][k].handle, comment: reply });
			});
		});
	});
	onProgress('comments done');

	let images: ContentReport['images'] = null;
	if (options.imagesPerPersona > 0) {
		const model = new LocalImageModel();
		let rendered = 0;
		let subjectInCaption = 0;
		let motifMatches = 0;
		let coverage = 0;
		let featuresDrawn = 0;
		let featuresExpected = 0;
		let minDistance = 64;
		let nearIdentical = 0;
		let pairs = 0;
		const samples: Array<{ caption: string; depicts: string }> = [];
		const mismatches: string[] = [];
		for (const { bot } of personas) {
			const visual = posts.filter((x) => x.persona === bot.handle && x.type !== 'TEXT').slice(0, options.imagesPerPersona);
			let previous: string | null = null;
			for (const [i, post] of visual.entries()) {
				const request = postImageRequest(bot, post.caption, { seed: `${options.seed}-img${i}`, hook: post.hook, size: options.imageSize });
				const image = await model.generateImage(request);
				rendered++;
				const depicts = image.depicts;
				const subject = pickSubject(post.caption, bot.personaDna.interests);
				if (depicts && mentions(post.caption, depicts.subject)) subjectInCaption++;
				if (depicts && subject && (subject.motif ?? null) === depicts.motif) motifMatches++;
				else if (mismatches.length < 40) mismatches.push(`${depicts?.motif}(${depicts?.subject}) vs ${subject?.motif}(${subject?.text}) ← ${post.caption.replace(/\n/g, ' / ')}`);
				const pixels = await sharp(image.bytes).resize(48, 48, { fit: 'fill' }).removeAlpha().raw().toBuffer();
				coverage += paletteCoverage(pixels, bot.characterAnalysis?.palette ?? bot.personaDna.palette);
				featuresExpected += bot.characterAnalysis?.distinguishingFeatures.length ?? 0;
				featuresDrawn += depicts?.features.length ?? 0;
				const hash = await phash(image.bytes);
				if (previous) {
					const d = hammingDistance(previous, hash);
					pairs++;
					minDistance = Math.min(minDistance, d);
					if (d <= NEAR_IDENTICAL_DISTANCE) nearIdentical++;
				}
				previous = hash;
				if (samples.length < 10 && i === 0) samples.push({ caption: post.caption, depicts: depicts ? `${depicts.motif} (${depicts.subject})${depicts.features.length ? `, wearing ${depicts.features.join(', ')}` : ''}` : 'unknown' });
			}
			onProgress(`images: @${bot.handle} done`);
		}
		images = {
			rendered,
			subjectInCaption: subjectInCaption / Math.max(1, rendered),
			motifMatchesCaptionSubject: motifMatches / Math.max(1, rendered),
			paletteCoverage: coverage / Math.max(1, rendered),
			featuresDrawn,
			featuresExpected,
			minConsecutiveDistance: minDistance,
			nearIdenticalPairs: nearIdentical,
			pairs,
			samples,
			mismatches
		};
	}

	return {
		options,
		personas: summaries,
		shapes: shapeStats(shapeRows),
		skeletons: shapeStats(skeletonRows),
		...(() => {
			const a = attribution(posts.map((x) => ({ persona: x.persona, caption: x.caption })));
			return { attribution: a.overall, attributionByPersona: a.byPersona, mistakenFor: a.mistakenFor };
		})(),
		captionGrammarProblems: captionProblems,
		comments: { total, responding, grammarProblems: commentProblems, postsWithIdenticalComments: identical, distinctComments: allComments.size, samples: commentSamples },
		tags: {
			posts: posts.length,
			duplicatePairs: tagDuplicates,
			trendTagsUsed,
			trendTagsNotFitting: notFitting,
			decoyTrendsUsed: decoys,
			samples: posts.filter((x) => x.trendTags.length > 0).slice(0, 6).map((x) => ({ caption: x.caption, tags: x.tags }))
		},
		images,
		seconds: (performance.now() - started) / 1000
	};
}
