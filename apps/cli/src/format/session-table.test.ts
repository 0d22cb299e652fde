import type { Session } from '@codepiper/protocol';
import { describe, expect, it } from 'vitest';
import { agentUrgency, formatAge, formatSessionTable, formatStatus, tildePath } from './session-table.js';

const NOW = Date.parse('2025-01-01T12:00:00.000Z');

function session(overrides: Partial<Session>): Session {
  return {
    id: 'a1b2c3d4',
    name: 'api',
    status: 'running',
    command: ['claude'],
    cwd: '/srv/api',
    pid: 100,
    cols: 120,
    rows: 32,
    createdAt: '2025-01-01T11:55:00.000Z',
    endedAt: null,
    exitCode: null,
    signal: null,
    outputBytes: 0,
    lastActivityAt: null,
    provider: 'shell',
    providerSessionId: null,
    model: null,
    agentState: null,
    ...overrides,
  };
}

describe('formatStatus', () => {
  it('shows the exit code or signal of an ended session', () => {
    expect(formatStatus(session({}))).toBe('running');
    expect(formatStatus(session({ status: 'failed', exitCode: 4 }))).toBe('failed (4)');
    expect(formatStatus(session({ status: 'exited', exitCode: 0 }))).toBe('exited (0)');
    expect(formatStatus(session({ status: 'stopped', exitCode: null, signal: 'SIGTERM' }))).toBe('stopped (SIGTERM)');
    expect(formatStatus(session({ status: 'failed' }))).toBe('failed');
  });
});

describe('formatAge', () => {
  it('uses the largest sensible unit', () => {
    expect(formatAge('2025-01-01T11:59:18.000Z', NOW)).toBe('42s');
    expect(formatAge('2025-01-01T11:55:00.000Z', NOW)).toBe('5m');
    expect(formatAge('2025-01-01T09:00:00.000Z', NOW)).toBe('3h');
    expect(formatAge('2024-12-28T12:00:00.000Z', NOW)).toBe('4d');
  });

  it('never shows a negative age for a clock a little ahead', () => {
    expect(formatAge('2025-01-01T12:00:05.000Z', NOW)).toBe('0s');
  });
});

describe('tildePath', () => {
  it('abbreviates the home directory and nothing that only starts like it', () => {
    expect(tildePath('/home/me/src', '/home/me')).toBe('~/src');
    expect(tildePath('/home/me', '/home/me')).toBe('~');
    expect(tildePath('/home/meadow', '/home/me')).toBe('/home/meadow');
  });
});

describe('formatSessionTable', () => {
  it('lists id, name, status, quoted command, cwd and age under a header', () => {
    const text = formatSessionTable(
      [session({}), session({ id: 'e5f6a7b8', name: '', status: 'failed', exitCode: 4, command: ['sh', '-c', 'exit 4'], cwd: '/tmp' })],
      NOW,
    );
    expect(text.split('\n')).toEqual([
      'ID        NAME  STATUS      COMMAND         CWD       AGE',
      'a1b2c3d4  api   running     claude          /srv/api  5m',
      "e5f6a7b8  -     failed (4)  sh -c 'exit 4'  /tmp      5m",
    ]);
  });
});

describe('formatSessionTable with agent sessions', () => {
  const state = (name: 'working' | 'needs-approval' | 'waiting-input') => ({ state: name, reason: 'r', at: '2025-01-01T11:59:00.000Z' });

  it('adds a STATE column and lists the sessions that need the owner first', () => {
    const table = formatSessionTable(
      [
        session({ id: '00000001', name: 'shell' }),
        session({ id: '00000002', name: 'busy', provider: 'claude', agentState: state('working') }),
        session({ id: '00000003', name: 'asks', provider: 'claude', agentState: state('needs-approval') }),
        session({ id: '00000004', name: 'idle', provider: 'codex', agentState: state('waiting-input') }),
      ],
      NOW,
    );
    const [header, ...rows] = table.split('\n');
    expect(header).toMatch(/^ID\s+NAME\s+STATUS\s+STATE\s+COMMAND\s+CWD\s+AGE$/);
    expect(rows.map((row) => row.split(/\s+/)[1])).toEqual(['asks', 'idle', 'busy', 'shell']);
    expect(rows[0]).toMatch(/asks\s+running\s+needs-approval\s+claude/);
    expect(rows[3]).toMatch(/shell\s+running\s+-\s+claude/);
  });

  it('keeps the plain table when no session is an agent', () => {
    expect(formatSessionTable([session({})], NOW).split('\n')[0]).toMatch(/^ID\s+NAME\s+STATUS\s+COMMAND\s+CWD\s+AGE$/);
  });
});

describe('agentUrgency', () => {
  it('orders agent states exactly as the protocol does', async () => {
    const { AGENT_STATES, agentStateUrgency } = await import('@codepiper/protocol');
    for (const state of [...AGENT_STATES, undefined]) expect(agentUrgency(state)).toBe(agentStateUrgency(state));
  });
});
