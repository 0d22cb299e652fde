import { CliError } from './errors.js';

/**
 * All of stdin as UTF-8 text. One trailing newline is dropped, like `$(…)` in a shell, because `send`
 * adds its own Enter. More than `maxBytes` is refused as soon as it is seen, so that a huge pipe
 * cannot exhaust memory.
 */
export async function readStdinText(maxBytes: number, stdin: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const tooLong = (): CliError => new CliError(`input is at most ${describeSize(maxBytes)}; stdin had more`, { code: 'payload_too_large' });
  // Two bytes of slack for the "\r\n" that is dropped below.
  const readLimit = maxBytes + 2;
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stdin as AsyncIterable<Buffer | string>) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    total += buffer.length;
    if (total > readLimit) {
      (stdin as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      throw tooLong();
    }
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  if (Buffer.byteLength(text, 'utf8') > maxBytes) throw tooLong();
  return text;
}

function describeSize(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return Number.isInteger(mib) ? `${bytes} bytes (${mib} MiB)` : `${bytes} bytes`;
}
