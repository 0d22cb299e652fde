import { open, stat } from 'node:fs/promises';
import { OUTPUT_LOG_READ_CHUNK_BYTES } from '../constants.js';
import { listSegments, type Segment } from './segments.js';

export interface OutputLogChunk {
  /** Stream offset of `data[0]`. */
  offset: number;
  data: Buffer;
}

/**
 * Streams a session's output log, oldest byte first, skipping bytes before `from`. Safe to use from
 * another process while the host appends: it reads each segment to its end, and moves to the next
 * one only when it exists (by then the writer has finished the previous one, which is re-read to its
 * final size first). A segment deleted by rotation before it was opened is skipped, so the offsets
 * of the chunks show the gap. The stream ends at the log's end as of the last segment's read.
 */
export async function* readOutputLog(
  sessionDir: string,
  opts: { from?: number } = {},
): AsyncIterable<OutputLogChunk> {
  let pos = Math.max(0, opts.from ?? 0);
  let current: Segment | undefined;
  let segments = await listSegments(sessionDir);
  // Start with the segment holding `pos` (or the first one after it).
  current = findSegment(segments, pos);
  while (current) {
    const seg = current;
    let fh;
    try {
      fh = await open(seg.path, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      segments = await listSegments(sessionDir);
      current = segments.find((s) => s.start > seg.start);
      continue;
    }
    try {
      if (pos < seg.start) pos = seg.start;
      yield* readToEof(fh, seg, pos, (p) => (pos = p));
      segments = await listSegments(sessionDir);
      const next = segments.find((s) => s.start > seg.start);
      if (!next) return;
      // The writer finished this segment before creating the next one: read its last bytes.
      yield* readToEof(fh, seg, pos, (p) => (pos = p));
      current = next;
    } finally {
      await fh.close();
    }
  }
}

async function* readToEof(
  fh: Awaited<ReturnType<typeof open>>,
  seg: Segment,
  from: number,
  advance: (pos: number) => void,
): AsyncIterable<OutputLogChunk> {
  let pos = from;
  while (true) {
    const buf = Buffer.allocUnsafe(OUTPUT_LOG_READ_CHUNK_BYTES);
    const { bytesRead } = await fh.read(buf, 0, buf.length, pos - seg.start);
    if (bytesRead === 0) return;
    const chunk = { offset: pos, data: bytesRead === buf.length ? buf : Buffer.from(buf.subarray(0, bytesRead)) };
    pos += bytesRead;
    advance(pos);
    yield chunk;
  }
}

function findSegment(segments: Segment[], pos: number): Segment | undefined {
  let found: Segment | undefined;
  for (const s of segments) {
    if (s.start <= pos) found = s;
    else return found ?? s;
  }
  return found;
}

/**
 * The stream offsets the log holds: `start` is the first segment's offset, `end` the last segment's
 * offset plus its size. `{0, 0}` when there is no log.
 */
export async function outputLogRange(sessionDir: string): Promise<{ start: number; end: number }> {
  for (let attempt = 0; ; attempt++) {
    const segments = await listSegments(sessionDir);
    const first = segments[0];
    const last = segments.at(-1);
    if (!first || !last) return { start: 0, end: 0 };
    try {
      const size = (await stat(last.path)).size;
      return { start: first.start, end: last.start + size };
    } catch (err) {
      // Rotated away between listing and stat: list again.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 5) throw err;
    }
  }
}
