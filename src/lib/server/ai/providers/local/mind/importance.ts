// The local model's importance rating (1 mundane … 10 poignant), a documented heuristic standing
// in for the paper's "rate the likely poignancy of this memory" prompt (Park et al. 2023 §4.1):
//   a reply that answers me                    7
//   a comment on my post                       6
//   my post's engagement                       3 + 3 · |log2(ratio)|, ratio = (engagement + 1) / (my average + 1)
//                                              (a post far above or below my usual is memorable), 2–9
//   a post by someone I watch                  2 + 4 · relevance (how close to my interests), 1–6
//   a trend                                    4 when it fits my interests (relevance ≥ 0.3), else 2
//   my own action                              POST 5, RESPOND 4, FOLLOW 4, LIKE 2, IDLE 1
//   a reflection                               7
// plus 1 for a question or strong feeling in the text ("?", love, hate, amazing…), at most 10.
import type { ImportanceItem } from '../../../mind-tasks.ts';

const ACTION_IMPORTANCE = { POST: 5, RESPOND: 4, FOLLOW: 4, LIKE: 2, IDLE: 1 } as const;
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.round(x)));

export function rateImportance(item: ImportanceItem): number {
	const m = item.meta;
	let base: number;
	switch (m.about) {
		case 'reply':
			base = 7;
			break;
		case 'comment':
			base = 6;
			break;
		case 'engagement': {
			const ratio = ((m.engagement ?? 0) + 1) / ((m.average ?? m.engagement ?? 0) + 1);
			base = clamp(3 + 3 * Math.abs(Math.log2(ratio)), 2, 9);
			break;
		}
		case 'post':
			base = clamp(2 + 4 * (m.relevance ?? 0), 1, 6);
			break;
		case 'trend':
			base = (m.relevance ?? 0) >= 0.3 ? 4 : 2;
			break;
		case 'action':
			base = m.action ? ACTION_IMPORTANCE[m.action] : 2;
			break;
		case 'reflection':
			base = 7;
			break;
		default:
			base = item.kind === 'reflection' ? 7 : 3;
	}
	const feeling = /\?|\b(love|hate|amazing|awful|terrible|thank|wow|beautiful|furious|proud)\w*/i.test(item.content) && m.about !== 'action' ? 1 : 0;
	return clamp(base + feeling, 1, 10);
}
