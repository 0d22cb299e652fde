import { describe, expect, it } from 'vitest';
import type { Session } from '@codepiper/protocol';
import { applySessionUpdate, countByFilter, describeStatus, formatCommand, visibleSessions } from './session-list';

function s(id: string, overrides: Partial<Session> = {}): Session {
  return {
    id,
    name: id,
    status: 'running',
    command: ['sh'],
    cwd: '/',
    pid: 1,
    cols: 80,
    rows: 24,
    createdAt: '2024-01-01T00:00:00.000Z',
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

describe('applySessionUpdate', () => {
  it('replaces the list, updates a session in place, adds a new one and removes one', () => {
    let list = applySessionUpdate([], { type: 'sessions', sessions: [s('aaaaaaaa'), s('bbbbbbbb')] });
    list = applySessionUpdate(list, { type: 'session', session: s('aaaaaaaa', { status: 'exited', exitCode: 0 }) });
    list = applySessionUpdate(list, { type: 'session', session: s('cccccccc') });
    list = applySessionUpdate(list, { type: 'session-removed', id: 'bbbbbbbb' });
    expect(list.map((x) => `${x.id}:${x.status}`)).toEqual(['aaaaaaaa:exited', 'cccccccc:running']);
  });

  it('leaves the previous list untouched', () => {
    const before = [s('aaaaaaaa')];
    applySessionUpdate(before, { type: 'session-removed', id: 'aaaaaaaa' });
    expect(before).toHaveLength(1);
  });
});

describe('visibleSessions', () => {
  const list = [
    s('aaaaaaaa', { createdAt: '2024-01-01T00:00:00Z', status: 'exited' }),
    s('bbbbbbbb', { createdAt: '2024-01-02T00:00:00Z' }),
    s('cccccccc', { createdAt: '2024-01-03T00:00:00Z', status: 'failed' }),
    s('dddddddd', { createdAt: '2024-01-04T00:00:00Z' }),
  ];

  it('shows running sessions first, each group newest first', () => {
    expect(visibleSessions(list, 'all').map((x) => x.id)).toEqual(['dddddddd', 'bbbbbbbb', 'cccccccc', 'aaaaaaaa']);
  });

  it('puts the agents that need the owner first: approval, then a finished turn, then the rest', () => {
    const at = '2024-01-05T00:00:00Z';
    const agents = [
      ...list,
      s('eeeeeeee', { createdAt: '2024-01-01T00:00:00Z', agentState: { state: 'waiting-input', reason: 'turn finished', at } }),
      s('ffffffff', { createdAt: '2024-01-01T00:00:00Z', agentState: { state: 'needs-approval', reason: 'tool Bash', at } }),
      s('99999999', { createdAt: '2024-01-09T00:00:00Z', agentState: { state: 'working', reason: 'tool Edit', at } }),
    ];
    expect(visibleSessions(agents, 'running').map((x) => x.id)).toEqual(['ffffffff', 'eeeeeeee', '99999999', 'dddddddd', 'bbbbbbbb']);
  });

  it('filters running and ended sessions and counts both', () => {
    expect(visibleSessions(list, 'running').map((x) => x.id)).toEqual(['dddddddd', 'bbbbbbbb']);
    expect(visibleSessions(list, 'ended').map((x) => x.id)).toEqual(['cccccccc', 'aaaaaaaa']);
    expect(countByFilter(list)).toEqual({ all: 4, running: 2, ended: 2 });
  });
});

describe('describeStatus', () => {
  it('names the exit code or signal of an ended session', () => {
    expect(describeStatus(s('aaaaaaaa'))).toBe('running');
    expect(describeStatus(s('aaaaaaaa', { status: 'exited', exitCode: 0 }))).toBe('exited 0');
    expect(describeStatus(s('aaaaaaaa', { status: 'failed', signal: 'SIGKILL' }))).toBe('failed (SIGKILL)');
    expect(describeStatus(s('aaaaaaaa', { status: 'failed', exitCode: 2 }))).toBe('failed (exit 2)');
    expect(describeStatus(s('aaaaaaaa', { status: 'stopped' }))).toBe('stopped');
  });
});

describe('formatCommand', () => {
  it('quotes words that a shell would split or interpret', () => {
    expect(formatCommand(['sh', '-c', "echo it's here"])).toBe(`sh -c 'echo it'\\''s here'`);
    expect(formatCommand(['claude', '--model=opus'])).toBe('claude --model=opus');
    expect(formatCommand(['printf', ''])).toBe(`printf ''`);
  });
});

describe('isEnded', () => {
  it('agrees with the protocol for every status', async () => {
    const { SESSION_STATUSES, isSessionEnded } = await import('@codepiper/protocol');
    const { isEnded } = await import('./session-list');
    for (const status of SESSION_STATUSES) expect(isEnded(status)).toBe(isSessionEnded(status));
  });
});

describe('agentUrgency', () => {
  it('agrees with the protocol for every agent state and for none', async () => {
    const { AGENT_STATES, agentStateUrgency } = await import('@codepiper/protocol');
    const { agentUrgency } = await import('./session-list');
    for (const state of [...AGENT_STATES, undefined]) expect(agentUrgency(state)).toBe(agentStateUrgency(state));
  });
});
