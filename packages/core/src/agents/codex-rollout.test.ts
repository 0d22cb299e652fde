import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codexHome, findCodexRollout } from './codex-rollout.js';

let home: string;

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'cp-codex-'));
});

afterEach(() => {
  rmSync(home, { recursive: true, force: true });
});

function rollout(day: string, name: string): string {
  const dir = join(home, 'sessions', ...day.split('/'));
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, '{}\n');
  return path;
}

describe('findCodexRollout', () => {
  it("finds a thread's rollout in the dated folders", async () => {
    rollout('2026/05/30', 'rollout-2026-05-30T10-00-00-aaaa.jsonl');
    const wanted = rollout('2026/06/01', 'rollout-2026-06-01T09-00-00-0199-thread-b.jsonl');
    rollout('2026/06/02', 'rollout-2026-06-02T09-00-00-other.jsonl');
    expect(await findCodexRollout(home, '0199-thread-b')).toBe(wanted);
  });

  it('answers null when the thread has no rollout, or the id could escape the folder', async () => {
    rollout('2026/06/01', 'rollout-2026-06-01T09-00-00-x.jsonl');
    expect(await findCodexRollout(home, 'missing')).toBeNull();
    expect(await findCodexRollout(home, '../x')).toBeNull();
    expect(await findCodexRollout(join(home, 'nowhere'), 'x')).toBeNull();
  });
});

describe('codexHome', () => {
  it('is $CODEX_HOME, else ~/.codex', () => {
    expect(codexHome({ CODEX_HOME: '/data/codex' })).toBe('/data/codex');
    expect(codexHome({ HOME: '/home/me' })).toBe('/home/me/.codex');
  });
});
