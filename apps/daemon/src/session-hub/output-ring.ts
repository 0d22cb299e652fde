/**
 * The most recent output of one session as a list of chunks, capped in bytes. Chunks are kept as
 * received (no copying into a ring array), and trimmed from the front when over the cap.
 */
export class OutputRing {
  private chunks: Uint8Array[] = [];
  private bytes = 0;
  /** Stream offset of the first byte held. */
  private startOffset: number;
  /** Stream offset just past the last byte held. */
  private endOffset: number;

  constructor(
    private readonly capacity: number,
    offset = 0,
  ) {
    this.startOffset = offset;
    this.endOffset = offset;
  }

  get start(): number {
    return this.startOffset;
  }

  get end(): number {
    return this.endOffset;
  }

  append(offset: number, data: Uint8Array): void {
    if (offset !== this.endOffset) this.reset(offset);
    this.chunks.push(data);
    this.bytes += data.length;
    this.endOffset += data.length;
    while (this.bytes > this.capacity && this.chunks.length > 1) {
      const dropped = this.chunks.shift()!;
      this.bytes -= dropped.length;
      this.startOffset += dropped.length;
    }
  }

  /** Forget everything and continue at `offset`. */
  reset(offset: number): void {
    this.chunks = [];
    this.bytes = 0;
    this.startOffset = offset;
    this.endOffset = offset;
  }

  /** The bytes [from, end) if all of them are held, else undefined. */
  sliceFrom(from: number): Uint8Array | undefined {
    if (from < this.startOffset || from > this.endOffset) return undefined;
    const length = this.endOffset - from;
    const out = new Uint8Array(length);
    let position = this.startOffset;
    let written = 0;
    for (const chunk of this.chunks) {
      const chunkEnd = position + chunk.length;
      if (chunkEnd > from) {
        const skip = Math.max(0, from - position);
        out.set(chunk.subarray(skip), written);
        written += chunk.length - skip;
      }
      position = chunkEnd;
    }
    return out;
  }
}
