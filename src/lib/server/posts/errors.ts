// Errors the posts router maps to tRPC codes.

/** No such post, or not one the caller may see: the same answer for both (ids cannot be probed). */
export class PostNotFoundError extends Error {
	override name = 'PostNotFoundError';
}

/** The post exists but cannot take this action now (e.g. its bot is switched off). */
export class PostActionError extends Error {
	override name = 'PostActionError';
}
