import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the compiled-code caches of this user live: `$XDG_CACHE_HOME/codepiper`, else
 * `~/.cache/codepiper`. $HOME is read before asking the OS so that the common case needs no lookup.
 */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CACHE_HOME;
  // The XDG spec ignores a relative path: it would depend on the directory the command runs in.
  if (xdg !== undefined && xdg.startsWith('/')) return join(xdg, 'codepiper');
  const home = env.HOME !== undefined && env.HOME.length > 0 ? env.HOME : homedir();
  return join(home, '.cache', 'codepiper');
}
