import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** The first line of every cache file: a cache of another format or of another tool is never used. */
const MAGIC = 'codepiper-code-cache 1';

function header(key: string): Buffer {
  return Buffer.from(`${MAGIC}\n${key}\n`);
}

/**
 * The V8 code cache stored for `key`, or undefined when there is none, it was made for something else
 * (another bundle, Node or flag set), or it cannot be read. Never throws: a cache is only ever a
 * shortcut.
 */
export function readCodeCache(path: string, key: string): Buffer | undefined {
  try {
    const content = readFileSync(path);
    const expected = header(key);
    if (content.length <= expected.length || !content.subarray(0, expected.length).equals(expected)) return undefined;
    return content.subarray(expected.length);
  } catch {
    return undefined;
  }
}

/**
 * Makes the cache directory and, when missing, its parent (~/.cache on a new account), nothing
 * further up. Not mkdirSync's `recursive`: on Node 20 it never returns where mkdir answers ENOENT for
 * a parent that exists (under /proc, say), and a cache must never hang a command.
 */
function makeCacheDir(dir: string): void {
  try {
    makeDir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    makeDir(dirname(dir));
    makeDir(dir);
  }
}

function makeDir(dir: string): void {
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/**
 * Stores a V8 code cache for `key`, replacing the file in one rename so that a concurrent reader sees
 * the old cache or the new one, never half of one. Never throws: a read-only or full disk, or a cache
 * directory that cannot be made, leaves the command as it was, only without the shortcut next time.
 */
export function writeCodeCache(path: string, key: string, data: Buffer): void {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    makeCacheDir(dirname(path));
    writeFileSync(temporary, Buffer.concat([header(key), data]), { mode: 0o600 });
    renameSync(temporary, path);
  } catch {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // Nothing more can be done; the next run tries again.
    }
  }
}
