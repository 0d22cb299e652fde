import { UsageError } from './errors.js';

/**
 * `--env NAME=VALUE` entries (one string or several) to an environment object. The value may contain
 * "=" and may be empty; the name may not be. Later entries win, as in `env(1)`.
 */
export function parseEnvArgs(entries: string | readonly string[] | undefined): Record<string, string> | undefined {
  if (entries === undefined) return undefined;
  const list = typeof entries === 'string' ? [entries] : entries;
  if (list.length === 0) return undefined;
  const env: Record<string, string> = {};
  for (const entry of list) {
    const at = entry.indexOf('=');
    if (at <= 0) throw new UsageError(`invalid --env "${entry}": expected NAME=VALUE`);
    env[entry.slice(0, at)] = entry.slice(at + 1);
  }
  return env;
}
