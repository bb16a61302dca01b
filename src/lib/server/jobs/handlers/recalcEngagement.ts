import { z } from 'zod';
import { defineJob } from '../registry.ts';
import { updateEngagementScores } from '../../social/engagement/score.ts';
import { refreshTrends } from '../../social/trending.ts';

export const recalcEngagementJob = defineJob({
	type: 'RECALC_ENGAGEMENT',
	payload: z.object({}).strict(),
	async handler(_payload, { db }) {
		await updateEngagementScores(db);
		// Trends read the fresh scores.
		await refreshTrends(db);
	}
});
