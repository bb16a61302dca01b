export { default as Switch } from './switch.svelte';
