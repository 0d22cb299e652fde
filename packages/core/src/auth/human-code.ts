import { randomBytes } from 'node:crypto';
import { HUMAN_CODE_GROUP_LENGTH } from './constants.js';

/**
 * Crockford's base32 alphabet in lower case: no i, l, o or u, so nothing read off paper or a terminal
 * is mistaken for another symbol (and typed look-alikes are mapped back, see normaliseHumanCode).
 * 32 symbols: 5 bits per character.
 */
export const HUMAN_CODE_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
export const HUMAN_CODE_BITS_PER_CHAR = 5;

/** What someone may type for a symbol that is not in the alphabet but looks like one that is. */
const LOOK_ALIKES: Record<string, string> = { o: '0', i: '1', l: '1' };

/** A random code of `groups` groups of four symbols joined by dashes, e.g. `k7mq-2xdr-9fat`. */
export function generateHumanCode(groups: number): string {
  const length = groups * HUMAN_CODE_GROUP_LENGTH;
  // 256 is a multiple of 32, so keeping the low five bits of each byte picks every symbol equally often.
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) {
    if (i > 0 && i % HUMAN_CODE_GROUP_LENGTH === 0) out += '-';
    out += HUMAN_CODE_ALPHABET[bytes[i]! & 31];
  }
  return out;
}

/**
 * The canonical form of a typed code (lower case, no separators, look-alikes mapped), or undefined
 * when it is not `groups` groups' worth of alphabet symbols.
 */
export function normaliseHumanCode(input: string, groups: number): string | undefined {
  const compact = input.toLowerCase().replace(/[\s-]+/g, '');
  if (compact.length !== groups * HUMAN_CODE_GROUP_LENGTH) return undefined;
  let out = '';
  for (const ch of compact) {
    const symbol = LOOK_ALIKES[ch] ?? ch;
    if (!HUMAN_CODE_ALPHABET.includes(symbol)) return undefined;
    out += symbol;
  }
  return out;
}
