import { getOverviewCounts } from '../../overview.ts';
import { authedProcedure, router } from '../init.ts';

export const overviewRouter = router({
	counts: authedProcedure.query(({ ctx }) => getOverviewCounts(ctx.db, ctx.user))
});
