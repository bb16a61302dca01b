import { listBots } from '../../bots.ts';
import { authedProcedure, router } from '../init.ts';

export const botsRouter = router({
	list: authedProcedure.query(({ ctx }) => listBots(ctx.db, ctx.user))
});
