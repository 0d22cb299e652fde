/**
 * Writes to a stream and, when its buffer is full, returns a promise that settles once it drains (or
 * the stream dies, so a vanished reader cannot hang the CLI). Callers that stream session output
 * wait on it, which is how a slow stdout slows the daemon's sending down instead of filling memory.
 */
export function writeOut(stream: NodeJS.WritableStream, data: Uint8Array | string): Promise<void> | undefined {
  if (stream.write(data)) return undefined;
  return new Promise<void>((resolveDrain) => {
    const done = (): void => {
      stream.off('drain', done);
      stream.off('close', done);
      stream.off('error', done);
      resolveDrain();
    };
    stream.on('drain', done);
    stream.on('close', done);
    stream.on('error', done);
  });
}
