import { and, desc, eq, gte, type SQL } from 'drizzle-orm';
import type { CodePiperDatabase, StorageDb } from './database.js';
import { auditLog, type AuditRow } from './schema.js';
import { isoAt } from './sqlite-error.js';

/**
 * Who did it: the logged-in owner, the local CLI (unix socket), an API token, or nobody yet known; for
 * agent tool calls also a policy rule, the daemon itself (a timeout, a session that ended), or the
 * hook of a session.
 */
export type AuditActor = 'owner' | 'local-cli' | 'anonymous' | 'daemon' | `token:${string}` | `rule:${string}` | `hook:${string}`;

export interface AuditRecord {
  id: number;
  at: string;
  type: string;
  ip: string | null;
  actor: string;
  /** The JSON value recorded with the entry, null when there was none. */
  detail: unknown;
}

export interface AuditInput {
  type: string;
  actor: AuditActor;
  ip?: string | null;
  detail?: unknown;
}

export interface AuditQuery {
  /** Newest entries first, at most this many (default 100, at most 1000). */
  limit?: number;
  /** Only entries at or after this ISO time. */
  since?: string;
  type?: string;
}

const DEFAULT_LIMIT = 100;
/** One page of the audit log stays a small response even for a long-lived daemon. */
const MAX_LIMIT = 1000;

/** The security audit log: append-only. */
export class AuditRepository {
  private readonly db: StorageDb;

  constructor(database: CodePiperDatabase) {
    this.db = database.db;
  }

  add(entry: AuditInput, now: number): AuditRecord {
    const row = this.db
      .insert(auditLog)
      .values({
        at: isoAt(now),
        type: entry.type,
        ip: entry.ip ?? null,
        actor: entry.actor,
        detail: entry.detail === undefined || entry.detail === null ? null : (JSON.stringify(entry.detail) ?? null),
      })
      .returning()
      .get();
    return recordFromRow(row);
  }

  list(query: AuditQuery = {}): AuditRecord[] {
    const limit = Math.min(Math.max(1, Math.floor(query.limit ?? DEFAULT_LIMIT)), MAX_LIMIT);
    const conditions: SQL[] = [];
    if (query.since !== undefined) conditions.push(gte(auditLog.at, query.since));
    if (query.type !== undefined) conditions.push(eq(auditLog.type, query.type));
    return this.db
      .select()
      .from(auditLog)
      .where(and(...conditions))
      .orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(limit)
      .all()
      .map(recordFromRow);
  }
}

function recordFromRow(row: AuditRow): AuditRecord {
  let detail: unknown = null;
  if (row.detail !== null) {
    try {
      detail = JSON.parse(row.detail);
    } catch {
      // An entry is evidence: show a damaged detail as text rather than hide the entry.
      detail = row.detail;
    }
  }
  return { id: row.id, at: row.at, type: row.type, ip: row.ip, actor: row.actor, detail };
}
