export { authSnapshot, rememberAuth, type AuthSnapshot } from './auth-cache';
export { gateRedirect, loginPath, safeNext } from './auth-gate';
export { clock } from './clock.svelte';
export { colorScheme } from './color-scheme.svelte';
export { connection } from './connection.svelte';
export { clampFontSize, loadFontSize, saveFontSize } from './font-size';
export { sessionsStore } from './sessions-store.svelte';
export { trackViewportHeight } from './viewport-height';
