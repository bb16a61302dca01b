import { agentRouter } from './routers/agent.ts';
import { authRouter } from './routers/auth.ts';
import { botsRouter } from './routers/bots.ts';
import { overviewRouter } from './routers/overview.ts';
import { postsRouter } from './routers/posts.ts';
import { queueRouter } from './routers/queue.ts';
import { usageRouter } from './routers/usage.ts';
import { opsRouter } from './routers/ops.ts';
import { createCallerFactory, router } from './init.ts';

export const appRouter = router({
	auth: authRouter,
	overview: overviewRouter,
	bots: botsRouter,
	posts: postsRouter,
	queue: queueRouter,
	usage: usageRouter,
	ops: opsRouter,
	agent: agentRouter
});

export type AppRouter = typeof appRouter;

/** Server loads and tests call procedures directly, with the same auth and validation. */
export const createCaller = createCallerFactory(appRouter);
