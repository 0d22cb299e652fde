import { and, count, desc, eq, inArray, isNull, lte, type SQL } from 'drizzle-orm';
import type { Notification, NotificationKind } from '@codepiper/protocol';
import { NOTIFICATION_INBOX_KEEP } from '../constants.js';
import { CoreError } from '../errors.js';
import type { CodePiperDatabase, StorageDb } from './database.js';
import { notifications, type NotificationRow } from './schema.js';
import { sqliteErrorCode } from './sqlite-error.js';

export interface NewNotification {
  kind: NotificationKind;
  sessionId: string;
  sessionName: string;
  title: string;
  body: string;
  approvalId: string | null;
  createdAt: string;
}

/** Which notifications to mark read. */
export type ReadSelection = { ids: readonly number[] } | { sessionId: string } | { all: true };

/** Most rows one list call returns. */
const LIST_LIMIT_MAX = 500;

/** The in-app inbox (notifications table), trimmed to the newest NOTIFICATION_INBOX_KEEP rows. */
export class NotificationRepository {
  private readonly db: StorageDb;

  constructor(database: CodePiperDatabase) {
    this.db = database.db;
  }

  /**
   * Adds an inbox entry. Undefined when an entry for the same approval already exists (an approval is
   * announced once); not_found when the session is gone.
   */
  add(entry: NewNotification): Notification | undefined {
    let row: NotificationRow;
    try {
      row = this.db.insert(notifications).values(entry).returning().get();
    } catch (error) {
      const code = sqliteErrorCode(error);
      if (code === 'SQLITE_CONSTRAINT_UNIQUE') return undefined;
      if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') throw new CoreError('not_found', `no session with id ${entry.sessionId}`, { cause: error });
      throw error;
    }
    if (row.id > NOTIFICATION_INBOX_KEEP) this.db.delete(notifications).where(lte(notifications.id, row.id - NOTIFICATION_INBOX_KEEP)).run();
    return fromRow(row);
  }

  get(id: number): Notification | undefined {
    const row = this.db.select().from(notifications).where(eq(notifications.id, id)).get();
    return row ? fromRow(row) : undefined;
  }

  getByApproval(approvalId: string): Notification | undefined {
    const row = this.db.select().from(notifications).where(eq(notifications.approvalId, approvalId)).get();
    return row ? fromRow(row) : undefined;
  }

  /** Newest first. */
  list(options: { limit?: number; sessionId?: string; unreadOnly?: boolean } = {}): Notification[] {
    const limit = Math.min(Math.max(1, Math.floor(options.limit ?? 50)), LIST_LIMIT_MAX);
    const conditions: SQL[] = [];
    if (options.sessionId !== undefined) conditions.push(eq(notifications.sessionId, options.sessionId));
    if (options.unreadOnly) conditions.push(isNull(notifications.readAt));
    return this.db
      .select()
      .from(notifications)
      .where(conditions.length > 0 ? and(...conditions) : undefined)
      .orderBy(desc(notifications.id))
      .limit(limit)
      .all()
      .map(fromRow);
  }

  unreadCount(): number {
    return this.db.select({ n: count() }).from(notifications).where(isNull(notifications.readAt)).get()?.n ?? 0;
  }

  unreadBySession(): Record<string, number> {
    const counts: Record<string, number> = {};
    const rows = this.db
      .select({ sessionId: notifications.sessionId, n: count() })
      .from(notifications)
      .where(isNull(notifications.readAt))
      .groupBy(notifications.sessionId)
      .all();
    for (const row of rows) counts[row.sessionId] = row.n;
    return counts;
  }

  /** Marks unread entries read; returns how many changed. */
  markRead(selection: ReadSelection, at: string): number {
    const conditions: SQL[] = [isNull(notifications.readAt)];
    if ('ids' in selection) conditions.push(inArray(notifications.id, [...selection.ids]));
    else if ('sessionId' in selection) conditions.push(eq(notifications.sessionId, selection.sessionId));
    return this.db
      .update(notifications)
      .set({ readAt: at })
      .where(and(...conditions))
      .run().changes;
  }
}

function fromRow(row: NotificationRow): Notification {
  return {
    id: row.id,
    kind: row.kind as NotificationKind,
    session: row.sessionId,
    sessionName: row.sessionName,
    title: row.title,
    body: row.body,
    approvalId: row.approvalId,
    createdAt: row.createdAt,
    readAt: row.readAt,
  };
}
