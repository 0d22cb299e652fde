import { hash } from '@node-rs/argon2';
import { describe, expect, it } from 'vitest';
import { CoreError } from '../errors.js';
import { hashPassword, parseHashParameters, validateNewPassword, verifyPassword } from './password.js';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('hashPassword', () => {
  it('writes an argon2id hash with at least OWASP parameters (m=19456, t=2, p=1)', async () => {
    const encoded = await hashPassword('correct horse battery');
    expect(encoded).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(parseHashParameters(encoded)).toEqual({ algorithm: 'argon2id', version: 19, memoryKib: 19456, timeCost: 2, parallelism: 1 });
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same password')).not.toBe(await hashPassword('same password'));
  });
});

describe('verifyPassword', () => {
  it('accepts the password and refuses another one', async () => {
    const encoded = await hashPassword('correct horse battery');
    expect(await verifyPassword(encoded, 'correct horse battery')).toEqual({ ok: true, needsRehash: false });
    expect((await verifyPassword(encoded, 'correct horse batterz')).ok).toBe(false);
  });

  it('asks for a rehash of a hash made with weaker parameters', async () => {
    const weak = await hash('correct horse battery', { memoryCost: 8192, timeCost: 1, parallelism: 1 });
    expect(await verifyPassword(weak, 'correct horse battery')).toEqual({ ok: true, needsRehash: true });
    const fewerPasses = await hash('correct horse battery', { memoryCost: 19456, timeCost: 1, parallelism: 1 });
    expect((await verifyPassword(fewerPasses, 'correct horse battery')).needsRehash).toBe(true);
  });

  it('asks for a rehash of an argon2i hash', async () => {
    const argon2i = await hash('correct horse battery', { algorithm: 1, memoryCost: 19456, timeCost: 2, parallelism: 1 });
    expect(argon2i.startsWith('$argon2i$')).toBe(true);
    expect(await verifyPassword(argon2i, 'correct horse battery')).toEqual({ ok: true, needsRehash: true });
  });

  it('does not ask for a rehash of a hash stronger than today’s', async () => {
    const strong = await hash('correct horse battery', { memoryCost: 32768, timeCost: 3, parallelism: 1 });
    expect(await verifyPassword(strong, 'correct horse battery')).toEqual({ ok: true, needsRehash: false });
  });

  it('reports an unreadable stored hash as an internal error rather than a wrong password', async () => {
    await expect(verifyPassword('$2b$10$notargon', 'x')).rejects.toMatchObject({ code: 'internal' });
  });
});

describe('validateNewPassword', () => {
  it('refuses fewer than 10 characters, counting code points', () => {
    const error = thrown(() => validateNewPassword('short'));
    expect(error).toBeInstanceOf(CoreError);
    expect((error as CoreError).code).toBe('bad_request');
    expect((error as CoreError).message).toBe('a password needs at least 10 characters');
    expect(() => validateNewPassword('😀'.repeat(9))).toThrow(CoreError);
    expect(() => validateNewPassword('😀'.repeat(10))).not.toThrow();
  });

  it('refuses more than 1024 characters and only whitespace', () => {
    expect(() => validateNewPassword('a'.repeat(1025))).toThrow(/at most 1024/);
    expect(() => validateNewPassword(' '.repeat(12))).toThrow(/only spaces/);
    expect(() => validateNewPassword('a'.repeat(1024))).not.toThrow();
  });
});
