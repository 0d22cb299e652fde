import { randomBytes } from 'node:crypto';
import { and, asc, eq, getTableColumns, gte, like, lt, sql, type Placeholder } from 'drizzle-orm';
import type { SQLiteInsertValue, SQLiteUpdateSetSource } from 'drizzle-orm/sqlite-core';
import { SessionNameSchema } from '@codepiper/protocol';
import { CoreError } from '../errors.js';
import type { CodePiperDatabase, StorageDb } from './database.js';
import { sessionEvents, sessions, type SessionInsertRow } from './schema.js';
import {
  eventDataToText,
  eventFromRow,
  recordFromRow,
  rowFromNewRecord,
  type NewSessionRecord,
  type SessionEvent,
  type SessionEventInput,
  type SessionEventType,
  type SessionPatch,
  type SessionRecord,
} from './session-record.js';

const ID_PATTERN = /^[0-9a-f]{8}$/;
const ID_PREFIX_PATTERN = /^[0-9a-f]{1,8}$/;
/** An ambiguity message names this many ids at most; the rest are elided. */
const AMBIGUOUS_LIST_MAX = 10;

const PATCHABLE: ReadonlyArray<keyof SessionPatch> = [
  'name',
  'cols',
  'rows',
  'status',
  'pid',
  'exitCode',
  'signal',
  'endedAt',
  'lastActivityAt',
  'outputBytes',
  'provider',
  'providerSessionId',
  'model',
  'agentState',
  'agentStateReason',
  'agentStateAt',
  'hookSecretHash',
  'transcriptPath',
  'stopRequested',
];

/**
 * Sessions and their lifecycle events. Every method is synchronous (better-sqlite3); a method that
 * writes more than one row does so in one transaction, and `transaction()` lets a caller group several.
 */
export class SessionRepository {
  private readonly db: StorageDb;
  /**
   * The lookups every request makes (a ref is resolved by id, then by name; a create checks both
   * several times), prepared once: building a drizzle query and preparing its SQLite statement anew
   * cost ~0.3 ms each, most of a session create's CPU (see BENCHMARKS.md, session create).
   */
  private readonly byId;
  private readonly byName;
  /** list() answers every dashboard load and `codepiper sessions`; building it anew cost ~1 ms of 2 for 200 rows. */
  private readonly running;
  private readonly everything;
  private readonly namesInRange;
  /** The writes of a create, prepared once for the same reason; an update per set of columns it sets. */
  private readonly insertRow;
  private readonly insertEvent;
  private readonly updates = new Map<string, ReturnType<typeof prepareUpdate>>();

  constructor(private readonly database: CodePiperDatabase) {
    this.db = database.db;
    this.byId = this.db.select().from(sessions).where(eq(sessions.id, sql.placeholder('id'))).prepare();
    this.byName = this.db.select().from(sessions).where(eq(sessions.name, sql.placeholder('name'))).prepare();
    // rowid breaks ties between sessions created in the same millisecond, in insertion order.
    const oldestFirst = [asc(sessions.createdAt), asc(sql`rowid`)];
    this.running = this.db.select().from(sessions).where(eq(sessions.status, 'running')).orderBy(...oldestFirst).prepare();
    this.everything = this.db.select().from(sessions).orderBy(...oldestFirst).prepare();
    this.namesInRange = this.db
      .select({ name: sessions.name })
      .from(sessions)
      .where(and(gte(sessions.name, sql.placeholder('from')), lt(sessions.name, sql.placeholder('to'))))
      .prepare();
    this.insertRow = this.db
      .insert(sessions)
      .values(placeholders(Object.keys(getTableColumns(sessions))) as SQLiteInsertValue<typeof sessions>)
      .prepare();
    this.insertEvent = this.db
      .insert(sessionEvents)
      .values(placeholders(['sessionId', 'at', 'type', 'data']) as SQLiteInsertValue<typeof sessionEvents>)
      .returning()
      .prepare();
  }

  /** Runs `fn` atomically; nested calls become savepoints. `fn` must be synchronous. */
  transaction<T>(fn: () => T): T {
    return this.database.sqlite.transaction(fn)();
  }

  /** A fresh random id that is neither an id nor a name in use, so lookups stay unambiguous. */
  newId(): string {
    for (;;) {
      const id = randomBytes(4).toString('hex');
      if (!this.get(id) && !this.getByName(id)) return id;
    }
  }

