import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import type { PromptIO, RawInput } from '../read-line.js';

/** A terminal's stdin as a prompt sees it, recording the raw-mode switches it is put through. */
export class FakeTty extends EventEmitter implements RawInput {
  isRaw = false;
  modes: boolean[] = [];
  flowing = false;

  setRawMode(mode: boolean): this {
    this.isRaw = mode;
    this.modes.push(mode);
    return this;
  }

  resume(): this {
    this.flowing = true;
    return this;
  }

  pause(): this {
    this.flowing = false;
    return this;
  }

  type(text: string | Buffer): void {
    this.emit('data', typeof text === 'string' ? Buffer.from(text) : text);
  }
}

/**
 * A fake terminal that answers each prompt, in order, as soon as the prompt is written: the
 * conversation of a person typing, driven by the prompts themselves rather than by timing.
 */
export function scriptedTerminal(answers: readonly string[]): PromptIO & { input: FakeTty; transcript: () => string } {
  const input = new FakeTty();
  const output = new PassThrough();
  const pending = [...answers];
  let transcript = '';
  output.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    transcript += text;
    // A prompt ends with ": " and is written before the prompt listens; answer on the next turn.
    if (text.endsWith(': ') && pending.length > 0) {
      const answer = pending.shift()!;
      setImmediate(() => input.type(answer));
    }
  });
  return { input, output, transcript: () => transcript };
}
