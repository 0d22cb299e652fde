import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiTokenRepository } from './api-token-repository.js';
import { openDatabase, type CodePiperDatabase } from './database.js';

const T0 = Date.parse('2026-06-01T00:00:00.000Z');
let dir: string;
let database: CodePiperDatabase;
let repo: ApiTokenRepository;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'codepiper-tokens-'));
  database = openDatabase(join(dir, 'codepiper.db'));
  repo = new ApiTokenRepository(database);
});

afterEach(() => {
  database.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ApiTokenRepository', () => {
  it('stores a token and finds it by hash', () => {
    const created = repo.create({ id: '0000000a', name: 'ci', tokenHash: 'h-a', readOnly: true }, T0);
    expect(created).toEqual({ id: '0000000a', name: 'ci', readOnly: true, createdAt: '2026-06-01T00:00:00.000Z', lastUsedAt: null, revokedAt: null });
    expect(repo.findActiveByTokenHash('h-a')).toEqual(created);
    expect(repo.findActiveByTokenHash('h-other')).toBeUndefined();
  });

  it('keeps names unique among unrevoked tokens only', () => {
    repo.create({ id: '0000000a', name: 'ci', tokenHash: 'h-a', readOnly: false }, T0);
    expect(() => repo.create({ id: '0000000b', name: 'ci', tokenHash: 'h-b', readOnly: false }, T0)).toThrow(
      expect.objectContaining({ code: 'conflict' }),
    );
    repo.revoke('0000000a', T0 + 1);
    expect(repo.create({ id: '0000000b', name: 'ci', tokenHash: 'h-b', readOnly: false }, T0 + 2).name).toBe('ci');
  });

  it('stops finding a revoked token', () => {
    repo.create({ id: '0000000a', name: 'ci', tokenHash: 'h-a', readOnly: false }, T0);
    expect(repo.revoke('0000000a', T0 + 1)).toBe(true);
    expect(repo.revoke('0000000a', T0 + 2)).toBe(false);
    expect(repo.findActiveByTokenHash('h-a')).toBeUndefined();
    expect(repo.findActiveByIdOrName('ci')).toBeUndefined();
    expect(repo.list()).toEqual([]);
    expect(repo.list({ includeRevoked: true }).map((t) => t.revokedAt)).toEqual(['2026-06-01T00:00:00.001Z']);
  });

  it('finds by id before name', () => {
    repo.create({ id: '0000000a', name: '0000000b', tokenHash: 'h-a', readOnly: false }, T0);
    repo.create({ id: '0000000b', name: 'other', tokenHash: 'h-b', readOnly: false }, T0);
    expect(repo.findActiveByIdOrName('0000000b')?.id).toBe('0000000b');
    expect(repo.findActiveByIdOrName('other')?.id).toBe('0000000b');
  });

  it('writes last_used_at on first use, then at most once a minute', () => {
    repo.create({ id: '0000000a', name: 'ci', tokenHash: 'h-a', readOnly: false }, T0);
    expect(repo.touch('0000000a', T0 + 1)).toBe(true);
    expect(repo.touch('0000000a', T0 + 30_000)).toBe(false);
    expect(repo.get('0000000a')?.lastUsedAt).toBe('2026-06-01T00:00:00.001Z');
    expect(repo.touch('0000000a', T0 + 60_002)).toBe(true);
  });
});
