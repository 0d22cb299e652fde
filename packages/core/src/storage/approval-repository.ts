import { randomBytes } from 'node:crypto';
import { and, asc, desc, eq, type SQL } from 'drizzle-orm';
import type { ApprovalStatus } from '@codepiper/protocol';
import { CoreError } from '../errors.js';
import type { CodePiperDatabase, StorageDb } from './database.js';
import { approvals, type ApprovalRow } from './schema.js';
import { sqliteErrorCode } from './sqlite-error.js';

/** A tool call held for (or decided on behalf of) the owner, as stored. */
export interface ApprovalRecord {
  id: string;
  sessionId: string;
  /** The hook event that asked: PermissionRequest or PreToolUse. */
  event: string;
  tool: string;
  /** The tool input exactly as the agent sent it. */
  input: unknown;
  summary: string;
  status: ApprovalStatus;
  createdAt: string;
  expiresAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
  reason: string | null;
}

export type NewApproval = Pick<ApprovalRecord, 'id' | 'sessionId' | 'event' | 'tool' | 'input' | 'summary' | 'createdAt' | 'expiresAt'> &
  Partial<Pick<ApprovalRecord, 'status' | 'decidedAt' | 'decidedBy' | 'reason'>>;

export interface ApprovalDecision {
  status: Exclude<ApprovalStatus, 'pending'>;
  decidedBy: string;
  reason?: string | null;
  at: string;
}

/** History lists stay small responses whatever the daemon's age. */
const RECENT_LIMIT_MAX = 500;

/** The approvals table: a row per held tool call, kept as history once decided. */
export class ApprovalRepository {
  private readonly db: StorageDb;

  constructor(database: CodePiperDatabase) {
    this.db = database.db;
  }

  /** A fresh random 8-hex id no approval uses. */
  newId(): string {
    for (;;) {
      const id = randomBytes(4).toString('hex');
      if (!this.get(id)) return id;
    }
  }

  insert(approval: NewApproval): ApprovalRecord {
    try {
      const row = this.db
        .insert(approvals)
        .values({
          id: approval.id,
          sessionId: approval.sessionId,
          event: approval.event,
          tool: approval.tool,
          input: JSON.stringify(approval.input ?? null),
          summary: approval.summary,
          status: approval.status ?? 'pending',
          createdAt: approval.createdAt,
          expiresAt: approval.expiresAt,
          decidedAt: approval.decidedAt ?? null,
          decidedBy: approval.decidedBy ?? null,
          reason: approval.reason ?? null,
        })
        .returning()
        .get();
      return recordFromRow(row);
    } catch (error) {
      if (sqliteErrorCode(error) === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
        throw new CoreError('not_found', `no session with id ${approval.sessionId}`, { cause: error });
      }
      throw error;
    }
  }

  get(id: string): ApprovalRecord | undefined {
    const row = this.db.select().from(approvals).where(eq(approvals.id, id)).get();
    return row ? recordFromRow(row) : undefined;
  }

  /**
   * Records the decision of a pending approval. Returns the decided record, or undefined when it was
   * no longer pending: the first decision wins, whoever makes it.
   */
  decide(id: string, decision: ApprovalDecision): ApprovalRecord | undefined {
    const row = this.db
      .update(approvals)
      .set({ status: decision.status, decidedBy: decision.decidedBy, decidedAt: decision.at, reason: decision.reason ?? null })
      .where(and(eq(approvals.id, id), eq(approvals.status, 'pending')))
      .returning()
      .get();
    return row ? recordFromRow(row) : undefined;
  }

  /** Pending approvals, oldest first (the order they were asked in). */
  listPending(sessionId?: string): ApprovalRecord[] {
    const conditions: SQL[] = [eq(approvals.status, 'pending')];
    if (sessionId !== undefined) conditions.push(eq(approvals.sessionId, sessionId));
    return this.db
      .select()
      .from(approvals)
      .where(and(...conditions))
      .orderBy(asc(approvals.createdAt), asc(approvals.id))
      .all()
      .map(recordFromRow);
  }

  /** Every approval, newest first, at most `limit`. */
  listRecent(options: { limit?: number; sessionId?: string } = {}): ApprovalRecord[] {
    const limit = Math.min(Math.max(1, Math.floor(options.limit ?? 100)), RECENT_LIMIT_MAX);
    const query = this.db.select().from(approvals);
    const filtered = options.sessionId !== undefined ? query.where(eq(approvals.sessionId, options.sessionId)) : query;
    return filtered
      .orderBy(desc(approvals.createdAt), desc(approvals.id))
      .limit(limit)
      .all()
      .map(recordFromRow);
  }
}

function recordFromRow(row: ApprovalRow): ApprovalRecord {
  let input: unknown;
  try {
    input = JSON.parse(row.input);
  } catch {
    // Shown as stored rather than hidden: the owner decides on what the agent asked.
    input = row.input;
  }
  return {
    id: row.id,
    sessionId: row.sessionId,
    event: row.event,
    tool: row.tool,
    input,
    summary: row.summary,
    status: row.status,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    decidedAt: row.decidedAt,
    decidedBy: row.decidedBy,
    reason: row.reason,
  };
}
