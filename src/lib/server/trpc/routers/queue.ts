import { countJobsByStatusAndType } from '../../queue-counts.ts';
import { adminProcedure, router } from '../init.ts';

export const queueRouter = router({
	counts: adminProcedure.query(({ ctx }) => countJobsByStatusAndType(ctx.db))
});
