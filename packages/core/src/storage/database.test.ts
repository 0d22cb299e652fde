import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CoreError } from '../errors.js';
import { openDatabase, type CodePiperDatabase } from './database.js';
import { SessionRepository } from './session-repository.js';

let dir: string;
let file: string;
const opened: CodePiperDatabase[] = [];

function open(): CodePiperDatabase {
  const database = openDatabase(file);
  opened.push(database);
  return database;
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

function tableNames(database: CodePiperDatabase): string[] {
  const rows = database.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>;
  return rows.map((r) => r.name);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'codepiper-db-'));
  file = join(dir, 'codepiper.db');
});

afterEach(() => {
  for (const database of opened.splice(0)) database.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('openDatabase', () => {
  it('creates the schema on a fresh file', () => {
    const database = open();
    expect(tableNames(database)).toEqual(expect.arrayContaining(['meta', 'session_events', 'sessions', '__drizzle_migrations']));
    const applied = database.sqlite.prepare('SELECT COUNT(*) AS n FROM __drizzle_migrations').get() as { n: number };
    expect(applied.n).toBeGreaterThan(0);
  });

  it('re-opens an existing file without applying migrations twice', () => {
    const first = open();
    const countMigrations = (d: CodePiperDatabase) => (d.sqlite.prepare('SELECT COUNT(*) AS n FROM __drizzle_migrations').get() as { n: number }).n;
    const before = countMigrations(first);
    first.close();
    const second = open();
    expect(countMigrations(second)).toBe(before);
  });

  it('keeps sessions and events across a close and re-open', () => {
    const first = open();
    new SessionRepository(first).insert(
      { id: 'abcdef01', name: 'kept', command: ['bash', '-l'], cwd: '/tmp', cols: 80, rows: 24 },
      { type: 'created', data: { pid: 42 } },
    );
    first.close();
    const repo = new SessionRepository(open());
    expect(repo.get('abcdef01')).toMatchObject({ name: 'kept', command: ['bash', '-l'], cols: 80, rows: 24, status: 'running' });
    expect(repo.listEvents('abcdef01').map((e) => [e.type, e.data])).toEqual([['created', { pid: 42 }]]);
  });

  it('turns on WAL, FULL sync, foreign keys and a busy timeout', () => {
    const { sqlite } = open();
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(sqlite.pragma('synchronous', { simple: true })).toBe(2);
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(sqlite.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
  });

  it('creates the database and its WAL file readable by the owner only', () => {
    const database = open();
    new SessionRepository(database).insert({ id: '00000001', name: 'w', command: ['sh'], cwd: '/', cols: 80, rows: 24 });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(`${file}-wal`).mode & 0o777).toBe(0o600);
  });

  it('tightens an existing file that others could read', () => {
    open().close();
    chmodSync(file, 0o644);
    open();
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('refuses a database migrated by a newer version', () => {
    const first = open();
    first.sqlite.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)').run('future', Date.now() + 10 * 365 * 86_400_000);
    first.close();
    const error = thrown(() => open());
    expect(error).toBeInstanceOf(CoreError);
    expect((error as CoreError).code).toBe('internal');
    expect((error as CoreError).message).toMatch(/newer CodePiper/);
  });

  it('reports a file that is not a database as an internal CoreError', () => {
    writeFileSync(file, 'this is not sqlite, just long enough to look like a header of some sort'.repeat(10));
    const error = thrown(() => open());
    expect(error).toBeInstanceOf(CoreError);
    expect((error as CoreError).code).toBe('internal');
  });

  it('reports a missing parent folder as an internal CoreError', () => {
    file = join(dir, 'missing', 'codepiper.db');
    const error = thrown(() => open());
    expect((error as CoreError).code).toBe('internal');
  });

  it('can be closed twice', () => {
    const database = open();
    database.close();
    expect(() => database.close()).not.toThrow();
    expect(database.sqlite.open).toBe(false);
  });
});

describe('CodePiperDatabase.integrityCheck', () => {
  it('reports a healthy database as ok', () => {
    expect(open().integrityCheck()).toEqual({ ok: true, problems: [] });
  });

  it('reports an event whose session is missing', () => {
    const { sqlite, integrityCheck } = open();
    sqlite.pragma('foreign_keys = OFF');
    sqlite.prepare("INSERT INTO session_events (session_id, at, type) VALUES ('deadbeef', '2024-01-01T00:00:00.000Z', 'created')").run();
    const report = integrityCheck();
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.stringMatching(/session_events row \d+ references a missing sessions row/)]);
  });
});
