import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

/** What execvp uses when the environment has no PATH. */
const DEFAULT_PATH = '/usr/bin:/bin';

function isExecutableFile(path: string): boolean {
  try {
    // Most PATH entries do not hold the command, and an exception for each costs a spawn ~20 µs.
    if (!statSync(path, { throwIfNoEntry: false })?.isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Finds the executable the child would run, the way execvp does: a name with a slash is a path
 * (relative to the session's cwd), anything else is looked up on the session environment's PATH.
 * Returns null when there is none, so spawn can answer "command not found" instead of a pty that
 * exits 127 at once.
 */
export function resolveExecutable(command: string, cwd: string, env: Record<string, string>): string | null {
  if (command.length === 0) return null;
  if (command.includes('/')) {
    const path = isAbsolute(command) ? command : resolve(cwd, command);
    return isExecutableFile(path) ? path : null;
  }
  const searchPath = env.PATH ?? DEFAULT_PATH;
  for (const dir of searchPath.split(delimiter)) {
    // An empty PATH entry means the current directory.
    const base = dir.length === 0 ? cwd : isAbsolute(dir) ? dir : resolve(cwd, dir);
    const candidate = join(base, command);
    if (isExecutableFile(candidate)) return candidate;
  }
  return null;
}

export function isDirectory(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
  } catch {
    return false;
  }
}
