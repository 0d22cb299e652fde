import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CoreError } from '../errors.js';
import { SecretBox, secretKeyPath } from './secret-box.js';

let home: string;

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'codepiper-box-'));
});

afterEach(() => {
  rmSync(home, { recursive: true, force: true });
});

function errorOf(fn: () => unknown): CoreError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CoreError);
    return error as CoreError;
  }
  throw new Error('expected a throw');
}

/** Replaces one base64url character of part `index` (1 iv, 2 tag, 3 ciphertext) with another. */
function tamper(sealed: string, index: number): string {
  const parts = sealed.split('.');
  const part = parts[index]!;
  parts[index] = (part[0] === 'A' ? 'B' : 'A') + part.slice(1);
  return parts.join('.');
}

describe('SecretBox', () => {
  it('round-trips a secret through the versioned v1 format', async () => {
    const box = await SecretBox.open(home);
    const sealed = box.encrypt('JBSWY3DPEHPK3PXP');
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(box.decrypt(sealed)).toBe('JBSWY3DPEHPK3PXP');
  });

  it('seals the same secret differently each time (random IV)', async () => {
    const box = await SecretBox.open(home);
    expect(box.encrypt('same')).not.toBe(box.encrypt('same'));
  });

  it('detects tampering with the IV, tag or ciphertext', async () => {
    const box = await SecretBox.open(home);
    const sealed = box.encrypt('a secret worth keeping');
    for (const part of [1, 2, 3]) {
      const error = errorOf(() => box.decrypt(tamper(sealed, part)));
      expect(error.code).toBe('internal');
      expect(error.message).toMatch(/cannot be decrypted/);
    }
  });

  it('refuses a value sealed for another context', async () => {
    const box = await SecretBox.open(home);
    const sealed = box.encrypt('secret', 'owner.totp-secret');
    expect(box.decrypt(sealed, 'owner.totp-secret')).toBe('secret');
    expect(errorOf(() => box.decrypt(sealed, 'something-else')).code).toBe('internal');
  });

  it('refuses values in an unknown format or version', async () => {
    const box = await SecretBox.open(home);
    const sealed = box.encrypt('secret');
    for (const bad of ['', 'plaintext', sealed.replace(/^v1/, 'v2'), `${sealed}.extra`, sealed.replace(/\.[^.]+$/, '.!!!')]) {
      expect(errorOf(() => box.decrypt(bad)).code).toBe('internal');
    }
  });

  it('creates the key file 0600 in a 0700 folder, leaving no temp file behind', async () => {
    await SecretBox.open(home);
    expect(statSync(secretKeyPath(home)).mode & 0o777).toBe(0o600);
    expect(statSync(secretKeyPath(home)).size).toBe(32);
    expect(statSync(join(home, 'keys')).mode & 0o777).toBe(0o700);
    expect(readdirSync(join(home, 'keys'))).toEqual(['secret.key']);
  });

  it('reuses the key on the next open, so sealed values stay readable', async () => {
    const sealed = (await SecretBox.open(home)).encrypt('kept across restarts');
    expect((await SecretBox.open(home)).decrypt(sealed)).toBe('kept across restarts');
  });

  it('cannot open values sealed under another home’s key', async () => {
    const other = mkdtempSync(join(tmpdir(), 'codepiper-box-other-'));
    try {
      const sealed = (await SecretBox.open(other)).encrypt('secret');
      const box = await SecretBox.open(home);
      expect(errorOf(() => box.decrypt(sealed)).code).toBe('internal');
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('agrees on one key when two processes open a fresh home at once', async () => {
    const boxes = await Promise.all(Array.from({ length: 8 }, () => SecretBox.open(home)));
    const sealed = boxes[0]!.encrypt('shared');
    for (const box of boxes) expect(box.decrypt(sealed)).toBe('shared');
    expect(readdirSync(join(home, 'keys'))).toEqual(['secret.key']);
  });

  it('tightens a key file that others could read', async () => {
    await SecretBox.open(home);
    chmodSync(secretKeyPath(home), 0o644);
    chmodSync(join(home, 'keys'), 0o755);
    await SecretBox.open(home);
    expect(statSync(secretKeyPath(home)).mode & 0o777).toBe(0o600);
    expect(statSync(join(home, 'keys')).mode & 0o777).toBe(0o700);
  });

  it('reports a damaged key file instead of replacing it', async () => {
    await SecretBox.open(home);
    writeFileSync(secretKeyPath(home), 'short');
    await expect(SecretBox.open(home)).rejects.toMatchObject({ code: 'internal', message: expect.stringMatching(/damaged/) });
  });
});
