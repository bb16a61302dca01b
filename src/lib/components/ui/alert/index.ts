export { default as Alert } from './alert.svelte';
