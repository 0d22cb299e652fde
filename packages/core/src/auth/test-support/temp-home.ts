import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type CodePiperDatabase } from '../../storage/database.js';

export interface TempHome {
  home: string;
  database: CodePiperDatabase;
  /** Every byte SQLite has written so far: the main file and the WAL (recent commits live there). */
  databaseBytes(): Buffer;
  release(): void;
}

/** A real CODEPIPER_HOME in the temp folder with an open database; release() closes and deletes it. */
export function makeTempHome(prefix = 'codepiper-auth-'): TempHome {
  const home = mkdtempSync(join(tmpdir(), prefix));
  const file = join(home, 'codepiper.db');
  const database = openDatabase(file);
  return {
    home,
    database,
    databaseBytes: () => Buffer.concat([file, `${file}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f))),
    release: () => {
      database.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
