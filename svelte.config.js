import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter(),
		// The Content-Security-Policy of every page. SvelteKit adds a nonce for its own inline
		// bootstrap script ('auto': nonces for rendered pages), so no other script can run.
		// Styles allow 'unsafe-inline' because Svelte writes style attributes (transitions,
		// progress bars); images and clips come from this origin (/media) or are local previews
		// (data:, blob:). Nothing may frame the app (frame-ancestors), forms post only here, and
		// <base> cannot be redirected. Other answers (tRPC, /media, /api) get
		// "default-src 'none'; frame-ancestors 'none'" from hooks.server.ts.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'media-src': ['self', 'blob:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
