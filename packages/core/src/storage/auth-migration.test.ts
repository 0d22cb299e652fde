import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER, openDatabase } from './database.js';
import { OwnerRepository } from './owner-repository.js';
import { SessionRepository } from './session-repository.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'codepiper-migrate-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A copy of the migrations folder holding only the first migration, as the previous release shipped it. */
function initOnlyMigrations(): string {
  const folder = join(dir, 'drizzle-0000');
  mkdirSync(join(folder, 'meta'), { recursive: true });
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as { entries: Array<{ tag: string }> };
  const first = journal.entries[0]!;
  expect(first.tag).toBe('0000_init');
  writeFileSync(join(folder, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: [first] }));
  copyFileSync(join(MIGRATIONS_FOLDER, `${first.tag}.sql`), join(folder, `${first.tag}.sql`));
  return folder;
}

function tables(sqlite: Database.Database): string[] {
  return (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>).map((r) => r.name);
}

describe('the auth migration', () => {
  it('upgrades a database created at 0000_init, keeping its sessions', () => {
    const file = join(dir, 'codepiper.db');
    const old = new Database(file);
    migrate(drizzle({ client: old }), { migrationsFolder: initOnlyMigrations() });
    expect(tables(old)).not.toContain('owner');
    old
      .prepare(
        "INSERT INTO sessions (id, name, command, cwd, cols, rows, status, created_at) VALUES ('a1b2c3d4', 'kept', '[\"sh\"]', '/', 80, 24, 'running', '2026-01-01T00:00:00.000Z')",
      )
      .run();
    old.close();

    const database = openDatabase(file);
    try {
      expect(tables(database.sqlite)).toEqual(expect.arrayContaining(['owner', 'recovery_codes', 'logins', 'api_tokens', 'audit_log', 'sessions']));
      const applied = database.sqlite.prepare('SELECT COUNT(*) AS n FROM __drizzle_migrations').get() as { n: number };
      // Every migration up to the latest ran on the old file.
      expect(applied.n).toBeGreaterThanOrEqual(2);
      expect(new SessionRepository(database).get('a1b2c3d4')?.name).toBe('kept');
      expect(new OwnerRepository(database).get()).toBeUndefined();
      expect(database.integrityCheck().ok).toBe(true);
    } finally {
      database.close();
    }
  });

  it('indexes the audit log by time and keeps token hashes unique', () => {
    const database = openDatabase(join(dir, 'codepiper.db'));
    try {
      const indexes = (database.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").all() as Array<{ name: string }>).map(
        (r) => r.name,
      );
      expect(indexes).toEqual(
        expect.arrayContaining(['audit_log_at_idx', 'logins_token_hash_unique', 'api_tokens_token_hash_unique', 'api_tokens_active_name_unique']),
      );
    } finally {
      database.close();
    }
  });
});
