import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CliError, UsageError } from '../errors.js';
import { scriptedTerminal } from '../prompt/test-support/fake-tty.js';
import { obtainNewPassword } from './new-password.js';

const tty = Object.assign(new PassThrough(), { isTTY: true });

describe('obtainNewPassword', () => {
  it('asks twice at masked prompts and returns the password when both match', async () => {
    const io = scriptedTerminal(['correct horse battery\r', 'correct horse battery\r']);
    await expect(obtainNewPassword({ fromStdin: false, stdin: tty, io })).resolves.toBe('correct horse battery');
    expect(io.transcript()).toBe('New password: \r\nRepeat the password: \r\n');
  });

  it('asks again after a password under the minimum length or two entries that differ', async () => {
    const warnings: string[] = [];
    const io = scriptedTerminal(['short\r', 'first-long-one\r', 'second-long-one\r', 'finally-long-enough\r', 'finally-long-enough\r']);
    const password = await obtainNewPassword({ fromStdin: false, stdin: tty, io, warn: (line) => warnings.push(line) });
    expect(password).toBe('finally-long-enough');
    expect(warnings).toEqual(['a password needs at least 10 characters; try again', 'the two passwords differ; try again']);
  });

  it('gives up after the last try', async () => {
    const io = scriptedTerminal(['short\r', 'short\r', 'short\r']);
    await expect(obtainNewPassword({ fromStdin: false, stdin: tty, io, warn: () => undefined })).rejects.toThrow('a password needs at least 10 characters; no password set');
  });

  it('reads the first line of stdin with --password-stdin and holds it to the policy', async () => {
    const piped = new PassThrough();
    piped.end('from-a-pipe-123\n');
    await expect(obtainNewPassword({ fromStdin: true, stdin: piped })).resolves.toBe('from-a-pipe-123');
    const short = new PassThrough();
    short.end('tiny\n');
    const error = await obtainNewPassword({ fromStdin: true, stdin: short }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).message).toBe('a password needs at least 10 characters');
  });

  it('refuses to prompt when stdin is not a terminal, pointing at --password-stdin', async () => {
    const pipe = Object.assign(new PassThrough(), { isTTY: false });
    await expect(obtainNewPassword({ fromStdin: false, stdin: pipe })).rejects.toThrow(UsageError);
  });
});
