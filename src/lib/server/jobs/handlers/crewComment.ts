import { z } from 'zod';
import { defineJob } from '../registry.ts';
import { processCrewInteractions } from '../../social/crew.ts';

export const crewCommentJob = defineJob({
	type: 'CREW_COMMENT',
	payload: z.object({}).passthrough(),
	async handler(_payload, { db, job }) {
		await processCrewInteractions(db, { jobId: job.id });
	}
});
