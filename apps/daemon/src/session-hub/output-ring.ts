/** One piece of output as the pty host forwarded it: its WebSocket-ready frame and the payload inside it. */
interface RingEntry {
  offset: number;
  payload: Uint8Array;
  /** The protocol frame whose payload is `payload` (header + payload), when the producer had one. */
  frame: Uint8Array | undefined;
}

/**
 * The most recent output of one session as a list of chunks, capped in bytes. Chunks are kept as
 * received (no copying into a ring array), and trimmed from the front when over the cap. Keeping the
 * host's frames lets a client that paused catch up by forwarding the very same frames (no copy).
 */
export class OutputRing {
  private entries: RingEntry[] = [];
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

  append(offset: number, data: Uint8Array, frame?: Uint8Array): void {
    if (offset !== this.endOffset) this.reset(offset);
    this.entries.push({ offset, payload: data, frame });
    this.bytes += data.length;
    this.endOffset += data.length;
    while (this.bytes > this.capacity && this.entries.length > 1) {
      const dropped = this.entries.shift()!;
      this.bytes -= dropped.payload.length;
      this.startOffset += dropped.payload.length;
    }
  }

  /** Forget everything and continue at `offset`. */
  reset(offset: number): void {
    this.entries = [];
    this.bytes = 0;
    this.startOffset = offset;
    this.endOffset = offset;
  }

  /** The bytes [from, end) if all of them are held, else undefined. */
  sliceFrom(from: number): Uint8Array | undefined {
    if (from < this.startOffset || from > this.endOffset) return undefined;
    const out = new Uint8Array(this.endOffset - from);
    let written = 0;
    for (const { offset, payload } of this.entries) {
      if (offset + payload.length <= from) continue;
      const skip = Math.max(0, from - offset);
      out.set(skip === 0 ? payload : payload.subarray(skip), written);
      written += payload.length - skip;
    }
    return out;
  }

  /**
   * Visits the held pieces that reach past `from`, oldest first, as (frame, offset, payload) of the whole
   * piece (the first may start before `from`); stops when `visit` returns false. Returns false, visiting
   * nothing, when the bytes from `from` on are no longer all held.
   */
  visitFrom(from: number, visit: (frame: Uint8Array | undefined, offset: number, payload: Uint8Array) => boolean): boolean {
    if (from < this.startOffset || from > this.endOffset) return false;
    for (const { offset, payload, frame } of this.entries) {
      if (offset + payload.length <= from) continue;
      if (!visit(frame, offset, payload)) break;
    }
    return true;
  }
}
