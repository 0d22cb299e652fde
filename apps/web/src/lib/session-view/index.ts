export { default as SessionView } from './SessionView.svelte';
