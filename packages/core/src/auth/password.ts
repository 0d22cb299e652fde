import { hash, verify } from '@node-rs/argon2';
import { PasswordSchema } from '@codepiper/protocol';
import { CoreError } from '../errors.js';
import { ARGON2_MEMORY_KIB, ARGON2_PARALLELISM, ARGON2_TIME_COST } from './constants.js';

// `Algorithm` is a const enum in the binding's typings, which isolatedModules cannot inline: this is
// its Argon2id member.
const ARGON2ID = 2;

export interface PasswordCheck {
  ok: boolean;
  /** The stored hash is weaker than today's parameters (or not argon2id): store a fresh one. */
  needsRehash: boolean;
}

/** Parameters read from an encoded hash (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`). */
export interface HashParameters {
  algorithm: string;
  version: number;
  memoryKib: number;
  timeCost: number;
  parallelism: number;
}

const PHC = /^\$(argon2(?:id|i|d))\$v=(\d+)\$m=(\d+),t=(\d+),p=(\d+)\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/;

/** argon2id (RFC 9106) at OWASP's parameters; the result is a self-describing PHC string. */
export async function hashPassword(password: string): Promise<string> {
  return hash(password, {
    algorithm: ARGON2ID,
    memoryCost: ARGON2_MEMORY_KIB,
    timeCost: ARGON2_TIME_COST,
    parallelism: ARGON2_PARALLELISM,
  });
}

export function parseHashParameters(encoded: string): HashParameters | undefined {
  const m = PHC.exec(encoded);
  if (!m) return undefined;
  return { algorithm: m[1]!, version: Number(m[2]), memoryKib: Number(m[3]), timeCost: Number(m[4]), parallelism: Number(m[5]) };
}

/**
 * Checks a password against a stored hash. The hash carries its own parameters, so older hashes still
 * verify; `needsRehash` says when one is weaker than what hashPassword would write today.
 */
export async function verifyPassword(encoded: string, password: string): Promise<PasswordCheck> {
  const params = parseHashParameters(encoded);
  // An unreadable stored hash would otherwise look like a wrong password forever: say what is wrong.
  if (!params) throw new CoreError('internal', 'the stored password hash is not an argon2 hash this CodePiper can read');
  let ok: boolean;
  try {
    ok = await verify(encoded, password);
  } catch (error) {
    throw new CoreError('internal', 'the stored password hash cannot be verified', { cause: error });
  }
  const needsRehash =
    params.algorithm !== 'argon2id' ||
    params.version < 19 ||
    params.memoryKib < ARGON2_MEMORY_KIB ||
    params.timeCost < ARGON2_TIME_COST ||
    params.parallelism < ARGON2_PARALLELISM;
  return { ok, needsRehash };
}

/** Holds a new password to the policy shared with clients (protocol's PasswordSchema). */
export function validateNewPassword(password: string): void {
  const result = PasswordSchema.safeParse(password);
  if (!result.success) throw new CoreError('bad_request', result.error.issues[0]?.message ?? 'the password does not meet the policy');
}
