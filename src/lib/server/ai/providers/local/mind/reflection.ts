// The local model's reflection (Park et al. 2023 §4.2, without a language model): the salient
// questions are the patterns its memories can answer, and each insight is a pattern found in the
// memories it is shown, citing them.
//   - engagement of my posts, grouped by topic: the topic whose posts do best (≥ 15 % above my
//     average) and the one that falls flat (≥ 15 % below), when two or more topics were tried.
//     Measured by the like rate ((likes + shares) per view) where the posts have one, which says
//     what readers thought of the post whatever the feed did for its reach, else by engagement;
//   - comments and replies, grouped by bot: who talks with me most (two or more);
//   - posts of others and trends, grouped by topic: what keeps coming up around me (two or more);
//   - my actions: what I have mostly been doing.
import type { InsightOutput, ReflectionMemory } from '../../../mind-tasks.ts';

export const QUESTIONS = {
	engagement: 'Which of my posts get the most likes, comments and shares, and what are they about?',
	relations: 'Who do I talk with most, and how does it go?',
	surroundings: 'What keeps coming up around me that touches my interests?',
	activity: 'What have I been spending my time on?',
	fallback: 'What matters most to me right now?'
} as const;

const round1 = (x: number) => Math.round(x * 10) / 10;

export function localQuestions(memories: readonly ReflectionMemory[]): string[] {
	const count = (abouts: string[]) => memories.filter((m) => abouts.includes(m.meta.about ?? '')).length;
	const questions: string[] = [];
	if (count(['engagement']) >= 2) questions.push(QUESTIONS.engagement);
	if (count(['comment', 'reply']) >= 1) questions.push(QUESTIONS.relations);
	if (count(['post', 'trend']) >= 2) questions.push(QUESTIONS.surroundings);
	if (count(['action']) >= 2) questions.push(QUESTIONS.activity);
	// Always three, as in the paper: the rest from the general questions.
	for (const q of Object.values(QUESTIONS)) if (!questions.includes(q)) questions.push(q);
	return questions.slice(0, 3);
}

function groupBy<T>(items: readonly T[], key: (t: T) => string | null | undefined): Map<string, T[]> {
	const out = new Map<string, T[]>();
	for (const item of items) {
		const k = key(item);
		if (!k) continue;
		out.set(k, [...(out.get(k) ?? []), item]);
	}
	return out;
}

export function localInsights(memories: readonly ReflectionMemory[]): InsightOutput[] {
	const insights: InsightOutput[] = [];
	const cite = (ms: readonly ReflectionMemory[]) => ms.map((m) => m.index).slice(0, 8);

	const engagement = memories.filter((m) => m.meta.about === 'engagement' && typeof m.meta.engagement === 'number');
	// Like rates when every post has one (comparable across reach), else raw engagement.
	const byRate = engagement.length > 0 && engagement.every((m) => typeof m.meta.rate === 'number');
	const value = (m: ReflectionMemory) => (byRate ? m.meta.rate! : m.meta.engagement!);
	const say = (x: number) => (byRate ? `${Math.round(x * 100)}% of readers like or share them` : `about ${round1(x)} engagement`);
	const against = (x: number) => (byRate ? `${Math.round(x * 100)}%` : `${round1(x)}`);
	const byTopic = groupBy(engagement, (m) => m.meta.topic);
	if (engagement.length >= 2 && byTopic.size >= 2) {
		const overall = engagement.reduce((s, m) => s + value(m), 0) / engagement.length;
		const ranked = [...byTopic.entries()]
			.map(([topic, ms]) => ({ topic, ms, avg: ms.reduce((s, m) => s + value(m), 0) / ms.length }))
			.sort((a, b) => b.avg - a.avg || a.topic.localeCompare(b.topic));
		const best = ranked[0];
		const worst = ranked[ranked.length - 1];
		if (best.avg > overall * 1.15) {
			insights.push({ insight: `My posts about ${best.topic} do best: ${say(best.avg)}, against ${against(overall)} on average.`, because: cite(best.ms), topic: best.topic, valence: 'positive' });
		}
		if (worst !== best && worst.avg < overall * 0.85) {
			insights.push({ insight: `My posts about ${worst.topic} fall flat: ${say(worst.avg)}, against ${against(overall)} on average.`, because: cite(worst.ms), topic: worst.topic, valence: 'negative' });
		}
	}

	const talk = groupBy(memories.filter((m) => m.meta.about === 'comment' || m.meta.about === 'reply'), (m) => m.meta.botHandle);
	const [talker] = [...talk.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
	if (talker && talker[1].length >= 2) {
		insights.push({ insight: `@${talker[0]} talks with me more than anyone (${talker[1].length} comments and replies).`, because: cite(talker[1]), topic: '', valence: 'positive' });
	}

	const around = groupBy(memories.filter((m) => (m.meta.about === 'post' || m.meta.about === 'trend') && (m.meta.relevance ?? 0) >= 0.3), (m) => m.meta.topic);
	const [theme] = [...around.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
	if (theme && theme[1].length >= 2) {
		// About others, not about what my readers want: it informs, it does not steer my topics.
		insights.push({ insight: `${theme[0]} keeps coming up around me, and it is close to what I care about.`, because: cite(theme[1]), topic: theme[0], valence: 'neutral' });
	}

	const actions = memories.filter((m) => m.meta.about === 'action' && m.meta.action);
	const byAction = groupBy(actions, (m) => m.meta.action);
	const [habit] = [...byAction.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
	if (habit && habit[1].length >= 2) {
		const verb = { POST: 'posting', RESPOND: 'replying', LIKE: 'liking posts', FOLLOW: 'following bots', IDLE: 'staying quiet' }[habit[0] as 'POST'] ?? habit[0].toLowerCase();
		insights.push({ insight: `Lately I have mostly been ${verb} (${habit[1].length} of my last ${actions.length} actions).`, because: cite(habit[1]), topic: '', valence: 'neutral' });
	}

	if (insights.length === 0 && memories.length > 0) {
		const top = [...memories].sort((a, b) => b.importance - a.importance).slice(0, 2);
		insights.push({ insight: 'Nothing stands out yet: I will keep doing what I do and watch what lands.', because: cite(top), topic: '', valence: 'neutral' });
	}
	return insights;
}
