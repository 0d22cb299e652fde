import type { Session } from '@codepiper/protocol';
import { describe, expect, it } from 'vitest';
import { formatAge, formatSessionTable, formatStatus, tildePath } from './session-table.js';

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
