import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, SessionRepository, type CodePiperDatabase, type SessionRecord } from '@codepiper/core';
import type { AgentEvent } from './agent-state-machine.js';
import { handleCodexNotify } from './codex-notify-handler.js';

let dir: string;
let database: CodePiperDatabase;
let repo: SessionRepository;
let events: AgentEvent[];
let ingested: SessionRecord[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cp-codex-notify-'));
  database = openDatabase(join(dir, 'codepiper.db'));
  repo = new SessionRepository(database);
  repo.insert({ id: 'c0dec0de', name: 'codex', command: ['codex'], cwd: '/w', cols: 80, rows: 24, provider: 'codex', providerSessionId: 'thread-1', agentState: 'working' });
  events = [];
  ingested = [];
});

afterEach(() => {
  database.close();
  rmSync(dir, { recursive: true, force: true });
});

const deps = () => ({ repo, state: (_id: string, event: AgentEvent) => events.push(event), ingest: (s: SessionRecord) => ingested.push(s), env: { CODEX_HOME: join(dir, 'codex') } });

describe('handleCodexNotify', () => {
  it("finishes the turn, takes the thread's rollout as transcript and ingests it", async () => {
    const day = join(dir, 'codex', 'sessions', '2026', '06', '01');
    mkdirSync(day, { recursive: true });
    const rollout = join(day, 'rollout-2026-06-01T10-00-00-thread-1.jsonl');
    writeFileSync(rollout, '');
    expect(await handleCodexNotify(deps(), repo.get('c0dec0de')!, { type: 'agent-turn-complete', 'thread-id': 'thread-1' })).toBe('');
    expect(events).toEqual([{ kind: 'turn-finished' }]);
    expect(repo.get('c0dec0de')?.transcriptPath).toBe(rollout);
    expect(ingested.map((s) => s.transcriptPath)).toEqual([rollout]);
  });

  it('ignores other notification types', async () => {
    expect(await handleCodexNotify(deps(), repo.get('c0dec0de')!, { type: 'something-new' })).toBe('');
    expect(events).toEqual([]);
    expect(ingested).toEqual([]);
  });
});
