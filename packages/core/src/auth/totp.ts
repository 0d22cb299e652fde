import { timingSafeEqual } from 'node:crypto';
import { HOTP, Secret, TOTP } from 'otpauth';
import { TOTP_DIGITS, TOTP_PERIOD_SECONDS, TOTP_SECRET_BYTES, TOTP_WINDOW_STEPS } from './constants.js';

/** SHA1/6 digits/30 s: the only combination every authenticator app implements. */
const ALGORITHM = 'SHA1';

export type TotpCheck = { ok: true; step: number } | { ok: false };

/** A fresh 160-bit secret, base32 as authenticator apps expect it. */
export function newTotpSecret(): string {
  return new Secret({ size: TOTP_SECRET_BYTES }).base32;
}

/** The otpauth:// URI an authenticator app reads from a QR code. */
export function totpUri(secretBase32: string, options: { issuer: string; label: string }): string {
  return new TOTP({
    issuer: options.issuer,
    label: options.label,
    algorithm: ALGORITHM,
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
    secret: Secret.fromBase32(secretBase32),
  }).toString();
}

/** The time step (30-second slot since the epoch) that `now` falls in. */
export function totpStep(now: number): number {
  return Math.floor(now / 1000 / TOTP_PERIOD_SECONDS);
}

/** A typed code with spaces removed, or undefined when it is not exactly six digits. */
export function normaliseTotpCode(code: string): string | undefined {
  const compact = code.replace(/\s+/g, '');
  return /^\d{6}$/.test(compact) ? compact : undefined;
}

/** The code an authenticator shows at `now` (tests, and the CLI's setup confirmation hint). */
export function currentTotp(secretBase32: string, now: number = Date.now()): string {
  return codeAt(Secret.fromBase32(secretBase32), totpStep(now));
}

/**
 * Checks a code against the steps around `now`, accepting only a step strictly after `lastStep`.
 * otpauth's own validate() would accept the same code again within its window (field notes), so a
 * sniffed or shoulder-surfed code could be replayed; the caller stores the returned step as the new
 * `lastStep`, which makes every code single use, and also refuses a code from a step older than one
 * already used.
 */
export function verifyTotp(secretBase32: string, code: string, lastStep: number, now: number = Date.now()): TotpCheck {
  const typed = normaliseTotpCode(code);
  if (typed === undefined) return { ok: false };
  const secret = Secret.fromBase32(secretBase32);
  const current = totpStep(now);
  let matched: number | undefined;
  // Every candidate is computed and compared whatever the outcome, so timing says nothing about
  // which step (if any) matched.
  for (let step = current - TOTP_WINDOW_STEPS; step <= current + TOTP_WINDOW_STEPS; step++) {
    const same = timingSafeEqual(Buffer.from(codeAt(secret, step)), Buffer.from(typed));
    if (same && step > lastStep && matched === undefined) matched = step;
  }
  return matched === undefined ? { ok: false } : { ok: true, step: matched };
}

function codeAt(secret: Secret, step: number): string {
  return HOTP.generate({ secret, algorithm: ALGORITHM, digits: TOTP_DIGITS, counter: step });
}
