import type { EventEmitter } from 'node:events';
import { StringDecoder } from 'node:string_decoder';
import { PROMPT_MAX_CHARS } from '../constants.js';
import { CliError, InterruptedError } from '../errors.js';
import { LineEditor } from './line-editor.js';

/** The part of a TTY's stdin a prompt uses; a test passes a stand-in. */
export interface RawInput extends EventEmitter {
  isRaw?: boolean;
  setRawMode(mode: boolean): unknown;
  resume(): unknown;
  pause(): unknown;
}

export interface PromptIO {
  input: RawInput;
  output: NodeJS.WritableStream;
}

/** The process's terminal: keys from stdin, prompts on stderr so that stdout stays the command's output. */
export function terminalIO(): PromptIO {
  return { input: process.stdin as unknown as RawInput, output: process.stderr };
}

/**
 * Shows `prompt` and reads one line from a terminal in raw mode, so that this process (not the
 * terminal's line discipline) decides what is echoed: nothing when `masked` (a password — not even
 * stars, which would give away its length), the keys otherwise. Ctrl-C rejects with an
 * InterruptedError (exit 130); the terminal's mode is restored however the line ends.
 */
export function readLine(prompt: string, options: { masked: boolean }, io: PromptIO = terminalIO()): Promise<string> {
  const { input, output } = io;
  return new Promise((resolveLine, reject) => {
    const editor = new LineEditor({ visible: !options.masked, maxChars: PROMPT_MAX_CHARS });
    const decoder = new StringDecoder('utf8');
    const wasRaw = input.isRaw === true;
    const finish = (settle: () => void): void => {
      input.off('data', onData);
      input.off('end', onEnd);
      input.setRawMode(wasRaw);
      input.pause();
      // Raw mode did not move the cursor on Enter: end the prompt's line here.
      output.write('\r\n');
      settle();
    };
    const onData = (chunk: Buffer | string): void => {
      const step = editor.feed(typeof chunk === 'string' ? chunk : decoder.write(chunk));
      if (step.echo) output.write(step.echo);
      if (step.outcome === 'submit') finish(() => resolveLine(editor.line));
      else if (step.outcome === 'interrupt') finish(() => reject(new InterruptedError()));
      else if (step.outcome === 'eof') finish(() => reject(new CliError('no answer at the prompt (end of input)')));
    };
    const onEnd = (): void => finish(() => reject(new CliError('the terminal closed at the prompt')));
    // Raw mode first, the prompt second: a key typed the instant the prompt shows must already bypass
    // the terminal's own echo, or a quick typist (or a paste) would see the password on screen.
    input.setRawMode(true);
    output.write(prompt);
    input.on('data', onData);
    input.on('end', onEnd);
    input.resume();
  });
}
