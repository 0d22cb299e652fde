import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HUMAN_CODE_ALPHABET, HUMAN_CODE_BITS_PER_CHAR, generateHumanCode, normaliseHumanCode } from './human-code.js';
import { generateRecoveryCodes, hashRecoveryCode, normaliseRecoveryCode } from './recovery-codes.js';

describe('generateRecoveryCodes', () => {
  it('returns ten distinct codes shaped like abcd-efgh-jkmn from the unambiguous alphabet', () => {
    const codes = generateRecoveryCodes(10);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}$/);
  });

  it('carries at least 60 bits per code', () => {
    expect(HUMAN_CODE_ALPHABET).toHaveLength(32);
    expect(new Set(HUMAN_CODE_ALPHABET).size).toBe(32);
    const symbols = generateRecoveryCodes(1)[0]!.replace(/-/g, '').length;
    expect(symbols * HUMAN_CODE_BITS_PER_CHAR).toBeGreaterThanOrEqual(60);
  });

  it('leaves out letters that read like others', () => {
    for (const ambiguous of ['i', 'l', 'o', 'u']) expect(HUMAN_CODE_ALPHABET).not.toContain(ambiguous);
  });

  it('uses every symbol of the alphabet', () => {
    const seen = new Set(generateRecoveryCodes(200).join('').replace(/-/g, ''));
    expect(seen.size).toBe(32);
  });
});

describe('normaliseRecoveryCode', () => {
  it('ignores case, dashes and spaces', () => {
    expect(normaliseRecoveryCode('ABCD-efgh-JKMN')).toBe('abcdefghjkmn');
    expect(normaliseRecoveryCode(' abcd efgh  jkmn ')).toBe('abcdefghjkmn');
    expect(normaliseRecoveryCode('abcdefghjkmn')).toBe('abcdefghjkmn');
  });

  it('reads look-alike letters as the digits they resemble', () => {
    expect(normaliseRecoveryCode('oooo-iiii-llll')).toBe('000011111111');
  });

  it('refuses a wrong length or a symbol outside the alphabet', () => {
    expect(normaliseRecoveryCode('abcd-efgh')).toBeUndefined();
    expect(normaliseRecoveryCode('abcd-efgh-jkmu')).toBeUndefined();
    expect(normaliseRecoveryCode('abcd-efgh-jkm!')).toBeUndefined();
  });
});

describe('hashRecoveryCode', () => {
  it('hashes the normalised code with SHA-256, so any spelling of it matches', () => {
    const expected = createHash('sha256').update('abcdefghjkmn').digest('hex');
    expect(hashRecoveryCode('ABCD EFGH JKMN')).toBe(expected);
    expect(hashRecoveryCode('abcd-efgh-jkmn')).toBe(expected);
  });

  it('returns undefined for something that is not a code', () => {
    expect(hashRecoveryCode('nope')).toBeUndefined();
  });
});

describe('generateHumanCode', () => {
  it('builds four-character groups that normalise back to themselves', () => {
    const code = generateHumanCode(4);
    expect(code).toMatch(/^(?:[0-9a-z]{4}-){3}[0-9a-z]{4}$/);
    expect(normaliseHumanCode(code, 4)).toBe(code.replace(/-/g, ''));
  });
});
