import { eq } from 'drizzle-orm';
import type { NotificationKind, NotificationSettings, SessionNotificationOverrides } from '@codepiper/protocol';
import { CoreError } from '../errors.js';
import type { CodePiperDatabase, StorageDb } from './database.js';
import { notificationSettings, type NotificationSettingsRow } from './schema.js';
import { sqliteErrorCode } from './sqlite-error.js';

/**
 * Until the owner says otherwise every event is pushed: subscribing a device is already the opt-in,
 * and a device showing the session in a visible tab is spared (the owner is looking at it).
 */
export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = Object.freeze({
  complete: true,
  crashed: true,
  approval: true,
  pushWhileViewing: false,
});

const GLOBAL_ID = 'global';
const NO_OVERRIDES: SessionNotificationOverrides = Object.freeze({ complete: null, crashed: null, approval: null });

/** The notification_settings table: the `global` row and one row per session with overrides. */
export class NotificationSettingsRepository {
  private readonly db: StorageDb;

  constructor(database: CodePiperDatabase) {
    this.db = database.db;
  }

  global(): NotificationSettings {
    const row = this.row(GLOBAL_ID);
    return {
      complete: row?.complete ?? DEFAULT_NOTIFICATION_SETTINGS.complete,
      crashed: row?.crashed ?? DEFAULT_NOTIFICATION_SETTINGS.crashed,
      approval: row?.approval ?? DEFAULT_NOTIFICATION_SETTINGS.approval,
      pushWhileViewing: row?.pushWhileViewing ?? DEFAULT_NOTIFICATION_SETTINGS.pushWhileViewing,
    };
  }

  /** Fields left out keep their value. */
  updateGlobal(patch: Partial<NotificationSettings>, at: string): NotificationSettings {
    const next = { ...this.global(), ...definedOnly(patch) };
    this.db
      .insert(notificationSettings)
      .values({ id: GLOBAL_ID, sessionId: null, ...next, updatedAt: at })
      .onConflictDoUpdate({ target: notificationSettings.id, set: { ...next, updatedAt: at } })
      .run();
    return next;
  }

  overrides(sessionId: string): SessionNotificationOverrides {
    const row = this.row(sessionId);
    return row ? { complete: row.complete, crashed: row.crashed, approval: row.approval } : { ...NO_OVERRIDES };
  }

  /** Fields left out keep their value, null inherits; a session with no override left has no row. */
  updateOverrides(sessionId: string, patch: Partial<SessionNotificationOverrides>, at: string): SessionNotificationOverrides {
    const next = { ...this.overrides(sessionId), ...definedOnly(patch) };
    if (next.complete === null && next.crashed === null && next.approval === null) {
      this.db.delete(notificationSettings).where(eq(notificationSettings.id, sessionId)).run();
      return next;
    }
    try {
      this.db
        .insert(notificationSettings)
        .values({ id: sessionId, sessionId, ...next, updatedAt: at })
        .onConflictDoUpdate({ target: notificationSettings.id, set: { ...next, updatedAt: at } })
        .run();
    } catch (error) {
      if (sqliteErrorCode(error) === 'SQLITE_CONSTRAINT_FOREIGNKEY') throw new CoreError('not_found', `no session with id ${sessionId}`, { cause: error });
      throw error;
    }
    return next;
  }

  /** Whether `kind` is pushed for the session: its override, else the global default. */
  enabled(sessionId: string, kind: NotificationKind): boolean {
    return this.overrides(sessionId)[kind] ?? this.global()[kind];
  }

  private row(id: string): NotificationSettingsRow | undefined {
    return this.db.select().from(notificationSettings).where(eq(notificationSettings.id, id)).get();
  }
}

function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<T>;
}
