import { readFileSync, symlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { makeTempDir } from './temp-dir.js';

/** The fake Claude Code binary (see fake-claude.mjs). */
export const FAKE_CLAUDE = fileURLToPath(new URL('./fake-claude.mjs', import.meta.url));

/** A fresh folder holding `claude` → the fake, to put first on the daemon's PATH. Remove it with removeTempDir. */
export function fakeAgentBin(): string {
  const dir = makeTempDir('cp-bin-');
  symlinkSync(FAKE_CLAUDE, join(dir, 'claude'));
  return dir;
}

/**
 * The hook secret a running agent process was given, read from its environment (Linux /proc): what a
 * process inside that session could present.
 */
export function hookSecretOf(pid: number): string {
  const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
  const entry = environ.find((line) => line.startsWith('CODEPIPER_HOOK_SECRET='));
  if (!entry) throw new Error(`process ${pid} has no CODEPIPER_HOOK_SECRET`);
  return entry.slice('CODEPIPER_HOOK_SECRET='.length);
}
