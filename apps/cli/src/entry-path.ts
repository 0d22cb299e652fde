import { fileURLToPath } from 'node:url';

/**
 * The `codepiper` entry script (dist/bin.cjs, package.json's `bin`), for starting another `codepiper`
 * process (the detached daemon, a service unit). This file sits directly in src/ (tsc emits it to
 * dist/), and a bundle in dist/cli/ runs with the entry's own URL as its import.meta.url: in every case
 * bin.cjs is beside that URL.
 */
export function entryPath(): string {
  return fileURLToPath(new URL('./bin.cjs', import.meta.url));
}
