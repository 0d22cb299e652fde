import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { SHORT_ID_BYTES, TOKEN_BYTES } from './constants.js';

/** Prefixes make a leaked token recognisable (secret scanners, logs) and tell the two kinds apart. */
export const LOGIN_TOKEN_PREFIX = 'cpl_';
export const API_TOKEN_PREFIX = 'cpt_';

/** base64url of 32 bytes is 43 characters (no padding). */
const TOKEN_BODY = /^[A-Za-z0-9_-]{43}$/;

/** The secret a browser login keeps in its cookie. */
export function newLoginToken(): string {
  return LOGIN_TOKEN_PREFIX + randomBytes(TOKEN_BYTES).toString('base64url');
}

/** The secret a script presents as a bearer token. */
export function newApiToken(): string {
  return API_TOKEN_PREFIX + randomBytes(TOKEN_BYTES).toString('base64url');
}

/** True when `token` has the shape of a token of that kind; lets callers skip a lookup for garbage. */
export function looksLikeToken(token: string, prefix: typeof LOGIN_TOKEN_PREFIX | typeof API_TOKEN_PREFIX): boolean {
  return token.startsWith(prefix) && TOKEN_BODY.test(token.slice(prefix.length));
}

/**
 * SHA-256 hex of a token. Tokens carry 256 random bits, so a fast hash is enough: what the database
 * holds cannot be turned back into a usable token, and lookups stay one indexed query.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Compares two secrets in time independent of where they differ. Both sides are hashed first so
 * that inputs of different lengths compare in constant time too (timingSafeEqual needs equal lengths).
 */
export function secretsEqual(a: string, b: string): boolean {
  const da = createHash('sha256').update(a, 'utf8').digest();
  const db = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(da, db);
}

/** A short random public id (8 hex digits) for a login or token, shown to the owner. */
export function newShortId(): string {
  return randomBytes(SHORT_ID_BYTES).toString('hex');
}
