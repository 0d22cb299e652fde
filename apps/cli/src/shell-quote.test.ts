import { describe, expect, it } from 'vitest';
import { shellJoin, shellQuote } from './shell-quote.js';

describe('shellQuote', () => {
  it('leaves plain words bare', () => {
    expect(shellQuote('npm')).toBe('npm');
    expect(shellQuote('--flag=a/b.c')).toBe('--flag=a/b.c');
  });

  it('single-quotes words with spaces or shell characters, escaping quotes', () => {
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote('')).toBe("''");
  });

  it('joins an argv into one line', () => {
    expect(shellJoin(['sh', '-c', 'echo hi; exit 4'])).toBe("sh -c 'echo hi; exit 4'");
  });
});
