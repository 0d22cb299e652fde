import type Database from 'better-sqlite3';
import type { CodePiperDatabase } from '../storage/index.js';
import type { ToolUseEntry, UsageEntry } from './line-parser.js';

export type TranscriptProvider = 'claude' | 'codex';

export interface Cursor {
  offset: number;
  state: string | null;
}

/** Everything read from one stretch of a transcript, committed together with the cursor after it. */
export interface Batch {
  path: string;
  sessionId: string | null;
  provider: TranscriptProvider;
  /** Byte offset just after the last complete line the batch covers. */
  offset: number;
  state: string | null;
  usage: readonly UsageEntry[];
  tools: readonly ToolUseEntry[];
}

export type GroupKey = 'day' | 'model' | 'session' | 'none';

export interface SumFilter {
  sessionId?: string;
  /** ISO 8601, inclusive. */
  since?: string;
}

/** Token sums of one (key, model) pair; cost is priced per model, so sums never mix models. */
export interface ModelSum {
  key: string;
  model: string;
  label: string | null;
  inputTokens: number;
  outputTokens: number;
  cacheCreationInputTokens: number;
  cacheReadInputTokens: number;
  messages: number;
}

const KEY_SQL: Record<GroupKey, string> = {
  day: 'substr(u.at, 1, 10)',
  model: 'u.model',
  session: "coalesce(u.session_id, '')",
  none: "''",
};

/**
 * SQL for token usage: the rows read from transcripts with their cursors (one transaction per batch),
 * and the sums reports are made of. Prepared statements on the raw connection: ingestion writes
 * thousands of rows per second and drizzle's per-call query building would dominate.
 */
export class UsageStore {
  private readonly sqlite: Database.Database;
  private readonly insertUsage: Database.Statement;
  private readonly raiseUsage: Database.Statement;
  private readonly insertTool: Database.Statement;
  private readonly upsertCursor: Database.Statement;
  private readonly selectCursor: Database.Statement;
  private readonly selectSession: Database.Statement;

  constructor(database: CodePiperDatabase) {
    this.sqlite = database.sqlite;
    this.insertUsage = this.sqlite.prepare(
      `INSERT OR IGNORE INTO usage_messages
         (session_id, provider, model, message_id, request_id, at, input_tokens, output_tokens, cache_creation_input_tokens, cache_read_input_tokens)
       VALUES (@sessionId, @provider, @model, @messageId, @requestId, @at, @inputTokens, @outputTokens, @cacheCreationInputTokens, @cacheReadInputTokens)`,
    );
    // A message written over several lines may carry growing counts (the stream's usage so far): keep
    // the largest of each, which re-reading cannot change.
    this.raiseUsage = this.sqlite.prepare(
      `UPDATE usage_messages SET
         input_tokens = max(input_tokens, @inputTokens),
         output_tokens = max(output_tokens, @outputTokens),
         cache_creation_input_tokens = max(cache_creation_input_tokens, @cacheCreationInputTokens),
         cache_read_input_tokens = max(cache_read_input_tokens, @cacheReadInputTokens)
       WHERE provider = @provider AND message_id = @messageId AND request_id = @requestId
         AND (input_tokens < @inputTokens OR output_tokens < @outputTokens
           OR cache_creation_input_tokens < @cacheCreationInputTokens OR cache_read_input_tokens < @cacheReadInputTokens)`,
    );
    this.insertTool = this.sqlite.prepare('INSERT OR IGNORE INTO tool_uses (id, session_id, provider, tool, at) VALUES (?, ?, ?, ?, ?)');
    this.upsertCursor = this.sqlite.prepare(
      `INSERT INTO transcript_cursors (path, session_id, provider, offset, state, updated_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (path) DO UPDATE SET session_id = coalesce(excluded.session_id, session_id), provider = excluded.provider,
         offset = excluded.offset, state = excluded.state, updated_at = excluded.updated_at`,
    );
    this.selectCursor = this.sqlite.prepare('SELECT offset, state FROM transcript_cursors WHERE path = ?');
    this.selectSession = this.sqlite.prepare('SELECT 1 FROM sessions WHERE id = ?');
  }

  cursor(path: string): Cursor {
    const row = this.selectCursor.get(path) as { offset: number; state: string | null } | undefined;
    return row ? { offset: row.offset, state: row.state } : { offset: 0, state: null };
  }

  sessionExists(id: string): boolean {
    return this.selectSession.get(id) !== undefined;
  }

  /** Stores a batch and its cursor atomically; returns how many messages were new. */
  commit(batch: Batch): number {
    return this.sqlite.transaction(() => {
      let added = 0;
      for (const entry of batch.usage) {
        const row = { ...entry, sessionId: batch.sessionId, provider: batch.provider };
        if (this.insertUsage.run(row).changes === 1) added++;
        else this.raiseUsage.run(row);
      }
      for (const tool of batch.tools) this.insertTool.run(tool.id, batch.sessionId, batch.provider, tool.tool, tool.at);
      this.upsertCursor.run(batch.path, batch.sessionId, batch.provider, batch.offset, batch.state, new Date().toISOString());
      return added;
    })();
  }

  /** Token sums per (key, model); session keys come with the session's name as label. */
  sums(by: GroupKey, filter: SumFilter): ModelSum[] {
    const { where, params } = whereClause(filter);
    const label = by === 'session' ? 's.name' : 'NULL';
    const join = by === 'session' ? 'LEFT JOIN sessions s ON s.id = u.session_id' : '';
    const sql = `SELECT ${KEY_SQL[by]} AS key, u.model AS model, ${label} AS label,
        sum(u.input_tokens) AS inputTokens, sum(u.output_tokens) AS outputTokens,
        sum(u.cache_creation_input_tokens) AS cacheCreationInputTokens, sum(u.cache_read_input_tokens) AS cacheReadInputTokens,
        count(*) AS messages
      FROM usage_messages u ${join} ${where} GROUP BY 1, 2`;
    return this.sqlite.prepare(sql).all(params) as ModelSum[];
  }

  /** Tool calls per tool, most used first. */
  toolCounts(filter: SumFilter, limit: number): Array<{ tool: string; count: number }> {
    const { where, params } = whereClause(filter);
    const sql = `SELECT u.tool AS tool, count(*) AS count FROM tool_uses u ${where} GROUP BY u.tool ORDER BY count DESC, u.tool LIMIT @limit`;
    return this.sqlite.prepare(sql).all({ ...params, limit }) as Array<{ tool: string; count: number }>;
  }
}

function whereClause(filter: SumFilter): { where: string; params: Record<string, string> } {
  const conditions: string[] = [];
  const params: Record<string, string> = {};
  if (filter.sessionId !== undefined) {
    conditions.push('u.session_id = @sessionId');
    params.sessionId = filter.sessionId;
  }
  if (filter.since !== undefined) {
    conditions.push('u.at >= @since');
    params.since = filter.since;
  }
  return { where: conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '', params };
}