  /** Stores a new session (and `event` with it, atomically). */
  insert(record: NewSessionRecord, event?: SessionEventInput): SessionRecord {
    if (!ID_PATTERN.test(record.id)) throw new CoreError('bad_request', `invalid session id "${record.id}"`);
    assertValidName(record.name);
    if (record.command.length === 0) throw new CoreError('bad_request', 'command needs at least the program to run');
    const row = rowFromNewRecord(record, new Date().toISOString());
    return this.transaction(() => {
      if (this.get(record.id)) throw new CoreError('conflict', `a session with id ${record.id} already exists`);
      const holder = this.getByName(record.id);
      if (holder) throw new CoreError('conflict', `id ${record.id} is the name of session ${holder.id}`);
      this.assertNameFree(record.name, record.id);
      // rowFromNewRecord names every column, so each placeholder has its value.
      this.write(record.id, () => this.insertRow.run(row));
      if (event) this.addEvent(record.id, event.type, event.data);
      return this.require(record.id);
    });
  }

  /** Changes the given fields (and records `event`, atomically); throws not_found for an unknown id. */
  update(id: string, patch: SessionPatch, event?: SessionEventInput): SessionRecord {
    if (patch.name !== undefined) assertValidName(patch.name);
    const values: Partial<SessionInsertRow> = {};
    for (const key of PATCHABLE) {
      if (patch[key] !== undefined) Object.assign(values, { [key]: patch[key] });
    }
    return this.transaction(() => {
      const current = this.require(id);
      if (patch.name !== undefined && patch.name !== current.name) this.assertNameFree(patch.name, id);
      const columns = Object.keys(values);
      if (columns.length > 0) this.write(id, () => this.updateStatement(columns).run({ ...values, id }));
      if (event) this.addEvent(id, event.type, event.data);
      return this.require(id);
    });
  }

  /**
   * update() without waiting for the disk: the commit is in the WAL (a crash of the process cannot lose
   * it) but is fsynced only with the next commit (a power loss before then may drop it). For facts that
   * follow a durable commit at once and can be had again: a new session's pid (the pty host reports it
   * after any restart), recorded once the host has forked. Saves a create one fsync (~3–4 ms here).
   */
  updateLazily(id: string, patch: SessionPatch, event?: SessionEventInput): SessionRecord {
    const sqlite = this.database.sqlite;
    const mode = sqlite.pragma('synchronous', { simple: true }) as number;
    sqlite.pragma('synchronous = NORMAL');
    try {
      return this.update(id, patch, event);
    } finally {
      sqlite.pragma(`synchronous = ${mode}`);
    }
  }

  get(id: string): SessionRecord | undefined {
    const row = this.byId.get({ id });
    return row ? recordFromRow(row) : undefined;
  }

  getByName(name: string): SessionRecord | undefined {
    const row = this.byName.get({ name });
    return row ? recordFromRow(row) : undefined;
  }

  /** The session whose hooks present the secret with this SHA-256 (hex); the column is unique. */
  getByHookSecretHash(hash: string): SessionRecord | undefined {
    const row = this.db.select().from(sessions).where(eq(sessions.hookSecretHash, hash)).get();
    return row ? recordFromRow(row) : undefined;
  }

  /** Running sessions, or every session with `all`, oldest first. */
  list(options: { all?: boolean } = {}): SessionRecord[] {
    return (options.all ? this.everything : this.running).all().map(recordFromRow);
  }

  /**
   * The names in use that are `base` or start with `base-`, in one index range scan: finding a free
   * `base-N` by asking for each N in turn cost one query per session already named so.
   */
  namesDerivedFrom(base: string): Set<string> {
    // Every such name sorts in [base, base + '.'): '-' is the character just before '.'.
    const rows = this.namesInRange.all({ from: base, to: `${base}.` });
    return new Set(rows.map((row) => row.name));
  }

  /** Sessions whose id starts with `prefix` (hex, case-insensitive), ordered by id; [] for a non-hex prefix. */
  findByIdPrefix(prefix: string): SessionRecord[] {
    const normalized = prefix.toLowerCase();
    // The pattern also keeps LIKE's wildcards (% and _) out of the query.
    if (!ID_PREFIX_PATTERN.test(normalized)) return [];
    return this.db
      .select()
      .from(sessions)
      .where(like(sessions.id, `${normalized}%`))
      .orderBy(asc(sessions.id))
      .all()
      .map(recordFromRow);
  }

