export { default as AppHeader } from './AppHeader.svelte';
export { default as ConfirmDialog } from './ConfirmDialog.svelte';
export { default as ConnectionStatus } from './ConnectionStatus.svelte';
export { default as Modal } from './Modal.svelte';
export { default as NewSessionDialog } from './NewSessionDialog.svelte';
export { default as RenameDialog } from './RenameDialog.svelte';
export { default as SessionCard, type SessionAction } from './SessionCard.svelte';
export { default as StatusBadge } from './StatusBadge.svelte';
