import { z } from 'zod';
import { defineJob } from '../registry.ts';
import { processCrewInteractions } from '../../social/crew.ts';
import { getProviders } from '../../ai/providers.ts';
import { breakerBoardFor, guardProviders } from '../../ops/breakers.ts';

export const crewCommentJob = defineJob({
	type: 'CREW_COMMENT',
	payload: z.object({}).passthrough(),
	async handler(_payload, { db, job }) {
		await processCrewInteractions(db, { jobId: job.id, providers: guardProviders(getProviders(), breakerBoardFor(db.pool)) });
	}
});
