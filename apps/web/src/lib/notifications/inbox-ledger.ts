import type { Notification, NotificationListResponse } from '@codepiper/protocol';

/**
 * The tab's copy of the inbox: the newest entries, the unread count and unread per session, kept
 * current from one HTTP read plus the feed's `notification` messages (a new entry, or an approval's
 * entry marked read because the approval was decided) and the answers to "mark read".
 */
export class InboxLedger {
  private readonly entries = new Map<number, Notification>();
  private unreadTotal = 0;
  private bySession = new Map<string, number>();

  constructor(private readonly keep: number) {}

  get unread(): number {
    return this.unreadTotal;
  }

  unreadIn(sessionId: string): number {
    return this.bySession.get(sessionId) ?? 0;
  }

  /** Newest first, at most `keep`. */
  list(): Notification[] {
    return [...this.entries.values()].sort((a, b) => b.id - a.id);
  }

  /** A fresh read of the inbox replaces everything. */
  load(response: NotificationListResponse): void {
    this.entries.clear();
    for (const entry of response.notifications) this.entries.set(entry.id, entry);
    this.unreadTotal = response.unread;
    this.bySession = new Map(Object.entries(response.unreadBySession));
    this.trim();
  }

  /** A feed message: upsert by id; `unread` is the daemon's count after it. Returns whether it was new and unread. */
  apply(entry: Notification, unread: number): boolean {
    const known = this.entries.get(entry.id);
    const wasUnread = known ? known.readAt === null : false;
    const isUnread = entry.readAt === null;
    if (!known && isUnread) this.adjust(entry.session, 1);
    else if (wasUnread && !isUnread) this.adjust(entry.session, -1);
    this.entries.set(entry.id, entry);
    this.unreadTotal = unread;
    this.trim();
    return !known && isUnread;
  }

  /** Every entry of a session was marked read at `at`; `unread` is the daemon's count after it. */
  markedSession(sessionId: string, at: string, unread: number): void {
    for (const [id, entry] of this.entries) if (entry.session === sessionId && entry.readAt === null) this.entries.set(id, { ...entry, readAt: at });
    this.bySession.delete(sessionId);
    this.unreadTotal = unread;
  }

  markedAll(at: string, unread: number): void {
    for (const [id, entry] of this.entries) if (entry.readAt === null) this.entries.set(id, { ...entry, readAt: at });
    this.bySession.clear();
    this.unreadTotal = unread;
  }

  clear(): void {
    this.entries.clear();
    this.bySession.clear();
    this.unreadTotal = 0;
  }

  private adjust(sessionId: string, delta: number): void {
    const next = (this.bySession.get(sessionId) ?? 0) + delta;
    if (next > 0) this.bySession.set(sessionId, next);
    else this.bySession.delete(sessionId);
  }

  private trim(): void {
    if (this.entries.size <= this.keep) return;
    for (const entry of this.list().slice(this.keep)) this.entries.delete(entry.id);
  }
}
