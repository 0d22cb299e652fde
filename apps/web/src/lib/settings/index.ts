export { default as ChangePassword } from './ChangePassword.svelte';
export { default as LoginsPanel } from './LoginsPanel.svelte';
export { default as TokensPanel } from './TokensPanel.svelte';
export { default as NotificationsPanel } from './NotificationsPanel.svelte';
