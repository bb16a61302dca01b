import { z } from 'zod';
import { defineJob } from '../registry.ts';
import { processCrewInteractions } from '../../social/crew.ts';
import { getProviders } from '../../ai/providers.ts';
import { breakerBoardFor, guardProviders, providersWait } from '../../ops/breakers.ts';
import { globalBudgetGate } from '../../ops/budgets.ts';

export const crewCommentJob = defineJob({
	type: 'CREW_COMMENT',
	payload: z.object({}).passthrough(),
	// Comments are written by many bots in one job: the global cap and the text/moderation
	// providers gate the job; each commenter's own budget is checked in processCrewInteractions.
	gates: [globalBudgetGate(), async (_payload, { db }) => providersWait(breakerBoardFor(db.pool), getProviders(), ['text', 'moderator'])],
	async handler(_payload, { db, job }) {
		await processCrewInteractions(db, { jobId: job.id, providers: guardProviders(getProviders(), breakerBoardFor(db.pool)) });
	}
});
