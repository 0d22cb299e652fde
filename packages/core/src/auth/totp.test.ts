import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { currentTotp, newTotpSecret, normaliseTotpCode, totpStep, totpUri, verifyTotp } from './totp.js';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
/** The start of a time step, so ±seconds stay inside or cross it predictably. */
const T0 = 1_800_000_000_000 - (1_800_000_000_000 % 30_000);
const STEP = 30_000;

function codeAt(ms: number): string {
  return currentTotp(SECRET, ms);
}

describe('newTotpSecret', () => {
  it('returns 160 random bits in base32', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(secret);
  });
});

describe('totpUri', () => {
  it('describes a SHA1, 6-digit, 30-second TOTP under the CodePiper issuer', () => {
    const uri = new URL(totpUri(SECRET, { issuer: 'CodePiper', label: 'owner' }));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/CodePiper:owner');
    expect(Object.fromEntries(uri.searchParams)).toMatchObject({ secret: SECRET, issuer: 'CodePiper', algorithm: 'SHA1', digits: '6', period: '30' });
  });
});

describe('currentTotp', () => {
  it('matches what an authenticator app (RFC 6238) shows', () => {
    const reference = new TOTP({ secret: SECRET, algorithm: 'SHA1', digits: 6, period: 30 });
    expect(codeAt(T0)).toBe(reference.generate({ timestamp: T0 }));
  });
});

describe('verifyTotp', () => {
  it('accepts the current code and returns its step', () => {
    expect(verifyTotp(SECRET, codeAt(T0), 0, T0 + 10_000)).toEqual({ ok: true, step: totpStep(T0) });
  });

  it('accepts a code from one step before or after, not two', () => {
    const now = T0 + 15_000;
    expect(verifyTotp(SECRET, codeAt(T0 - STEP), 0, now)).toEqual({ ok: true, step: totpStep(T0) - 1 });
    expect(verifyTotp(SECRET, codeAt(T0 + STEP), 0, now)).toEqual({ ok: true, step: totpStep(T0) + 1 });
    expect(verifyTotp(SECRET, codeAt(T0 - 2 * STEP), 0, now).ok).toBe(false);
    expect(verifyTotp(SECRET, codeAt(T0 + 2 * STEP), 0, now).ok).toBe(false);
  });

  it('refuses the same code a second time, even a step later when otpauth alone would accept it', () => {
    const code = codeAt(T0);
    const first = verifyTotp(SECRET, code, 0, T0 + 1_000);
    expect(first.ok).toBe(true);
    const lastStep = (first as { step: number }).step;
    expect(verifyTotp(SECRET, code, lastStep, T0 + 2_000)).toEqual({ ok: false });
    // The field notes' pitfall: a step later the code is still inside otpauth's window.
    expect(TOTP.validate({ token: code, secret: Secret.fromBase32(SECRET), timestamp: T0 + STEP + 1_000 })).not.toBeNull();
    expect(verifyTotp(SECRET, code, lastStep, T0 + STEP + 1_000)).toEqual({ ok: false });
  });

  it('refuses a code from an earlier step once a later one was accepted', () => {
    const now = T0 + 5_000;
    const later = verifyTotp(SECRET, codeAt(T0), 0, now);
    expect(later.ok).toBe(true);
    expect(verifyTotp(SECRET, codeAt(T0 - STEP), (later as { step: number }).step, now)).toEqual({ ok: false });
  });

  it('refuses a wrong code and anything that is not six digits', () => {
    const right = codeAt(T0);
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
    expect(verifyTotp(SECRET, wrong, 0, T0).ok).toBe(false);
    for (const junk of ['', '12345', '1234567', 'abcdef', `${right}0`]) expect(verifyTotp(SECRET, junk, 0, T0).ok).toBe(false);
  });

  it('accepts a code typed with spaces', () => {
    const code = codeAt(T0);
    expect(verifyTotp(SECRET, `${code.slice(0, 3)} ${code.slice(3)}`, 0, T0).ok).toBe(true);
  });
});

describe('normaliseTotpCode', () => {
  it('strips spaces and insists on six digits', () => {
    expect(normaliseTotpCode(' 123 456 ')).toBe('123456');
    expect(normaliseTotpCode('12 345')).toBeUndefined();
  });
});
