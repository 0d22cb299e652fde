import { describe, expect, it } from 'vitest';
import type { PolicyRule } from '@codepiper/protocol';
import { formatPolicyTable, formatVerdict } from './policy-table.js';

const base: PolicyRule = {
  id: '1a2b3c4d',
  action: 'deny',
  tool: 'Bash',
  input: 'rm -rf *',
  cwd: null,
  scope: 'global',
  provider: null,
  session: null,
  priority: 0,
  reason: null,
  createdAt: '2026-06-01T00:00:00.000Z',
};

describe('formatPolicyTable', () => {
  it('shows each rule with its scope, and * for what it does not restrict', () => {
    const table = formatPolicyTable([
      base,
      { ...base, id: '5e6f7a8b', action: 'allow', tool: 'Edit', input: null, cwd: '~/src/**', scope: 'session', session: 'a1b2c3d4', priority: 10, reason: 'my repo' },
      { ...base, id: '9c0d1e2f', action: 'ask', tool: 'mcp__*', input: null, scope: 'provider', provider: 'codex', priority: -5 },
    ]);
    expect(table.split('\n')).toEqual([
      'ID        ACTION  TOOL    INPUT     CWD       SCOPE             PRIORITY  REASON',
      '1a2b3c4d  deny    Bash    rm -rf *  *         global            0         -',
      '5e6f7a8b  allow   Edit    *         ~/src/**  session a1b2c3d4  10        my repo',
      '9c0d1e2f  ask     mcp__*  *         *         provider codex    -5        -',
    ]);
  });

  it('neutralises control characters in patterns and reasons', () => {
    expect(formatPolicyTable([{ ...base, input: 'rm\u001b[2J', reason: 'a\nb' }])).toContain('rm?[2J');
  });
});

describe('formatVerdict', () => {
  it('puts the action on its own first line', () => {
    expect(formatVerdict({ action: 'ask', rule: null, explanation: 'no rule matched Bash "ls": ask' })).toBe('ask\nno rule matched Bash "ls": ask');
  });
});
