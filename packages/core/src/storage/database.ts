import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { CoreError } from '../errors.js';
import * as schema from './schema.js';

export type StorageDb = BetterSQLite3Database<typeof schema>;

export interface IntegrityReport {
  ok: boolean;
  /** SQLite's own findings and foreign-key violations, one line each; empty when ok. */
  problems: string[];
}

export interface CodePiperDatabase {
  readonly file: string;
  /** The drizzle view of the connection, typed by the schema. */
  readonly db: StorageDb;
  /** The same connection, for pragmas and transactions. */
  readonly sqlite: Database.Database;
  integrityCheck(): IntegrityReport;
  /** Idempotent. */
  close(): void;
}

/** The packaged migrations: two levels up from both `src/storage/` and `dist/storage/` is the package root. */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../drizzle', import.meta.url));

/** How long a statement waits for a lock held by another connection (a CLI inspecting the file, a backup). */
const BUSY_TIMEOUT_MS = 5_000;

/**
 * Opens (creating when needed) the daemon's database and brings its schema up to date. The file is
 * private to the owner: it names every command and directory the owner has run.
 */
export function openDatabase(file: string): CodePiperDatabase {
  makePrivate(file);
  let sqlite: Database.Database;
  try {
    sqlite = new Database(file);
  } catch (error) {
    throw new CoreError('internal', `cannot open the database ${file}: ${messageOf(error)}`, { cause: error });
  }
  try {
    configure(sqlite, file);
    const db = drizzle({ client: sqlite, schema });
    migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    refuseNewerSchema(sqlite, file);
    return {
      file,
      db,
      sqlite,
      integrityCheck: () => integrityCheck(sqlite),
      close: () => {
        if (sqlite.open) sqlite.close();
      },
    };
  } catch (error) {
    sqlite.close();
    if (error instanceof CoreError) throw error;
    throw new CoreError('internal', `cannot prepare the database ${file}: ${messageOf(error)}`, { cause: error });
  }
}

function makePrivate(file: string): void {
  try {
    // Creating the file ourselves is the only way to choose its mode: SQLite would create it 0644, and
    // it creates the -wal and -shm files with the main file's mode.
    closeSync(openSync(file, 'a', 0o600));
    for (const path of [file, `${file}-wal`, `${file}-shm`]) {
      if (existsSync(path)) chmodSync(path, 0o600);
    }
  } catch (error) {
    throw new CoreError('internal', `cannot create the database ${file}: ${messageOf(error)}`, { cause: error });
  }
}

function configure(sqlite: Database.Database, file: string): void {
  const mode = sqlite.pragma('journal_mode = WAL', { simple: true });
  // WAL fails silently on filesystems without shared memory (some network mounts); readers would then
  // block the daemon's writes, so say so instead of running degraded.
  if (mode !== 'wal') throw new CoreError('internal', `the database ${file} cannot use WAL journaling (got ${String(mode)})`);
  // Session state changes a few times per session lifetime; FULL makes each commit survive power loss,
  // which NORMAL does not in WAL mode.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
}

/**
 * drizzle's migrator skips migrations it does not know, so an older daemon would happily write into a
 * schema it does not understand after a downgrade. Refuse instead.
 */
function refuseNewerSchema(sqlite: Database.Database, file: string): void {
  const known = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER });
  const newestKnown = Math.max(0, ...known.map((m) => m.folderMillis));
  const row = sqlite.prepare('SELECT MAX(CAST(created_at AS INTEGER)) AS newest FROM __drizzle_migrations').get() as {
    newest: number | null;
  };
  if (row.newest !== null && row.newest > newestKnown) {
    throw new CoreError('internal', `the database ${file} was written by a newer CodePiper; upgrade CodePiper to open it`);
  }
}

function integrityCheck(sqlite: Database.Database): IntegrityReport {
  const problems: string[] = [];
  for (const line of sqlite.pragma('integrity_check', { simple: false }) as Array<{ integrity_check: string }>) {
    if (line.integrity_check !== 'ok') problems.push(line.integrity_check);
  }
  const violations = sqlite.pragma('foreign_key_check', { simple: false }) as Array<{ table: string; rowid: number; parent: string }>;
  for (const v of violations) problems.push(`${v.table} row ${v.rowid} references a missing ${v.parent} row`);
  return { ok: problems.length === 0, problems };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
