import { describe, expect, it } from 'vitest';
import { wholeNumber } from './options.js';

describe('wholeNumber', () => {
  const cols = wholeNumber('--cols');

  it('accepts digits given as a string or already parsed as a number', () => {
    expect(cols('80')).toBe(80);
    expect(cols(120)).toBe(120);
    expect(cols(undefined)).toBeUndefined();
  });

  it('takes the last of a repeated option', () => {
    expect(cols(['80', '100'])).toBe(100);
  });

  it('rejects fractions, signs, words and empty text with a message naming the option', () => {
    for (const bad of ['1.5', '-3', 'abc', '', '1e3']) expect(() => cols(bad)).toThrow(`--cols must be a whole number, got "${bad}"`);
  });

  it('enforces a lower bound', () => {
    expect(() => wholeNumber('--lines', 1)('0')).toThrow('--lines must be at least 1, got 0');
  });
});
