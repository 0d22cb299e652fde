import { randomBytes } from 'node:crypto';
import { and, asc, eq, gt, isNull, lt, ne } from 'drizzle-orm';
import { LAST_SEEN_WRITE_INTERVAL_MS } from '../auth/constants.js';
import { CoreError } from '../errors.js';
import type { CodePiperDatabase, StorageDb } from './database.js';
import { logins, type LoginRow } from './schema.js';
import { isoAt, sqliteErrorCode } from './sqlite-error.js';

/** A browser login as stored (its token hash stays inside the repository). */
export interface LoginRecord {
  /** 8 hex digits, shown to the owner to tell logins apart. */
  id: string;
  createdAt: string;
  lastSeenAt: string;
  /** The absolute end, whatever the activity. */
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
  revokedAt: string | null;
  revokedReason: string | null;
}

export interface NewLogin {
  id: string;
  tokenHash: string;
  ip: string | null;
  userAgent: string | null;
  /** Absolute expiry, epoch milliseconds. */
  expiresAt: number;
}

/** When a login counts as active: not revoked, before its absolute expiry, used within the idle timeout. */
export interface LoginActivity {
  now: number;
  idleTimeoutMs: number;
}

export class LoginRepository {
  private readonly db: StorageDb;

  constructor(private readonly database: CodePiperDatabase) {
    this.db = database.db;
  }

  /** Runs `fn` atomically; nested calls become savepoints. `fn` must be synchronous. */
  transaction<T>(fn: () => T): T {
    return this.database.sqlite.transaction(fn)();
  }

  /** A fresh random 8-hex id not used by any login, revoked ones included. */
  newId(): string {
    for (;;) {
      const id = randomBytes(4).toString('hex');
      if (!this.get(id)) return id;
    }
  }

  create(login: NewLogin, now: number): LoginRecord {
    const at = isoAt(now);
    try {
      const row = this.db
        .insert(logins)
        .values({
          id: login.id,
          tokenHash: login.tokenHash,
          createdAt: at,
          lastSeenAt: at,
          expiresAt: isoAt(login.expiresAt),
          ip: login.ip,
          userAgent: login.userAgent,
        })
        .returning()
        .get();
      return recordFromRow(row);
    } catch (error) {
      const code = sqliteErrorCode(error);
      if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
        throw new CoreError('conflict', `login ${login.id} clashes with an existing login`, { cause: error });
      }
      throw error;
    }
  }

  /** Any login by id, revoked and expired ones included. */
  get(id: string): LoginRecord | undefined {
    const row = this.db.select().from(logins).where(eq(logins.id, id)).get();
    return row ? recordFromRow(row) : undefined;
  }

  /** The login a cookie's token belongs to, if that login is still active. */
  findActiveByTokenHash(tokenHash: string, activity: LoginActivity): LoginRecord | undefined {
    const row = this.db
      .select()
      .from(logins)
      .where(and(eq(logins.tokenHash, tokenHash), ...activeConditions(activity)))
      .get();
    return row ? recordFromRow(row) : undefined;
  }

  /**
   * Records activity. The write is skipped while the stored time is less than `minIntervalMs` old, so
   * a busy browser does not cost a synchronous commit per request. True when it wrote.
   */
  touch(id: string, now: number, minIntervalMs: number = LAST_SEEN_WRITE_INTERVAL_MS): boolean {
    const result = this.db
      .update(logins)
      .set({ lastSeenAt: isoAt(now) })
      .where(and(eq(logins.id, id), lt(logins.lastSeenAt, isoAt(now - minIntervalMs))))
      .run();
    return result.changes > 0;
  }

  /** Active logins, oldest first. */
  listActive(activity: LoginActivity): LoginRecord[] {
    return this.db
      .select()
      .from(logins)
      .where(and(...activeConditions(activity)))
      .orderBy(asc(logins.createdAt), asc(logins.id))
      .all()
      .map(recordFromRow);
  }

  /** Ends a login; false when it was already revoked or does not exist. */
  revoke(id: string, reason: string, now: number): boolean {
    const result = this.db
      .update(logins)
      .set({ revokedAt: isoAt(now), revokedReason: reason })
      .where(and(eq(logins.id, id), isNull(logins.revokedAt)))
      .run();
    return result.changes > 0;
  }

  /** Ends every unrevoked, unexpired login except `exceptId`; returns the ids it ended. */
  revokeAll(options: { reason: string; now: number; exceptId?: string }): string[] {
    const conditions = [isNull(logins.revokedAt), gt(logins.expiresAt, isoAt(options.now))];
    if (options.exceptId !== undefined) conditions.push(ne(logins.id, options.exceptId));
    return this.db
      .update(logins)
      .set({ revokedAt: isoAt(options.now), revokedReason: options.reason })
      .where(and(...conditions))
      .returning({ id: logins.id })
      .all()
      .map((r) => r.id)
      .sort();
  }
}

function activeConditions(activity: LoginActivity) {
  return [
    isNull(logins.revokedAt),
    gt(logins.expiresAt, isoAt(activity.now)),
    gt(logins.lastSeenAt, isoAt(activity.now - activity.idleTimeoutMs)),
  ];
}

function recordFromRow(row: LoginRow): LoginRecord {
  return {
    id: row.id,
    createdAt: row.createdAt,
    lastSeenAt: row.lastSeenAt,
    expiresAt: row.expiresAt,
    ip: row.ip,
    userAgent: row.userAgent,
    revokedAt: row.revokedAt,
    revokedReason: row.revokedReason,
  };
}