  /**
   * What a user means by `ref`: the session with that exact id, else with that exact name, else the
   * only session whose id starts with it.
   */
  resolveRef(ref: string): SessionRecord {
    const byId = this.get(ref);
    if (byId) return byId;
    const byName = this.getByName(ref);
    if (byName) return byName;
    const matches = this.findByIdPrefix(ref);
    if (matches.length === 1) return matches[0]!;
    if (matches.length > 1) {
      const ids = matches.slice(0, AMBIGUOUS_LIST_MAX).map((m) => m.id);
      const more = matches.length > AMBIGUOUS_LIST_MAX ? ', …' : '';
      throw new CoreError('ambiguous', `"${ref}" matches ${matches.length} sessions: ${ids.join(', ')}${more}`);
    }
    throw new CoreError('not_found', `no session matches "${ref}"`);
  }

  /** Deletes a session and, by cascade, its events. */
  remove(id: string): void {
    const result = this.db.delete(sessions).where(eq(sessions.id, id)).run();
    if (result.changes === 0) throw new CoreError('not_found', `no session with id ${id}`);
  }

  addEvent(id: string, type: SessionEventType, data?: unknown): SessionEvent {
    const row = this.write(id, () => this.insertEvent.get({ sessionId: id, at: new Date().toISOString(), type, data: eventDataToText(data) }));
    return eventFromRow(row!);
  }

  /** A session's events, oldest first; [] for an unknown id. */
  listEvents(id: string): SessionEvent[] {
    return this.db
      .select()
      .from(sessionEvents)
      .where(eq(sessionEvents.sessionId, id))
      .orderBy(asc(sessionEvents.id))
      .all()
      .map(eventFromRow);
  }

  /**
   * The update setting exactly `columns` (in PATCHABLE order). The sets are the few combinations the
   * daemon's code writes, not anything a client chooses, so the cache stays small.
   */
  private updateStatement(columns: string[]): ReturnType<typeof prepareUpdate> {
    const key = columns.join(',');
    let statement = this.updates.get(key);
    if (!statement) {
      statement = prepareUpdate(this.db, columns);
      this.updates.set(key, statement);
    }
    return statement;
  }

  private require(id: string): SessionRecord {
    const record = this.get(id);
    if (!record) throw new CoreError('not_found', `no session with id ${id}`);
    return record;
  }

  /** Names are looked up before id prefixes but after exact ids, so a name must not be another session's id. */
  private assertNameFree(name: string, ownId: string): void {
    const holder = this.getByName(name);
    if (holder && holder.id !== ownId) throw new CoreError('conflict', `a session named "${name}" already exists`);
    if (name !== ownId && ID_PATTERN.test(name) && this.get(name)) {
      throw new CoreError('conflict', `"${name}" is the id of another session`);
    }
  }

  /** Runs a write, turning constraint failures into the error a caller can act on. */
  private write<T>(id: string, run: () => T): T {
    try {
      return run();
    } catch (error) {
      const code = sqliteCode(error);
      if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') throw new CoreError('not_found', `no session with id ${id}`, { cause: error });
      if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
        throw new CoreError('conflict', `session ${id} clashes with the id or name of another session`, { cause: error });
      }
      if (code === 'SQLITE_CONSTRAINT_CHECK' || code === 'SQLITE_CONSTRAINT_NOTNULL') {
        throw new CoreError('bad_request', `invalid data for session ${id}`, { cause: error });
      }
      throw error;
    }
  }
}

function placeholders(names: readonly string[]): Record<string, Placeholder> {
  return Object.fromEntries(names.map((name) => [name, sql.placeholder(name)]));
}

/** `id` is not patchable, so it cannot clash with a column's placeholder. */
function prepareUpdate(db: StorageDb, columns: readonly string[]) {
  return db
    .update(sessions)
    .set(placeholders(columns) as SQLiteUpdateSetSource<typeof sessions>)
    .where(eq(sessions.id, sql.placeholder('id')))
    .prepare();
}

function assertValidName(name: string): void {
  const parsed = SessionNameSchema.safeParse(name);
  if (!parsed.success) throw new CoreError('bad_request', parsed.error.issues[0]?.message ?? 'invalid session name');
}

/** drizzle wraps driver errors; the SQLite result code is on the innermost cause. */
function sqliteCode(error: unknown): string | undefined {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_')) return code;
  }
  return undefined;
}

