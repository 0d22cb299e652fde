import { mkdir, open, stat, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { OUTPUT_LOG_DEFAULT_CAP_BYTES } from '../constants.js';
import { listSegments, segmentFileName } from './segments.js';

export interface OutputLogWriterOptions {
  /** Stream offset of the first byte this writer appends (the session's current offset). Default 0. */
  startOffset?: number;
  /** The log keeps between cap/2 and cap bytes. Default OUTPUT_LOG_DEFAULT_CAP_BYTES. */
  capBytes?: number;
  /** A failed write: its bytes are lost from the log (the next segment starts after them). */
  onError?: (err: Error) => void;
  /** Called each time the writer has written everything it was given. */
  onDrain?: () => void;
  /**
   * The caller created `sessionDir` just now, so it holds no segment to continue or delete: the first
   * segment is opened without looking (a new session's spawn waits for this).
   */
  fresh?: boolean;
}

/**
 * Appends a session's raw output to `<sessionDir>/<16-hex start offset>.log` segments, at most two
 * of them: when the current segment reaches cap/2 bytes a new one starts, named by the stream offset
 * of its first byte, and the oldest is deleted. The log thus holds between cap/2 and cap bytes.
 *
 * `append` never blocks: buffers queue in memory and one writev() carries everything queued while
 * the previous write was in flight, so a flood costs a few syscalls per event-loop turn, not one per
 * chunk. Segments are split exactly at cap/2, so a reader from another process always sees offsets
 * `name + position` that are the true stream offsets.
 */
export class OutputLogWriter {
  readonly sessionDir: string;
  readonly capBytes: number;
  private readonly half: number;
  private readonly onError: ((err: Error) => void) | undefined;
  private readonly onDrain: (() => void) | undefined;

  /** Stream offset after every byte appended (written or queued). */
  private appendOffset: number;
  /** Stream offset of the next byte to reach the disk (lost bytes included, see onError). */
  private diskOffset: number;

  private fh: FileHandle | null;
  private segStart: number;
  private segSize: number;
  private prevPath: string | null;
  private needRotate = false;

  private queue: Buffer[] = [];
  private queued = 0;
  private writing = false;
  private closed = false;
  private waiters: Array<() => void> = [];

  private constructor(
    sessionDir: string,
    capBytes: number,
    offset: number,
    fh: FileHandle,
    segStart: number,
    segSize: number,
    prevPath: string | null,
    opts: OutputLogWriterOptions,
  ) {
    this.sessionDir = sessionDir;
    this.capBytes = capBytes;
    this.half = Math.max(1, Math.floor(capBytes / 2));
    this.appendOffset = offset;
    this.diskOffset = offset;
    this.fh = fh;
    this.segStart = segStart;
    this.segSize = segSize;
    this.prevPath = prevPath;
    this.onError = opts.onError;
    this.onDrain = opts.onDrain;
  }

  /**
   * Opens the log in `sessionDir` (created if missing). When the newest existing segment ends exactly
   * at `startOffset` the log continues it; otherwise the old segments belong to another stream and
   * are deleted.
   */
  static async open(sessionDir: string, opts: OutputLogWriterOptions = {}): Promise<OutputLogWriter> {
    const startOffset = opts.startOffset ?? 0;
    const capBytes = opts.capBytes ?? OUTPUT_LOG_DEFAULT_CAP_BYTES;
    if (!Number.isSafeInteger(startOffset) || startOffset < 0) throw new RangeError(`invalid start offset ${startOffset}`);
    if (!Number.isSafeInteger(capBytes) || capBytes < 2) throw new RangeError(`invalid log cap ${capBytes}`);
    if (opts.fresh) {
      const fh = await open(join(sessionDir, segmentFileName(startOffset)), 'w', 0o600);
      return new OutputLogWriter(sessionDir, capBytes, startOffset, fh, startOffset, 0, null, opts);
    }
    await mkdir(sessionDir, { recursive: true, mode: 0o700 });

    const segments = await listSegments(sessionDir);
    const last = segments.at(-1);
    let keep: typeof segments = [];
    if (last) {
      const size = (await stat(last.path)).size;
      if (last.start + size === startOffset) keep = segments.slice(-2);
    }
    for (const seg of segments) if (!keep.includes(seg)) await unlinkQuiet(seg.path);

    const current = keep.at(-1);
    if (current) {
      const fh = await open(current.path, 'a', 0o600);
      const prev = keep.length === 2 ? keep[0]!.path : null;
      return new OutputLogWriter(sessionDir, capBytes, startOffset, fh, current.start, startOffset - current.start, prev, opts);
    }
    const fh = await open(join(sessionDir, segmentFileName(startOffset)), 'w', 0o600);
    return new OutputLogWriter(sessionDir, capBytes, startOffset, fh, startOffset, 0, null, opts);
  }

  /** Stream offset after every byte appended so far. */
  get offset(): number {
    return this.appendOffset;
  }

  /** Bytes appended but not yet written. */
  get pendingBytes(): number {
    return this.queued;
  }

  /** Queues `data` (kept by reference: do not reuse the buffer) and starts writing. */
  append(data: Uint8Array): void {
    this.hold(data);
    this.kick();
  }

  /**
   * Queues `data` without starting a write: it goes with the next append, kick(), flush() or close().
   * Lets a caller that appends often (a busy session) write once per batch instead of once per chunk.
   */
  hold(data: Uint8Array): void {
    if (this.closed) throw new Error('output log writer is closed');
    if (data.length === 0) return;
    const buf = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    this.queue.push(buf);
    this.queued += buf.length;
    this.appendOffset += buf.length;
  }

  /** Starts writing what is queued, unless a write is in flight (it takes the queue along when done). */
  kick(): void {
    if (!this.writing && this.queue.length > 0) void this.pump();
  }

  /** Resolves once everything appended so far is written. */
  flush(): Promise<void> {
    this.kick();
    if (!this.writing && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Flushes and closes the segment file. Further appends throw. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.flush();
    const fh = this.fh;
    this.fh = null;
    if (fh) await fh.close().catch(() => undefined);
  }

  private async pump(): Promise<void> {
    this.writing = true;
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      let bytes = 0;
      for (const b of batch) bytes += b.length;
      try {
        await this.writeBatch(batch);
      } catch (err) {
        // The bytes not written are lost from the log; start a fresh segment at the right offset so
        // that every file's name stays its true stream offset.
        this.diskOffset = this.appendOffset - this.queued + bytes;
        this.needRotate = true;
        this.onError?.(err as Error);
      }
      this.queued -= bytes;
    }
    this.writing = false;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
    this.onDrain?.();
  }

  private async writeBatch(batch: Buffer[]): Promise<void> {
    let i = 0;
    let first = batch[0]!;
    while (i < batch.length) {
      if (this.needRotate || this.segSize >= this.half || !this.fh) await this.rotate();
      // Gather up to the space left in this segment.
      const room = this.half - this.segSize;
      const parts: Buffer[] = [];
      let take = 0;
      while (i < batch.length && take < room) {
        const want = room - take;
        if (first.length <= want) {
          parts.push(first);
          take += first.length;
          i++;
          first = batch[i]!;
        } else {
          parts.push(first.subarray(0, want));
          take += want;
          first = first.subarray(want);
        }
      }
      await writeAll(this.fh!, parts, take);
      this.segSize += take;
      this.diskOffset += take;
    }
  }

  private async rotate(): Promise<void> {
    const start = this.diskOffset;
    const path = join(this.sessionDir, segmentFileName(start));
    const fh = await open(path, 'w', 0o600);
    const old = this.fh;
    const oldPath = this.fh ? join(this.sessionDir, segmentFileName(this.segStart)) : null;
    this.fh = fh;
    this.segStart = start;
    this.segSize = 0;
    this.needRotate = false;
    if (old) await old.close().catch(() => undefined);
    // Keep the segment just finished; delete the one before it.
    if (this.prevPath && this.prevPath !== path) await unlinkQuiet(this.prevPath);
    this.prevPath = oldPath !== path ? oldPath : null;
  }
}

async function writeAll(fh: FileHandle, parts: Buffer[], total: number): Promise<void> {
  let { bytesWritten } = await fh.writev(parts);
  while (bytesWritten < total) {
    // A short write (rare on regular files): write the rest.
    const rest = Buffer.concat(parts).subarray(bytesWritten);
    const r = await fh.write(rest);
    if (r.bytesWritten === 0) throw new Error('output log write made no progress');
    bytesWritten += r.bytesWritten;
  }
}

async function unlinkQuiet(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}
