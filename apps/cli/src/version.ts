import { readFileSync } from 'node:fs';

let cached: string | undefined;

/**
 * The CLI's version from its package.json (one directory above both src/ and dist/), read on demand so
 * that no build step has to stamp it.
 */
export function cliVersion(): string {
  if (cached === undefined) {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    cached = typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  }
  return cached;
}
