import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** This package's version, read once from its package.json (works from src/ and dist/). */
export function daemonVersion(): string {
  cached ??= (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return cached;
}
