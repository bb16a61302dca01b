export { default as Timestamp } from './timestamp.svelte';
