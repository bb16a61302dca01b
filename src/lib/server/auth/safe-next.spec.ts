import { describe, expect, it } from 'vitest';
import { safeNextPath } from './safe-next.ts';

const origin = 'https://rudo.example';

describe('safeNextPath: only same-origin paths', () => {
	it.each(['/', '/bots', '/bots?tier=NOVA&q=a%20b', '/queue/jobs/123#attempts', '/posts/%E2%9C%93'])('keeps %s', (next) => {
		expect(safeNextPath(next, origin)).toBe(next);
	});

	it.each([
		'//evil.example',
		'//evil.example/bots',
		'/\\evil.example',
		'\\\\evil.example',
		'/%5Cevil.example',
		'/%5cevil.example',
		'/%2F%2Fevil.example',
		'/\t/evil.example',
		'/\n/evil.example',
		'/\r\n/evil.example',
		'\t//evil.example',
		' //evil.example',
		'https://evil.example',
		'https:evil.example',
		'http:/evil.example',
		'javascript:alert(1)',
		'data:text/html,hi',
		'evil.example',
		'.evil.example',
		'@evil.example',
		'/\u0000/evil.example',
		'///evil.example',
		'/\\/evil.example',
		'',
		null,
		undefined
	])('refuses %j (falls back to /)', (next) => {
		expect(safeNextPath(next as string | null, origin)).toBe('/');
	});

	it('never answers anything that resolves to another origin', () => {
		// Every answer, resolved the way a browser resolves a Location header, stays on the origin.
		const tricky = ['/%5C%5Cevil', '/.//evil', '/..//evil', '/./\\evil', '/%09/evil', '/ /evil', '/#//evil', '/?//evil'];
		for (const next of tricky) {
			const answer = safeNextPath(next, origin);
			expect(new URL(answer, origin).origin).toBe(origin);
			expect(answer.startsWith('//') || answer.startsWith('/\\')).toBe(false);
		}
	});
});
