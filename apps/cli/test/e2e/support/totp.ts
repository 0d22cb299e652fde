import { Secret, TOTP } from 'otpauth';

/** The code an authenticator app shows for this secret at `at`, as the owner would read it off the phone. */
export function totpCode(secretBase32: string, at: number = Date.now()): string {
  return new TOTP({ secret: Secret.fromBase32(secretBase32), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: at });
}

/** A well-formed code that is certainly not `code`. */
export function wrongCode(code: string): string {
  return String((Number(code) + 500_000) % 1_000_000).padStart(6, '0');
}
