import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditRepository, newHookSecret, openDatabase, SessionRepository, type CodePiperDatabase } from '@codepiper/core';
import { checkConversation, sessionOfSecret } from './hook-identity.js';

let dir: string;
let database: CodePiperDatabase;
let repo: SessionRepository;
let audit: AuditRepository;
const secret = newHookSecret();

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cp-hook-id-'));
  database = openDatabase(join(dir, 'codepiper.db'));
  repo = new SessionRepository(database);
  audit = new AuditRepository(database);
  repo.insert({ id: 'a1b2c3d4', name: 'agent', command: ['claude'], cwd: '/w', cols: 80, rows: 24, provider: 'claude', providerSessionId: 'conv-1', hookSecretHash: secret.hash });
});

afterEach(() => {
  database.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sessionOfSecret', () => {
  it('finds the session by the hash of its secret only', () => {
    expect(sessionOfSecret(repo, 'claude', secret.secret).id).toBe('a1b2c3d4');
    expect(() => sessionOfSecret(repo, 'claude', undefined)).toThrow(expect.objectContaining({ code: 'unauthorized' }));
    expect(() => sessionOfSecret(repo, 'claude', secret.hash)).toThrow(expect.objectContaining({ code: 'unauthorized' }));
    expect(() => sessionOfSecret(repo, 'codex', secret.secret)).toThrow(expect.objectContaining({ code: 'forbidden' }));
    repo.update('a1b2c3d4', { status: 'exited' });
    expect(() => sessionOfSecret(repo, 'claude', secret.secret)).toThrow(expect.objectContaining({ code: 'session_ended' }));
  });
});

describe('checkConversation', () => {
  const check = (claimed: string | undefined, rebind = false) =>
    checkConversation({ repo, audit, session: repo.get('a1b2c3d4')!, claimed, event: rebind ? 'SessionStart' : 'Stop', rebind });

  it("accepts the session's own conversation and refuses another one with an audit entry", () => {
    expect(check('conv-1').providerSessionId).toBe('conv-1');
    expect(() => check('conv-of-b')).toThrow(expect.objectContaining({ code: 'forbidden' }));
    expect(audit.list({ type: 'hook.refused' })).toEqual([
      expect.objectContaining({ actor: 'hook:a1b2c3d4', detail: { session: 'a1b2c3d4', event: 'Stop', expected: 'conv-1', claimed: 'conv-of-b' } }),
    ]);
  });

  it('follows a conversation switch inside the agent (/clear) and learns an unknown id', () => {
    expect(check('conv-2', true).providerSessionId).toBe('conv-2');
    expect(repo.listEvents('a1b2c3d4').at(-1)).toMatchObject({ type: 'provider-session', data: { from: 'conv-1', to: 'conv-2' } });
    repo.update('a1b2c3d4', { providerSessionId: null });
    expect(check('thread-9').providerSessionId).toBe('thread-9');
  });
});
