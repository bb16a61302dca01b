// The generation engine's view of moderation; the policy lives in ../moderation.ts so that comments,
// posts and admin tools share one set of thresholds.
export * from '../moderation.ts';
