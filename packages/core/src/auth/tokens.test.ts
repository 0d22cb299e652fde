import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { API_TOKEN_PREFIX, LOGIN_TOKEN_PREFIX, hashToken, looksLikeToken, newApiToken, newLoginToken, newShortId, secretsEqual } from './tokens.js';

describe('newLoginToken / newApiToken', () => {
  it('returns a prefixed base64url string of 32 random bytes', () => {
    const login = newLoginToken();
    const api = newApiToken();
    expect(login).toMatch(/^cpl_[A-Za-z0-9_-]{43}$/);
    expect(api).toMatch(/^cpt_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(login.slice(4), 'base64url')).toHaveLength(32);
  });

  it('never repeats', () => {
    const seen = new Set(Array.from({ length: 1000 }, () => newLoginToken()));
    expect(seen.size).toBe(1000);
  });
});

describe('looksLikeToken', () => {
  it('tells the two kinds apart and refuses garbage', () => {
    expect(looksLikeToken(newLoginToken(), LOGIN_TOKEN_PREFIX)).toBe(true);
    expect(looksLikeToken(newLoginToken(), API_TOKEN_PREFIX)).toBe(false);
    expect(looksLikeToken(newApiToken(), API_TOKEN_PREFIX)).toBe(true);
    for (const junk of ['', 'cpl_', 'cpl_short', `cpl_${'a'.repeat(44)}`, `cpl_${'!'.repeat(43)}`]) {
      expect(looksLikeToken(junk, LOGIN_TOKEN_PREFIX)).toBe(false);
    }
  });
});

describe('hashToken', () => {
  it('returns the SHA-256 hex of the token', () => {
    const token = newApiToken();
    expect(hashToken(token)).toBe(createHash('sha256').update(token).digest('hex'));
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('secretsEqual', () => {
  it('compares strings of any length without throwing', () => {
    expect(secretsEqual('abc', 'abc')).toBe(true);
    expect(secretsEqual('abc', 'abd')).toBe(false);
    expect(secretsEqual('abc', 'abcd')).toBe(false);
    expect(secretsEqual('', '')).toBe(true);
  });
});

describe('newShortId', () => {
  it('returns 8 hex digits', () => {
    expect(newShortId()).toMatch(/^[0-9a-f]{8}$/);
  });
});
