import type { Readable } from 'node:stream';
import { CliError } from '../errors.js';

/**
 * The first line of a stream (without its "\n" or "\r\n"), or all of it when it has no newline. What
 * follows the line is pushed back and the stream paused, so that a later reader still gets it. More
 * than `maxBytes` before a newline is refused as soon as it is seen.
 */
export function readFirstLine(stream: Readable, maxBytes: number, what: string): Promise<string> {
  return new Promise((resolveLine, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const done = (settle: () => void): void => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
      stream.pause();
      settle();
    };
    const text = (bytes: Buffer): string => bytes.toString('utf8').replace(/\r$/, '');
    const onData = (chunk: Buffer | string): void => {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      const newline = buffer.indexOf(0x0a);
      const line = newline === -1 ? buffer : buffer.subarray(0, newline);
      total += line.length;
      if (total > maxBytes) {
        done(() => reject(new CliError(`${what} on stdin is longer than ${maxBytes} bytes`)));
        return;
      }
      chunks.push(line);
      if (newline === -1) return;
      const rest = buffer.subarray(newline + 1);
      done(() => {
        if (rest.length > 0) stream.unshift(rest);
        resolveLine(text(Buffer.concat(chunks)));
      });
    };
    const onEnd = (): void => done(() => resolveLine(text(Buffer.concat(chunks))));
    const onError = (error: Error): void => done(() => reject(new CliError(`cannot read ${what} from stdin: ${error.message}`, { cause: error })));
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
    stream.resume();
  });
}
