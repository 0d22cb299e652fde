import type { Notification } from '@codepiper/protocol';
import { notificationsApi } from '../api';
import { INBOX_PAGE_SIZE } from '../constants';
import { InboxLedger } from '../notifications';
import { connection } from './connection.svelte';

/**
 * The in-app inbox (header count, inbox page), live from the daemon's feed: each `sessions` message
 * (first load or reconnect) re-reads it over HTTP, each `notification` message updates it. The session
 * on screen in a visible tab has its entries marked read as they come: the owner is looking at it.
 */
class InboxStore {
  notifications = $state.raw<Notification[]>([]);
  unread = $state(0);
  loaded = $state(false);
  error = $state('');
  private readonly ledger = new InboxLedger(INBOX_PAGE_SIZE);
  private unsubscribe: (() => void) | undefined;
  private generation = 0;
  private viewing: string | null = null;
  private visible = false;
  private readonly marking = new Set<string>();

  start(): void {
    if (this.unsubscribe) return;
    const conn = connection();
    this.unsubscribe = conn.client.subscribeFeed((message) => {
      if (message.type === 'sessions') void this.refresh();
      else if (message.type === 'notification') {
        this.ledger.apply(message.notification, message.unread);
        this.publish();
        this.markViewedSession();
      }
    });
    if (conn.state.kind === 'open') void this.refresh();
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.generation++;
    this.ledger.clear();
    this.loaded = false;
    this.publish();
  }

  async refresh(): Promise<void> {
    const generation = this.generation;
    try {
      const response = await notificationsApi.list(INBOX_PAGE_SIZE);
      if (generation !== this.generation) return;
      this.ledger.load(response);
      this.loaded = true;
      this.error = '';
      this.publish();
      this.markViewedSession();
    } catch (e) {
      if (generation === this.generation) this.error = e instanceof Error ? e.message : String(e);
    }
  }

  /** What the page shows now (from the presence tracker). */
  setViewing(sessionId: string | null, visible: boolean): void {
    this.viewing = sessionId;
    this.visible = visible;
    this.markViewedSession();
  }

  async markAllRead(): Promise<void> {
    const generation = this.generation;
    const answer = await notificationsApi.markRead({ all: true });
    if (generation !== this.generation) return;
    this.ledger.markedAll(new Date().toISOString(), answer.unread);
    this.publish();
  }

  private markViewedSession(): void {
    const id = this.viewing;
    if (!id || !this.visible || this.ledger.unreadIn(id) === 0 || this.marking.has(id)) return;
    this.marking.add(id);
    const generation = this.generation;
    notificationsApi.markRead({ session: id }).then(
      (answer) => {
        this.marking.delete(id);
        if (generation !== this.generation) return;
        this.ledger.markedSession(id, new Date().toISOString(), answer.unread);
        this.publish();
      },
      () => {
        // The session may be gone, or the daemon unreachable: the next refresh tries again.
        this.marking.delete(id);
      },
    );
  }

  private publish(): void {
    this.notifications = this.ledger.list();
    this.unread = this.ledger.unread;
  }
}

export const inboxStore = new InboxStore();
