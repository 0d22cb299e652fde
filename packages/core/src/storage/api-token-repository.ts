import { randomBytes } from 'node:crypto';
import { and, asc, eq, isNull, lt, or } from 'drizzle-orm';
import { LAST_SEEN_WRITE_INTERVAL_MS } from '../auth/constants.js';
import { CoreError } from '../errors.js';
import type { CodePiperDatabase, StorageDb } from './database.js';
import { apiTokens, type ApiTokenRow } from './schema.js';
import { isoAt, sqliteErrorCode } from './sqlite-error.js';

/** An API token as stored (its hash stays inside the repository). */
export interface ApiTokenRecord {
  id: string;
  name: string;
  readOnly: boolean;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface NewApiToken {
  id: string;
  name: string;
  tokenHash: string;
  readOnly: boolean;
}

export class ApiTokenRepository {
  private readonly db: StorageDb;

  constructor(private readonly database: CodePiperDatabase) {
    this.db = database.db;
  }

  /** Runs `fn` atomically; nested calls become savepoints. `fn` must be synchronous. */
  transaction<T>(fn: () => T): T {
    return this.database.sqlite.transaction(fn)();
  }

  /** A fresh random 8-hex id used by no token, revoked ones included. */
  newId(): string {
    for (;;) {
      const id = randomBytes(4).toString('hex');
      if (!this.get(id)) return id;
    }
  }

  /** Stores a token; `conflict` when an unrevoked token already has the name. */
  create(token: NewApiToken, now: number): ApiTokenRecord {
    try {
      const row = this.db
        .insert(apiTokens)
        .values({ id: token.id, name: token.name, tokenHash: token.tokenHash, readOnly: token.readOnly, createdAt: isoAt(now) })
        .returning()
        .get();
      return recordFromRow(row);
    } catch (error) {
      const code = sqliteErrorCode(error);
      if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
        throw new CoreError('conflict', `a token named "${token.name}" already exists`, { cause: error });
      }
      throw error;
    }
  }

  /** Any token by id, revoked ones included. */
  get(id: string): ApiTokenRecord | undefined {
    const row = this.db.select().from(apiTokens).where(eq(apiTokens.id, id)).get();
    return row ? recordFromRow(row) : undefined;
  }

  /** The unrevoked token with this id or, failing that, this name. */
  findActiveByIdOrName(ref: string): ApiTokenRecord | undefined {
    const rows = this.db
      .select()
      .from(apiTokens)
      .where(and(isNull(apiTokens.revokedAt), or(eq(apiTokens.id, ref), eq(apiTokens.name, ref))))
      .all();
    // An id match wins: ids are what the CLI prints, names are a convenience.
    const row = rows.find((r) => r.id === ref) ?? rows[0];
    return row ? recordFromRow(row) : undefined;
  }

  findActiveByTokenHash(tokenHash: string): ApiTokenRecord | undefined {
    const row = this.db
      .select()
      .from(apiTokens)
      .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)))
      .get();
    return row ? recordFromRow(row) : undefined;
  }

  /** Records use, at most once per `minIntervalMs` (a script may call many times a second). True when it wrote. */
  touch(id: string, now: number, minIntervalMs: number = LAST_SEEN_WRITE_INTERVAL_MS): boolean {
    const result = this.db
      .update(apiTokens)
      .set({ lastUsedAt: isoAt(now) })
      .where(and(eq(apiTokens.id, id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, isoAt(now - minIntervalMs)))))
      .run();
    return result.changes > 0;
  }

  /** Unrevoked tokens (or all with `includeRevoked`), oldest first. */
  list(options: { includeRevoked?: boolean } = {}): ApiTokenRecord[] {
    const query = this.db.select().from(apiTokens);
    const filtered = options.includeRevoked ? query : query.where(isNull(apiTokens.revokedAt));
    return filtered
      .orderBy(asc(apiTokens.createdAt), asc(apiTokens.id))
      .all()
      .map(recordFromRow);
  }

  /** Revokes a token; false when it was already revoked or does not exist. */
  revoke(id: string, now: number): boolean {
    const result = this.db
      .update(apiTokens)
      .set({ revokedAt: isoAt(now) })
      .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
      .run();
    return result.changes > 0;
  }
}

function recordFromRow(row: ApiTokenRow): ApiTokenRecord {
  return {
    id: row.id,
    name: row.name,
    readOnly: row.readOnly,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
  };
}
