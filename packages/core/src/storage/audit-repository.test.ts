import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditRepository } from './audit-repository.js';
import { openDatabase, type CodePiperDatabase } from './database.js';

const T0 = Date.parse('2026-06-01T00:00:00.000Z');
let dir: string;
let database: CodePiperDatabase;
let repo: AuditRepository;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'codepiper-audit-'));
  database = openDatabase(join(dir, 'codepiper.db'));
  repo = new AuditRepository(database);
});

afterEach(() => {
  database.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('AuditRepository', () => {
  it('records an entry with its JSON detail', () => {
    const entry = repo.add({ type: 'login-failed', actor: 'anonymous', ip: '203.0.113.7', detail: { reason: 'totp' } }, T0);
    expect(entry).toEqual({ id: 1, at: '2026-06-01T00:00:00.000Z', type: 'login-failed', ip: '203.0.113.7', actor: 'anonymous', detail: { reason: 'totp' } });
    expect(repo.add({ type: 'logout', actor: 'owner' }, T0)).toMatchObject({ ip: null, detail: null });
  });

  it('lists newest first, filtered by type and time, up to a limit', () => {
    repo.add({ type: 'login-failed', actor: 'anonymous' }, T0);
    repo.add({ type: 'login-succeeded', actor: 'owner' }, T0 + 1000);
    repo.add({ type: 'login-failed', actor: 'anonymous' }, T0 + 2000);
    repo.add({ type: 'token-created', actor: 'local-cli' }, T0 + 3000);
    expect(repo.list().map((e) => e.type)).toEqual(['token-created', 'login-failed', 'login-succeeded', 'login-failed']);
    expect(repo.list({ type: 'login-failed' }).map((e) => e.at)).toEqual(['2026-06-01T00:00:02.000Z', '2026-06-01T00:00:00.000Z']);
    expect(repo.list({ since: '2026-06-01T00:00:01.000Z' }).map((e) => e.type)).toEqual(['token-created', 'login-failed', 'login-succeeded']);
    expect(repo.list({ limit: 2 }).map((e) => e.type)).toEqual(['token-created', 'login-failed']);
  });

  it('orders entries of the same millisecond by insertion', () => {
    repo.add({ type: 'a', actor: 'owner' }, T0);
    repo.add({ type: 'b', actor: 'owner' }, T0);
    expect(repo.list().map((e) => e.type)).toEqual(['b', 'a']);
  });

  it('bounds the page size', () => {
    database.sqlite.transaction(() => {
      for (let i = 0; i < 1005; i++) repo.add({ type: 'x', actor: 'owner' }, T0 + i);
    })();
    expect(repo.list({ limit: 5000 })).toHaveLength(1000);
    expect(repo.list({ limit: 0 })).toHaveLength(1);
  });
});
