import { describe, expect, it } from 'vitest';
import { TailBuffer, tailLines } from './tail.js';

const text = (data: Uint8Array): string => Buffer.from(data).toString('utf8');

describe('TailBuffer', () => {
  it('keeps the last N items in order', () => {
    const tail = new TailBuffer<number>(3);
    for (let i = 1; i <= 7; i++) tail.push(i);
    expect(tail.toArray()).toEqual([5, 6, 7]);
  });

  it('keeps everything when fewer than N were pushed', () => {
    const tail = new TailBuffer<string>(5);
    tail.push('a');
    tail.push('b');
    expect(tail.toArray()).toEqual(['a', 'b']);
  });
});

describe('tailLines', () => {
  const data = Buffer.from('one\ntwo\nthree\n');

  it('returns the last N lines with their newlines, like tail -n', () => {
    expect(text(tailLines(data, 1))).toBe('three\n');
    expect(text(tailLines(data, 2))).toBe('two\nthree\n');
  });

  it('returns everything when asked for more lines than there are', () => {
    expect(text(tailLines(data, 10))).toBe('one\ntwo\nthree\n');
  });

  it('counts an unterminated last line as a line', () => {
    expect(text(tailLines(Buffer.from('a\nb\nprompt$ '), 2))).toBe('b\nprompt$ ');
  });
});
