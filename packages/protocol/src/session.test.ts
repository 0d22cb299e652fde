import { describe, expect, it } from 'vitest';
import { LIMITS } from './limits.js';
import { ColsSchema, isSessionEnded, RowsSchema, SESSION_STATUSES, SessionIdSchema, SessionSchema, type Session } from './session.js';

const SESSION: Session = {
  id: '0badc0de',
  name: 'agent',
  status: 'exited',
  command: ['claude'],
  cwd: '/home/me',
  pid: null,
  cols: 120,
  rows: 32,
  createdAt: '2024-01-01T00:00:00.000Z',
  endedAt: '2024-01-01T01:00:00.000Z',
  exitCode: 0,
  signal: null,
  outputBytes: 2 ** 40,
  lastActivityAt: '2024-01-01T00:59:00.000Z',
  provider: 'shell',
  providerSessionId: null,
  model: null,
  agentState: null,
};

describe('SessionIdSchema', () => {
  it('accepts 8 lowercase hex digits only', () => {
    expect(SessionIdSchema.parse('0badc0de')).toBe('0badc0de');
    for (const id of ['0BADC0DE', '0badc0d', '0badc0de0', 'zzzzzzzz', '']) {
      const result = SessionIdSchema.safeParse(id);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toBe('a session id is 8 lowercase hex digits');
    }
  });
});

describe('SessionSchema', () => {
  it('accepts a session object', () => {
    expect(SessionSchema.parse(SESSION)).toEqual(SESSION);
  });

  it('rejects an unknown status and a missing field', () => {
    expect(SessionSchema.safeParse({ ...SESSION, status: 'paused' }).success).toBe(false);
    const { cwd: _cwd, ...withoutCwd } = SESSION;
    expect(SessionSchema.safeParse(withoutCwd).success).toBe(false);
  });
});

describe('isSessionEnded', () => {
  it('is false only for running', () => {
    expect(SESSION_STATUSES.filter((s) => !isSessionEnded(s))).toEqual(['running']);
  });
});

describe('size schemas', () => {
  it('accept the default size', () => {
    expect(ColsSchema.parse(LIMITS.defaultCols)).toBe(LIMITS.defaultCols);
    expect(RowsSchema.parse(LIMITS.defaultRows)).toBe(LIMITS.defaultRows);
  });
});
