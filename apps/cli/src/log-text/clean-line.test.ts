import { describe, expect, it } from 'vitest';
import { cleanLogLine } from './clean-line.js';

describe('cleanLogLine', () => {
  it('removes colour and cursor escape sequences and OSC titles', () => {
    expect(cleanLogLine('\x1b[1;32mPASS\x1b[0m src/a.test.ts')).toBe('PASS src/a.test.ts');
    expect(cleanLogLine('\x1b]0;my title\x07prompt$ ')).toBe('prompt$ ');
  });

  it('drops the carriage return of a CRLF line end', () => {
    expect(cleanLogLine('hello\r')).toBe('hello');
    expect(cleanLogLine('hello\r\r')).toBe('hello');
  });

  it('keeps only the last redraw of a line rewritten with carriage returns', () => {
    expect(cleanLogLine('progress 10%\rprogress 50%\rprogress 100%')).toBe('progress 100%');
    expect(cleanLogLine('\x1b[2K\r$ ls\x1b[K')).toBe('$ ls');
  });

  it('ignores an empty redraw after a carriage return', () => {
    expect(cleanLogLine('done\r\x1b[K\r')).toBe('done');
  });

  it('applies backspaces to the characters before them', () => {
    expect(cleanLogLine('ecx\b \bho hi')).toBe('echo hi');
    expect(cleanLogLine('\b\bab')).toBe('ab');
  });

  it('drops other control characters but keeps tabs', () => {
    expect(cleanLogLine('a\x07b\tc\x00d\x1b')).toBe('ab\tcd');
  });
});
