import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const srcRoot = join(dirname(fileURLToPath(import.meta.url)), '../..');
const distRoot = join(srcRoot, '../dist');

/**
 * The host and its worker run from dist/ (a child process or worker thread cannot load TypeScript):
 * refuse to test a missing or stale build rather than test old code.
 */
export function assertHostBuilt(): void {
  const main = join(distRoot, 'pty-host/main.js');
  const hint = 'run `npx tsc -p tsconfig.build.json` in packages/core';
  if (!existsSync(main)) throw new Error(`dist/pty-host/main.js is missing: ${hint}`);
  const built = statSync(main).mtimeMs;
  for (const folder of ['pty-host', 'output-log', '.']) {
    for (const name of readdirSync(join(srcRoot, folder))) {
      if (!name.endsWith('.ts') || name.endsWith('.test.ts')) continue;
      if (statSync(join(srcRoot, folder, name)).mtimeMs > built + 1000) {
        throw new Error(`dist is older than src/${folder}/${name}: ${hint}`);
      }
    }
  }
}

export const distMainPath = join(distRoot, 'pty-host/main.js');
export const distIndexPath = join(distRoot, 'index.js');
export const distWorkerUrl = pathToFileURL(join(distRoot, 'pty-host/headless-worker.js'));
