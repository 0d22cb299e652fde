import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type CodePiperDatabase } from './database.js';
import { LoginRepository } from './login-repository.js';

const T0 = Date.parse('2026-06-01T00:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;
const IDLE = 7 * DAY;
let dir: string;
let database: CodePiperDatabase;
let repo: LoginRepository;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'codepiper-logins-'));
  database = openDatabase(join(dir, 'codepiper.db'));
  repo = new LoginRepository(database);
});

afterEach(() => {
  database.close();
  rmSync(dir, { recursive: true, force: true });
});

function add(id: string, at = T0): void {
  repo.create({ id, tokenHash: `hash-${id}`, ip: '203.0.113.7', userAgent: 'Firefox', expiresAt: at + 30 * DAY }, at);
}

describe('LoginRepository', () => {
  it('finds an active login by token hash', () => {
    add('00000001');
    expect(repo.findActiveByTokenHash('hash-00000001', { now: T0 + 1, idleTimeoutMs: IDLE })).toEqual({
      id: '00000001',
      createdAt: '2026-06-01T00:00:00.000Z',
      lastSeenAt: '2026-06-01T00:00:00.000Z',
      expiresAt: '2026-07-01T00:00:00.000Z',
      ip: '203.0.113.7',
      userAgent: 'Firefox',
      revokedAt: null,
      revokedReason: null,
    });
    expect(repo.findActiveByTokenHash('hash-unknown', { now: T0, idleTimeoutMs: IDLE })).toBeUndefined();
  });

  it('refuses a duplicate token hash', () => {
    add('00000001');
    expect(() => repo.create({ id: '00000002', tokenHash: 'hash-00000001', ip: null, userAgent: null, expiresAt: T0 + DAY }, T0)).toThrow(
      expect.objectContaining({ code: 'conflict' }),
    );
  });

  it('ignores a login idle for longer than the idle timeout', () => {
    add('00000001');
    expect(repo.findActiveByTokenHash('hash-00000001', { now: T0 + IDLE - 1, idleTimeoutMs: IDLE })).toBeDefined();
    expect(repo.findActiveByTokenHash('hash-00000001', { now: T0 + IDLE, idleTimeoutMs: IDLE })).toBeUndefined();
  });

  it('ignores a login past its absolute expiry however recently it was used', () => {
    add('00000001');
    repo.touch('00000001', T0 + 30 * DAY - 1);
    expect(repo.findActiveByTokenHash('hash-00000001', { now: T0 + 30 * DAY - 1, idleTimeoutMs: IDLE })).toBeDefined();
    expect(repo.findActiveByTokenHash('hash-00000001', { now: T0 + 30 * DAY, idleTimeoutMs: IDLE })).toBeUndefined();
  });

  it('ignores a revoked login and records why', () => {
    add('00000001');
    expect(repo.revoke('00000001', 'logout', T0 + 5)).toBe(true);
    expect(repo.revoke('00000001', 'logout', T0 + 6)).toBe(false);
    expect(repo.findActiveByTokenHash('hash-00000001', { now: T0 + 10, idleTimeoutMs: IDLE })).toBeUndefined();
    expect(repo.get('00000001')).toMatchObject({ revokedAt: '2026-06-01T00:00:00.005Z', revokedReason: 'logout' });
  });

  it('writes last_seen_at at most once a minute', () => {
    add('00000001');
    expect(repo.touch('00000001', T0 + 59_999)).toBe(false);
    expect(repo.get('00000001')?.lastSeenAt).toBe('2026-06-01T00:00:00.000Z');
    expect(repo.touch('00000001', T0 + 60_001)).toBe(true);
    expect(repo.get('00000001')?.lastSeenAt).toBe('2026-06-01T00:01:00.001Z');
    expect(repo.touch('00000001', T0 + 90_000)).toBe(false);
  });

  it('lists only active logins, oldest first', () => {
    add('00000002', T0);
    add('00000001', T0 + 1);
    add('00000003', T0 - 8 * DAY);
    repo.revoke('00000001', 'revoked', T0 + 2);
    add('00000004', T0 + 3);
    expect(repo.listActive({ now: T0 + 10, idleTimeoutMs: IDLE }).map((l) => l.id)).toEqual(['00000002', '00000004']);
  });

  it('revokes every active login except one and returns their ids', () => {
    for (const id of ['00000001', '00000002', '00000003']) add(id);
    repo.revoke('00000002', 'logout', T0);
    expect(repo.revokeAll({ reason: 'password-changed', now: T0 + 1, exceptId: '00000003' })).toEqual(['00000001']);
    expect(repo.get('00000001')?.revokedReason).toBe('password-changed');
    expect(repo.get('00000002')?.revokedReason).toBe('logout');
    expect(repo.get('00000003')?.revokedAt).toBeNull();
    expect(repo.revokeAll({ reason: 'revoked', now: T0 + 2 })).toEqual(['00000003']);
  });

  it('makes fresh ids that no login has', () => {
    add('00000001');
    for (let i = 0; i < 20; i++) expect(repo.newId()).toMatch(/^[0-9a-f]{8}$/);
  });
});
