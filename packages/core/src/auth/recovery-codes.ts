import { createHash } from 'node:crypto';
import { RECOVERY_CODE_COUNT, RECOVERY_CODE_GROUPS } from './constants.js';
import { generateHumanCode, normaliseHumanCode } from './human-code.js';

/** Fresh recovery codes like `k7mq-2xdr-9fat` (60 bits each), shown to the owner once. */
export function generateRecoveryCodes(count: number = RECOVERY_CODE_COUNT): string[] {
  const codes = new Set<string>();
  // A repeat is astronomically unlikely, but the table's unique hash column would turn it into an error.
  while (codes.size < count) codes.add(generateHumanCode(RECOVERY_CODE_GROUPS));
  return [...codes];
}

/** A typed recovery code in canonical form (case, dashes and spaces ignored), or undefined if malformed. */
export function normaliseRecoveryCode(input: string): string | undefined {
  return normaliseHumanCode(input, RECOVERY_CODE_GROUPS);
}

/**
 * SHA-256 hex of the canonical code; undefined for input that is not a recovery code. A fast hash is
 * right here: 60 random bits cannot be searched offline, and the codes are never readable back.
 */
export function hashRecoveryCode(input: string): string | undefined {
  const code = normaliseRecoveryCode(input);
  return code === undefined ? undefined : createHash('sha256').update(code, 'utf8').digest('hex');
}
