import { fileURLToPath } from 'node:url';

/**
 * The `codepiper` entry script (dist/bin.js), for starting another `codepiper` process (the detached
 * daemon, a service unit). This file sits directly in src/ (tsc emits it to dist/) and, in the bundled
 * CLI, in dist/bin.js or one of its dist/bin-*.js chunks: in every case bin.js is beside it.
 */
export function entryPath(): string {
  return fileURLToPath(new URL('./bin.js', import.meta.url));
}
