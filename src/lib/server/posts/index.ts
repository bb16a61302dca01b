// Posts for the dashboard: the published feed (feed.ts), posts moderation kept out and what their
// creators and admins do with them (held.ts), asking a bot for a new version (new-version.ts).
export { FEED_SORTS, type FeedSort, getPost, likePost, listPublishedPosts } from './feed.ts';
export { countKeptOutPosts, discardPost, KEPT_OUT, type KeptOut, listHeldPosts, listKeptOutPosts, moderatePost } from './held.ts';
export { askForNewVersion, type NewVersionResult } from './new-version.ts';
export { PostActionError, PostNotFoundError } from './errors.ts';
