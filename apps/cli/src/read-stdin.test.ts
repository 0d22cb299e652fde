import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CliError } from './errors.js';
import { readStdinText } from './read-stdin.js';

describe('readStdinText', () => {
  it('joins the chunks and drops one trailing newline', async () => {
    expect(await readStdinText(100, Readable.from([Buffer.from('line one\n'), Buffer.from('line two\n')]))).toBe('line one\nline two');
    expect(await readStdinText(100, Readable.from([Buffer.from('crlf\r\n')]))).toBe('crlf');
    expect(await readStdinText(100, Readable.from([Buffer.from('two\n\n')]))).toBe('two\n');
  });

  it('accepts exactly the limit plus the dropped newline', async () => {
    expect(await readStdinText(4, Readable.from([Buffer.from('abcd\n')]))).toBe('abcd');
  });

  it('refuses more than the limit with a payload_too_large error', async () => {
    const error = await readStdinText(4, Readable.from([Buffer.from('abc'), Buffer.from('defgh')])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).code).toBe('payload_too_large');
    expect((error as CliError).message).toBe('input is at most 4 bytes; stdin had more');
  });
});
