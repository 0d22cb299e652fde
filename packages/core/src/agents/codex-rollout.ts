import { readdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** Codex keeps its state in $CODEX_HOME, ~/.codex by default. */
export function codexHome(env: Record<string, string | undefined>): string {
  const fromEnv = env.CODEX_HOME;
  return resolve(fromEnv && fromEnv.length > 0 ? fromEnv : join(env.HOME ?? homedir(), '.codex'));
}

/** sessions/YYYY/MM/DD/rollout-… : three folder levels below `sessions`. */
const ROLLOUT_DEPTH = 3;

/**
 * The rollout JSONL of a Codex thread: `$CODEX_HOME/sessions/YYYY/MM/DD/rollout-<time>-<thread>.jsonl`.
 * Folders are searched newest first, so a live thread is found after a few directory reads however
 * long the history. Null when there is none (yet).
 */
export async function findCodexRollout(home: string, threadId: string): Promise<string | null> {
  if (!/^[A-Za-z0-9._-]+$/.test(threadId)) return null;
  const suffix = `-${threadId}.jsonl`;
  const search = async (dir: string, depth: number): Promise<string | null> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    const names = entries.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
    for (const entry of names) {
      if (entry.isFile() && entry.name.startsWith('rollout-') && entry.name.endsWith(suffix)) return join(dir, entry.name);
    }
    if (depth === 0) return null;
    for (const entry of names) {
      if (!entry.isDirectory()) continue;
      const found = await search(join(dir, entry.name), depth - 1);
      if (found) return found;
    }
    return null;
  };
  return search(join(home, 'sessions'), ROLLOUT_DEPTH);
}
