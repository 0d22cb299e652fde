import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type CodePiperDatabase } from './database.js';
import { OwnerRepository } from './owner-repository.js';

const T0 = Date.parse('2026-06-01T00:00:00.000Z');
let dir: string;
let database: CodePiperDatabase;
let repo: OwnerRepository;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'codepiper-owner-'));
  database = openDatabase(join(dir, 'codepiper.db'));
  repo = new OwnerRepository(database);
});

afterEach(() => {
  database.close();
  rmSync(dir, { recursive: true, force: true });
});

function setUp(): void {
  repo.saveUnconfirmed({ passwordHash: 'hash-1', totpPendingEnc: 'pending-1', recoveryCodeHashes: ['r1', 'r2', 'r3'] }, T0);
}

describe('OwnerRepository', () => {
  it('has no owner on a fresh database', () => {
    expect(repo.get()).toBeUndefined();
    expect(repo.countUnusedRecoveryCodes()).toBe(0);
  });

  it('stores an unconfirmed owner with its pending secret and recovery codes', () => {
    setUp();
    expect(repo.get()).toEqual({
      passwordHash: 'hash-1',
      totpSecretEnc: null,
      totpLastStep: 0,
      totpPendingEnc: 'pending-1',
      createdAt: '2026-06-01T00:00:00.000Z',
      updatedAt: '2026-06-01T00:00:00.000Z',
      passwordChangedAt: '2026-06-01T00:00:00.000Z',
      confirmed: false,
    });
    expect(repo.countUnusedRecoveryCodes()).toBe(3);
  });

  it('replaces an unconfirmed setup but refuses once confirmed', () => {
    setUp();
    repo.saveUnconfirmed({ passwordHash: 'hash-2', totpPendingEnc: 'pending-2', recoveryCodeHashes: ['r4'] }, T0 + 1);
    expect(repo.get()).toMatchObject({ passwordHash: 'hash-2', totpPendingEnc: 'pending-2', createdAt: '2026-06-01T00:00:00.000Z' });
    expect(repo.countUnusedRecoveryCodes()).toBe(1);
    expect(repo.confirmPendingTotp('pending-2', 100, T0 + 2)).toBe(true);
    expect(() => repo.saveUnconfirmed({ passwordHash: 'evil', totpPendingEnc: 'evil', recoveryCodeHashes: [] }, T0 + 3)).toThrow(
      expect.objectContaining({ code: 'conflict' }),
    );
    expect(repo.get()?.passwordHash).toBe('hash-2');
  });

  it('keeps a single owner row', () => {
    setUp();
    expect(() =>
      database.sqlite
        .prepare("INSERT INTO owner (id, password_hash, created_at, updated_at, password_changed_at) VALUES (2, 'x', 'a', 'a', 'a')")
        .run(),
    ).toThrow(/CHECK constraint/);
  });

  it('confirms only the pending secret it was given, and moves it to the active one', () => {
    setUp();
    expect(repo.confirmPendingTotp('some-older-pending', 100, T0)).toBe(false);
    expect(repo.confirmPendingTotp('pending-1', 100, T0)).toBe(true);
    expect(repo.get()).toMatchObject({ totpSecretEnc: 'pending-1', totpPendingEnc: null, totpLastStep: 100, confirmed: true });
  });

  it('advances the TOTP step only forwards', () => {
    setUp();
    repo.confirmPendingTotp('pending-1', 100, T0);
    expect(repo.advanceTotpStep(100, T0)).toBe(false);
    expect(repo.advanceTotpStep(99, T0)).toBe(false);
    expect(repo.advanceTotpStep(101, T0)).toBe(true);
    expect(repo.get()?.totpLastStep).toBe(101);
  });

  it('uses a recovery code once', () => {
    setUp();
    expect(repo.useRecoveryCode('r2', T0)).toBe(true);
    expect(repo.useRecoveryCode('r2', T0)).toBe(false);
    expect(repo.useRecoveryCode('unknown', T0)).toBe(false);
    expect(repo.countUnusedRecoveryCodes()).toBe(2);
  });

  it('replaces all recovery codes, used ones included', () => {
    setUp();
    repo.useRecoveryCode('r1', T0);
    repo.replaceRecoveryCodes(['n1', 'n2'], T0);
    expect(repo.useRecoveryCode('r2', T0)).toBe(false);
    expect(repo.countUnusedRecoveryCodes()).toBe(2);
  });

  it('rolls back a recovery code replacement that fails halfway', () => {
    setUp();
    expect(() => repo.replaceRecoveryCodes(['dup', 'dup'], T0)).toThrow();
    expect(repo.countUnusedRecoveryCodes()).toBe(3);
  });

  it('records a password change, but not a rehash, as a change', () => {
    setUp();
    repo.setPasswordHash('hash-new', T0 + 1000);
    expect(repo.get()).toMatchObject({ passwordHash: 'hash-new', passwordChangedAt: '2026-06-01T00:00:01.000Z' });
    expect(repo.rehashPassword('hash-new', 'hash-stronger', T0 + 2000)).toBe(true);
    expect(repo.get()).toMatchObject({ passwordHash: 'hash-stronger', passwordChangedAt: '2026-06-01T00:00:01.000Z' });
  });

  it('does not rehash over a password changed in the meantime', () => {
    setUp();
    repo.setPasswordHash('changed', T0);
    expect(repo.rehashPassword('hash-1', 'rehash-of-old', T0)).toBe(false);
    expect(repo.get()?.passwordHash).toBe('changed');
  });

  it('refuses credential updates before any owner exists', () => {
    expect(() => repo.setPasswordHash('x', T0)).toThrow(expect.objectContaining({ code: 'conflict' }));
    expect(() => repo.setPendingTotp('x', T0)).toThrow(expect.objectContaining({ code: 'conflict' }));
  });
});
