import type { Session } from '@codepiper/protocol';
import { applySessionUpdate } from '../sessions';
import { connection } from './connection.svelte';

/**
 * Every session, kept live from the daemon's session feed for as long as the tab is logged in: the
 * list page and the session view read the same state, and a session the CLI starts or ends shows up
 * without a reload.
 */
class SessionsStore {
  list = $state<Session[]>([]);
  loaded = $state(false);
  private unsubscribe: (() => void) | undefined;

  start(): void {
    if (this.unsubscribe) return;
    this.unsubscribe = connection().client.subscribeSessions((message) => {
      this.list = applySessionUpdate(this.list, message);
      this.loaded = true;
    });
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.list = [];
    this.loaded = false;
  }

  byId(id: string): Session | undefined {
    return this.list.find((s) => s.id === id);
  }

  forget(id: string): void {
    this.list = applySessionUpdate(this.list, { type: 'session-removed', id });
  }

  /** Applies a session the HTTP API just returned, so the page does not wait for the feed's echo. */
  upsert(session: Session): void {
    this.list = applySessionUpdate(this.list, { type: 'session', session });
  }
}

export const sessionsStore = new SessionsStore();
