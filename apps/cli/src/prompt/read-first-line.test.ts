import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readFirstLine } from './read-first-line.js';

async function drain(stream: PassThrough): Promise<string> {
  let text = '';
  stream.setEncoding('utf8');
  for await (const chunk of stream) text += chunk as string;
  return text;
}

describe('readFirstLine', () => {
  it('returns the first line without its newline and leaves the rest readable', async () => {
    const stream = new PassThrough();
    const line = readFirstLine(stream, 100, 'the password');
    stream.write('first line\r\nsecond');
    await expect(line).resolves.toBe('first line');
    stream.end('\nthird\n');
    expect(await drain(stream)).toBe('second\nthird\n');
  });

  it('joins chunks until the newline arrives', async () => {
    const stream = new PassThrough();
    const line = readFirstLine(stream, 100, 'the password');
    stream.write('par');
    stream.write('tial\n');
    await expect(line).resolves.toBe('partial');
  });

  it('returns everything when the input ends without a newline, and "" for no input', async () => {
    const stream = new PassThrough();
    const line = readFirstLine(stream, 100, 'the password');
    stream.end('no newline');
    await expect(line).resolves.toBe('no newline');
    const empty = new PassThrough();
    const nothing = readFirstLine(empty, 100, 'the password');
    empty.end();
    await expect(nothing).resolves.toBe('');
  });

  it('refuses a line longer than the limit', async () => {
    const stream = new PassThrough();
    const line = readFirstLine(stream, 4, 'the password');
    stream.write('abcdef\n');
    await expect(line).rejects.toThrow('the password on stdin is longer than 4 bytes');
  });
});
