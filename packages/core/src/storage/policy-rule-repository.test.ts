import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type CodePiperDatabase } from './database.js';
import { PolicyRuleRepository, type NewPolicyRule } from './policy-rule-repository.js';
import { SessionRepository } from './session-repository.js';

const T0 = Date.parse('2026-06-01T00:00:00.000Z');
let dir: string;
let database: CodePiperDatabase;
let repo: PolicyRuleRepository;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'codepiper-policy-'));
  database = openDatabase(join(dir, 'codepiper.db'));
  repo = new PolicyRuleRepository(database);
});

afterEach(() => {
  database.close();
  rmSync(dir, { recursive: true, force: true });
});

function rule(id: string, extra: Partial<NewPolicyRule> = {}): NewPolicyRule {
  return { id, action: 'allow', tool: 'Bash', input: null, cwd: null, provider: null, sessionId: null, priority: 0, reason: null, ...extra };
}

function addSession(id: string): void {
  new SessionRepository(database).insert({ id, name: `s-${id}`, command: ['bash'], cwd: '/tmp', cols: 80, rows: 24 });
}

describe('PolicyRuleRepository', () => {
  it('stores a rule and derives its scope', () => {
    addSession('a1b2c3d4');
    expect(repo.insert(rule('0000000a', { input: 'git status', reason: 'safe' }), T0)).toEqual({
      id: '0000000a',
      action: 'allow',
      tool: 'Bash',
      input: 'git status',
      cwd: null,
      scope: 'global',
      provider: null,
      session: null,
      priority: 0,
      reason: 'safe',
      createdAt: '2026-06-01T00:00:00.000Z',
    });
    expect(repo.insert(rule('0000000b', { provider: 'codex' }), T0).scope).toBe('provider');
    expect(repo.insert(rule('0000000c', { sessionId: 'a1b2c3d4' }), T0)).toMatchObject({ scope: 'session', session: 'a1b2c3d4' });
    expect(repo.get('0000000b')?.provider).toBe('codex');
  });

  it('lists by priority, then scope session > provider > global, then age', () => {
    addSession('a1b2c3d4');
    repo.insert(rule('00000001'), T0);
    repo.insert(rule('00000002', { provider: 'claude' }), T0 + 1);
    repo.insert(rule('00000003', { sessionId: 'a1b2c3d4' }), T0 + 2);
    repo.insert(rule('00000004', { priority: 5 }), T0 + 3);
    repo.insert(rule('00000005'), T0 + 4);
    repo.insert(rule('00000009'), T0 - 1);
    // Same millisecond: insertion order.
    repo.insert(rule('00000008', { priority: -1 }), T0);
    repo.insert(rule('00000007', { priority: -1 }), T0);
    expect(repo.list().map((r) => r.id)).toEqual(['00000004', '00000003', '00000002', '00000009', '00000001', '00000005', '00000008', '00000007']);
  });

  it('refuses a rule for an unknown session with not_found', () => {
    expect(() => repo.insert(rule('0000000a', { sessionId: 'ffffffff' }), T0)).toThrow(expect.objectContaining({ code: 'not_found' }));
  });

  it('refuses a duplicate id with conflict', () => {
    repo.insert(rule('0000000a'), T0);
    expect(() => repo.insert(rule('0000000a'), T0)).toThrow(expect.objectContaining({ code: 'conflict' }));
  });

  it('finds rules by id prefix, ignoring non-hex prefixes', () => {
    repo.insert(rule('ab000001'), T0);
    repo.insert(rule('ab000002'), T0);
    repo.insert(rule('cd000001'), T0);
    expect(repo.findByIdPrefix('AB').map((r) => r.id)).toEqual(['ab000001', 'ab000002']);
    expect(repo.findByIdPrefix('cd').map((r) => r.id)).toEqual(['cd000001']);
    expect(repo.findByIdPrefix('%')).toEqual([]);
  });

  it('removes a rule once', () => {
    repo.insert(rule('0000000a'), T0);
    expect(repo.remove('0000000a')).toBe(true);
    expect(repo.remove('0000000a')).toBe(false);
    expect(repo.list()).toEqual([]);
  });

  it('drops session rules with their session', () => {
    addSession('a1b2c3d4');
    repo.insert(rule('0000000a', { sessionId: 'a1b2c3d4' }), T0);
    new SessionRepository(database).remove('a1b2c3d4');
    expect(repo.list()).toEqual([]);
  });

  it('hands out fresh 8-hex ids', () => {
    const id = repo.newId();
    expect(id).toMatch(/^[0-9a-f]{8}$/);
    expect(repo.get(id)).toBeUndefined();
  });
});
