import { posix } from 'node:path';
import picomatch from 'picomatch';
import { CoreError } from '../errors.js';

/**
 * Path globs are picomatch globs on absolute, normalised paths. `dot: true` so that `src/**` covers
 * `src/.env` too (a rule about a folder is about all of it); `strictBrackets` so that an unbalanced
 * bracket is an error at `policy add` rather than a pattern silently matching something else.
 */
export const PATH_GLOB_OPTIONS: picomatch.PicomatchOptions = { dot: true, strictBrackets: true };
const GLOB_SPECIAL = /[*?[\]{}()!+@\\]/g;

/** A literal path made safe to splice into a glob (a cwd such as `/src/app[1]` must not become a class). */
export function escapeGlob(literal: string): string {
  return literal.replace(GLOB_SPECIAL, '\\$&');
}

/** `~` and `~/…` → the home folder; anything else unchanged. */
export function expandHome(path: string, home: string): string {
  if (path === '~') return home;
  if (path.startsWith('~/')) return `${home}/${path.slice(2)}`;
  return path;
}

/**
 * A rule's path pattern made absolute: `~` is the home folder, a relative pattern is relative to the
 * session's cwd (`src/**` → `<cwd>/src/**`), and `.`/`..` segments are resolved (`../x` is a sibling).
 */
export function resolvePathPattern(pattern: string, cwd: string, home: string): string {
  let absolute: string;
  if (pattern === '~' || pattern.startsWith('~/')) absolute = escapeGlob(home) + pattern.slice(1);
  else if (pattern.startsWith('/')) absolute = pattern;
  else absolute = `${escapeGlob(cwd)}/${pattern}`;
  return posix.normalize(absolute);
}

/** The file a tool touches, absolute and normalised, so `src/../../etc/passwd` is judged as `/etc/passwd`. */
export function resolveFilePath(path: string, cwd: string, home: string): string {
  return posix.resolve(cwd, expandHome(path, home));
}

/** Compiles a picomatch glob, turning its complaint into a bad_request naming the pattern. */
export function compileGlob(pattern: string, options: picomatch.PicomatchOptions, what: string): (value: string) => boolean {
  try {
    const regex = picomatch.makeRe(pattern, options);
    return (value) => regex.test(value);
  } catch (error) {
    throw new CoreError('bad_request', `${what} "${pattern}" is not a valid glob: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
