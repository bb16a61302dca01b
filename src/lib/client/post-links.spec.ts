import { describe, expect, it } from 'vitest';
import { botHref, jobHref, postHref, postListFilter, postsHref } from './post-links.ts';

describe('post links', () => {
	it('builds the addresses of posts, lists, bots and jobs', () => {
		expect(postHref('abc')).toBe('/posts/abc');
		expect(postHref('a/b')).toBe('/posts/a%2Fb');
		expect(postsHref()).toBe('/posts');
		expect(postsHref('REVIEW')).toBe('/posts?moderation=REVIEW');
		expect(postsHref('REJECTED')).toBe('/posts?moderation=REJECTED');
		expect(botHref('b1')).toBe('/bots/b1');
		expect(jobHref('0192-uuid')).toBe('/queue/jobs/0192-uuid');
	});

	it('reads the filter from the URL; anything else is the published feed', () => {
		expect(postListFilter(new URLSearchParams('moderation=REVIEW'))).toBe('REVIEW');
		expect(postListFilter(new URLSearchParams('moderation=rejected'))).toBe('REJECTED');
		expect(postListFilter(new URLSearchParams('moderation=APPROVED'))).toBeNull();
		expect(postListFilter(new URLSearchParams(''))).toBeNull();
	});
});
