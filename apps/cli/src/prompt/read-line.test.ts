import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CliError, EXIT, InterruptedError } from '../errors.js';
import { readLine } from './read-line.js';
import { FakeTty } from './test-support/fake-tty.js';

function setup(): { input: FakeTty; output: PassThrough; written: () => string } {
  const input = new FakeTty();
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  return { input, output, written: () => text };
}

describe('readLine', () => {
  it('reads a masked line in raw mode without echoing it, then restores the terminal', async () => {
    const { input, output, written } = setup();
    const line = readLine('Password: ', { masked: true }, { input, output });
    expect(input.isRaw).toBe(true);
    expect(input.flowing).toBe(true);
    input.type('hunter2-long');
    input.type('\r');
    await expect(line).resolves.toBe('hunter2-long');
    expect(written()).toBe('Password: \r\n');
    expect(input.modes).toEqual([true, false]);
    expect(input.flowing).toBe(false);
    expect(input.listenerCount('data')).toBe(0);
  });

  it('switches the terminal to raw mode before the prompt shows, so no key typed in answer is echoed by the terminal', async () => {
    const { input, output } = setup();
    const rawWhenPrompted: boolean[] = [];
    output.on('data', () => rawWhenPrompted.push(input.isRaw));
    const line = readLine('Password: ', { masked: true }, { input, output });
    input.type('x\r');
    await line;
    expect(rawWhenPrompted[0]).toBe(true);
  });

  it('echoes a visible line and its corrections', async () => {
    const { input, output, written } = setup();
    const line = readLine('Code: ', { masked: false }, { input, output });
    input.type('12x\x7f3456\r');
    await expect(line).resolves.toBe('123456');
    expect(written()).toBe('Code: 12x\b \b3456\r\n');
  });

  it('decodes a UTF-8 character split between two reads', async () => {
    const { input, output } = setup();
    const line = readLine('> ', { masked: true }, { input, output });
    const bytes = Buffer.from('pässword\r', 'utf8');
    input.type(bytes.subarray(0, 2));
    input.type(bytes.subarray(2));
    await expect(line).resolves.toBe('pässword');
  });

  it('rejects with exit status 130 on Ctrl-C and restores the terminal', async () => {
    const { input, output } = setup();
    const line = readLine('> ', { masked: true }, { input, output });
    input.type('abc\x03');
    const error = await line.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InterruptedError);
    expect((error as CliError).exitCode).toBe(EXIT.interrupted);
    expect(input.isRaw).toBe(false);
  });

  it('rejects when the input ends before Enter', async () => {
    const { input, output } = setup();
    const line = readLine('> ', { masked: true }, { input, output });
    input.emit('end');
    await expect(line).rejects.toThrow(CliError);
    expect(input.isRaw).toBe(false);
  });

  it('keeps a terminal that was already raw in raw mode afterwards', async () => {
    const { input, output } = setup();
    input.isRaw = true;
    const line = readLine('> ', { masked: true }, { input, output });
    input.type('x\r');
    await line;
    expect(input.isRaw).toBe(true);
  });
});
