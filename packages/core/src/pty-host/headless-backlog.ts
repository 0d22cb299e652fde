/**
 * A session's output not yet parsed by its headless terminal: chunks of the stream, in order and
 * contiguous, kept by reference (the same buffers that went to the log and the daemon).
 */
export interface Chunk {
  /** Stream offset of the chunk's first byte. */
  start: number;
  data: Buffer;
}

/** The backlog's last `bytes` bytes, as views of its chunks (no copy). */
export function backlogTail(backlog: readonly Chunk[], bytes: number): Chunk[] {
  const tail: Chunk[] = [];
  let need = bytes;
  for (let i = backlog.length - 1; i >= 0 && need > 0; i--) {
    const c = backlog[i]!;
    const skip = Math.max(0, c.data.length - need);
    tail.push(skip === 0 ? c : { start: c.start + skip, data: c.data.subarray(skip) });
    need -= c.data.length - skip;
  }
  return tail.reverse();
}

/** Bytes [from, to) out of a backlog that ends at `to`, or null when it does not hold all of them. */
export function sliceBacklog(backlog: readonly Chunk[], from: number, to: number): Buffer | null {
  if (from === to) return Buffer.alloc(0);
  if (from > to) return null;
  const parts: Buffer[] = [];
  let pos = from;
  for (const c of backlog) {
    const cEnd = c.start + c.data.length;
    if (cEnd <= pos) continue;
    if (c.start > pos) return null;
    parts.push(c.data.subarray(pos - c.start));
    pos = cEnd;
  }
  return pos === to ? Buffer.concat(parts) : null;
}

/**
 * The backlog's bytes from `from` to its end, copied into fresh buffers of at most `maxPiece` bytes,
 * each with the stream offset of its end. Fresh buffers can be transferred to the worker: structured
 * clone of a view would copy its whole backing ArrayBuffer (often a pooled slab), and the backlog
 * keeps the originals for snapshots.
 */
export function copyPieces(backlog: readonly Chunk[], from: number, maxPiece: number): Array<{ end: number; data: Uint8Array }> {
  const parts: Buffer[] = [];
  for (let i = backlog.length - 1; i >= 0; i--) {
    const c = backlog[i]!;
    if (c.start + c.data.length <= from) break;
    parts.push(c.start >= from ? c.data : c.data.subarray(from - c.start));
  }
  parts.reverse();
  const pieces: Array<{ end: number; data: Uint8Array }> = [];
  let pos = from;
  let piece: Buffer[] = [];
  let pieceBytes = 0;
  const close = (): void => {
    const copy = new Uint8Array(pieceBytes);
    let at = 0;
    for (const b of piece) {
      copy.set(b, at);
      at += b.length;
    }
    pos += pieceBytes;
    pieces.push({ end: pos, data: copy });
    piece = [];
    pieceBytes = 0;
  };
  for (let b of parts) {
    while (b.length > 0) {
      const take = Math.min(b.length, maxPiece - pieceBytes);
      piece.push(b.subarray(0, take));
      pieceBytes += take;
      b = b.subarray(take);
      if (pieceBytes === maxPiece) close();
    }
  }
  if (pieceBytes > 0) close();
  return pieces;
}
