import { connection } from './connection.svelte';
import { inboxStore } from './inbox-store.svelte';
import { pushDevice } from './push-device.svelte';

/**
 * What this tab shows, told to the daemon (a device looking at a session gets no push for it) and to
 * the inbox (the session on screen has its notifications marked read). Sent on every change: the
 * session in view, the tab's visibility, this browser's push endpoint; the WebSocket client repeats it
 * after each reconnect.
 */
class PresenceStore {
  session = $state<string | null>(null);
  visible = $state(true);
  private stopRoot: (() => void) | undefined;

  start(): void {
    if (this.stopRoot) return;
    const onVisibility = (): void => {
      this.visible = document.visibilityState === 'visible';
    };
    onVisibility();
    document.addEventListener('visibilitychange', onVisibility);
    const stopEffects = $effect.root(() => {
      $effect(() => {
        const session = this.session;
        const visible = this.visible;
        const endpoint = pushDevice.endpoint;
        connection().client.setPresence({ session, visible, ...(endpoint !== undefined ? { endpoint } : {}) });
        inboxStore.setViewing(session, visible);
      });
    });
    this.stopRoot = () => {
      document.removeEventListener('visibilitychange', onVisibility);
      stopEffects();
    };
  }

  stop(): void {
    this.stopRoot?.();
    this.stopRoot = undefined;
  }

  /** A session view opened. */
  show(sessionId: string): void {
    this.session = sessionId;
  }

  /** A session view closed; a newer view that already took over stays. */
  leave(sessionId: string): void {
    if (this.session === sessionId) this.session = null;
  }
}

export const presence = new PresenceStore();
