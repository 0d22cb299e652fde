import { open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/** How a session's process ended, as the pty host saw it. */
export interface ExitRecord {
  /** Exit status when the process exited normally, else null. */
  exitCode: number | null;
  /** Name of the signal that killed it (e.g. 'SIGKILL'), else null. */
  signal: string | null;
  /** Stream offset at exit: the total number of output bytes. */
  offset: number;
  /** ISO 8601 time the host saw the exit. */
  endedAt: string;
}

export const EXIT_RECORD_FILE = 'exit.json';

/**
 * Writes `<sessionDir>/exit.json` atomically (temp file, fsync, rename, fsync of the folder), so the
 * daemon can learn how a session ended even if the host died right after.
 */
export async function writeExitRecord(sessionDir: string, record: ExitRecord): Promise<void> {
  const target = join(sessionDir, EXIT_RECORD_FILE);
  const tmp = `${target}.${process.pid}.tmp`;
  const fh = await open(tmp, 'w', 0o600);
  try {
    await fh.writeFile(`${JSON.stringify(record)}\n`);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, target);
  try {
    const dir = await open(sessionDir, 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch {
    // Some file systems refuse fsync on a folder; the rename is still atomic.
  }
}

/** The session's exit record, or null when there is none (or it is unreadable). */
export async function readExitRecord(sessionDir: string): Promise<ExitRecord | null> {
  let text: string;
  try {
    text = await readFile(join(sessionDir, EXIT_RECORD_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  try {
    const v = JSON.parse(text) as Partial<ExitRecord>;
    if (typeof v !== 'object' || v === null || typeof v.offset !== 'number' || typeof v.endedAt !== 'string') return null;
    return {
      exitCode: typeof v.exitCode === 'number' ? v.exitCode : null,
      signal: typeof v.signal === 'string' ? v.signal : null,
      offset: v.offset,
      endedAt: v.endedAt,
    };
  } catch {
    return null;
  }
}

/** Removes a previous run's exit record (a session id being spawned again). */
export async function removeExitRecord(sessionDir: string): Promise<void> {
  try {
    await unlink(join(sessionDir, EXIT_RECORD_FILE));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}
